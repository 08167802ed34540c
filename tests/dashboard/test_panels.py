"""dashboard/units/, heatmap/, overdue/ and revisions/ against numbers counted by hand on the
fixture of conftest.py, for a caller at the root and callers in one team."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    FindingFactory,
    UnitFactory,
    factor,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def get(user, panel, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/dashboard/{panel}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def by_unit(rows):
    return {row["unit"]: row for row in rows}


def test_units_table_for_the_root_coordinator(org, numbers):
    rows = by_unit(get(org.user("coordinator", "root"), "units"))
    assert set(rows) == {org.team.pk, org.sibling.pk, org.other_area.pk}
    assert rows[org.team.pk]["phase"] == "prioritisation"
    assert rows[org.team.pk]["overdue_actions"] == 2  # one of a confidential finding
    assert rows[org.sibling.pk]["phase"] == "follow_up"
    assert rows[org.sibling.pk]["overdue_actions"] == 0
    assert rows[org.other_area.pk]["phase"] == "closed"
    assert rows[org.other_area.pk]["next_revision_due"] == str(TODAY + 30 * DAY)
    assert rows[org.other_area.pk]["revision_overdue"] is False
    assert rows[org.team.pk]["unit_name"] == "Børnehuset Solsikken"


def test_units_table_shows_the_latest_apv_and_respects_scope(org, numbers):
    AssessmentFactory(
        unit=org.team, phase="closed", started_on=TODAY - 4 * 365 * DAY, next_revision_due=TODAY
    )
    rows = get(org.user("med", "team"), "units")
    assert [(r["unit"], r["phase"], r["overdue_actions"]) for r in rows] == [
        (org.team.pk, "prioritisation", 2)
    ]
    assert get(org.user("leader", "dept"), "units", unit=org.sibling.pk)[0]["unit"] == (
        org.sibling.pk
    )


def test_heatmap_for_the_root_coordinator(org, numbers):
    FindingFactory(assessment=org.team.assessments.get(), status="dismissed")  # not open
    FindingFactory(assessment=org.team.assessments.get(), kind="resource")  # not a risk
    data = get(org.user("coordinator", "root"), "heatmap")
    rows = by_unit(data["rows"])
    assert set(rows) == {org.team.pk, org.sibling.pk}
    team = rows[org.team.pk]
    assert team["by_domain"]["krav"] == 1
    assert team["by_domain"]["ledelse"] == 1
    # The harassment finding counts only in the confidential column, never under its domain
    # or legal risk area.
    assert team["by_domain"]["negative_handlinger"] == 0
    assert team["by_domain"]["confidential"] == 1
    assert team["by_legal_risk"] == {
        "workload": 1,
        "unclear_demands": 0,
        "emotional_demands": 0,
        "offensive_behaviour": 0,
        "violence": 0,
        "confidential": 1,
    }
    assert team["total"] == 3
    assert rows[org.sibling.pk]["by_domain"]["fysisk_og_andet"] == 1
    assert data["totals"]["total"] == 4
    assert data["totals"]["by_domain"]["confidential"] == 1
    assert data["totals"]["by_legal_risk"]["workload"] == 1
    assert [d["code"] for d in data["domains"]][0] == "krav"
    assert data["domains"][0]["label"] == "Krav"


def test_heatmap_for_a_team_employee_counts_the_team_only(org, numbers):
    data = get(org.user("employee", "team"), "heatmap")
    assert [r["unit"] for r in data["rows"]] == [org.team.pk]
    assert data["totals"]["total"] == 3
    assert data["totals"]["by_domain"]["confidential"] == 1


def test_overdue_lists_only_what_the_caller_may_see(org, numbers):
    med = get(org.user("med", "team"), "overdue")
    assert med["count"] == 1  # the action of the confidential finding is not listed
    row = med["results"][0]
    assert row["unit"] == org.team.pk
    assert row["unit_name"] == "Børnehuset Solsikken"
    assert row["due_on"] == str(TODAY - 3 * DAY)
    assert row["owner_name"]
    # The team's AMR handles the confidential finding by default, so sees its action too.
    assert get(org.user("amr", "team"), "overdue")["count"] == 2
    root = get(org.user("coordinator", "root"), "overdue")
    assert [r["due_on"] for r in root["results"]] == [str(TODAY - 3 * DAY), str(TODAY - DAY)]
    assert get(org.user("coordinator", "root"), "overdue", unit=org.sibling.pk)["count"] == 0


def test_revisions_due_within_90_days_or_past(org, numbers):
    # Sibling's older APV is past its revision, but the follow_up one is the latest: not listed.
    AssessmentFactory(
        unit=org.sibling,
        phase="closed",
        started_on=TODAY - 4 * 365 * DAY,
        next_revision_due=TODAY - 100 * DAY,
    )
    late = AssessmentFactory(unit=org.dept, phase="closed", next_revision_due=TODAY - 5 * DAY)
    AssessmentFactory(unit=org.area, phase="closed", next_revision_due=TODAY + 91 * DAY)
    data = get(org.user("coordinator", "root"), "revisions")
    assert [(r["assessment"], r["unit"]) for r in data["results"]][0] == (late.pk, org.dept.pk)
    assert [r["unit"] for r in data["results"]] == [org.dept.pk, org.other_area.pk]
    assert data["results"][1]["next_revision_due"] == str(TODAY + 30 * DAY)
    assert get(org.user("employee", "team"), "revisions")["count"] == 0
    assert get(org.user("med", "dept"), "revisions")["count"] == 1


@pytest.mark.parametrize("panel", ["units", "heatmap", "overdue", "revisions"])
def test_a_unit_out_of_scope_is_refused(org, numbers, panel):
    client = APIClient()
    client.force_authenticate(org.user("amr", "team"))
    response = client.get(f"/api/v1/dashboard/{panel}/", {"unit": org.sibling.pk})
    assert response.status_code == 400
    assert "unit" in response.json()


@pytest.mark.parametrize("panel", ["units", "heatmap", "overdue", "revisions"])
def test_each_panel_costs_the_same_however_much_data(org, numbers, panel):
    client = APIClient()
    client.force_authenticate(org.user("coordinator", "root"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/v1/dashboard/{panel}/").status_code == 200
    for i in range(4):
        unit = UnitFactory(name=f"Team {i}", kind="team", parent=org.dept)
        apv = AssessmentFactory(unit=unit, next_revision_due=TODAY + DAY)
        for code in ("arbejdsmaengde", "mobning", "stoej"):
            finding = FindingFactory(assessment=apv, factor=factor(code), confidential=i == 0)
            ActionFactory(finding=finding, due_on=TODAY - DAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/api/v1/dashboard/{panel}/").status_code == 200
    assert len(many) == len(few)
