"""The organisation view: every unit in scope, units without an APV included, and what each
APV lacks, the same in the admin, the API and the exports."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.governance.services import annual_review_create
from apps.reports.organisation import organisation_rows
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def apvs(org):
    """The team: an APV stalled in involvement for 40 days; the sibling: a closed APV from 2022
    without an approved plan or a sickness-absence note; the department, areas and root: none.
    The area held its annual review this year, which covers every unit below it."""
    annual_review_create(unit=org.area, by=None, held_on=datetime.date(2026, 3, 2), assessments=[])
    stalled = AssessmentFactory(
        unit=org.team,
        phase="involvement",
        started_on=datetime.date(2026, 9, 1),
        phase_entered_at=timezone.make_aware(datetime.datetime(2026, 10, 25, 9)),
        next_revision_due=datetime.date(2029, 9, 1),
    )
    old = AssessmentFactory(
        unit=org.sibling,
        phase="closed",
        started_on=datetime.date(2022, 3, 1),
        closed_on=datetime.date(2022, 11, 30),
        next_revision_due=datetime.date(2025, 3, 1),
    )
    return {"stalled": stalled, "old": old}


def gaps(rows):
    return {row.unit.name: row.gaps for row in rows}


def test_the_root_coordinator_sees_every_unit_and_what_each_lacks(org, apvs):
    rows = organisation_rows(org.user("coordinator", "root"), as_of=TODAY)
    assert gaps(rows) == {
        "Kommunen": ["no_apv", "annual_review_missing"],
        "Børn og Unge": ["no_apv"],
        "Dagtilbud Nord": ["no_apv"],
        "Børnehuset Solsikken": ["stalled"],
        "Børnehuset Mælkebøtten": ["revision_overdue", "plan_not_approved", "note_missing"],
        "Ældre og Sundhed": ["no_apv", "annual_review_missing"],
    }
    team = next(row for row in rows if row.unit == org.team)
    assert (team.days_in_phase, team.days_under_way) == (40, 94)


def test_a_team_sees_its_own_unit(org, apvs):
    rows = organisation_rows(org.user("amr", "team"), as_of=TODAY)
    assert [row.unit for row in rows] == [org.team]


def test_the_api_filters_by_gap_and_sorts(org, apvs):
    client = APIClient()
    client.force_authenticate(org.user("coordinator", "root"))
    response = client.get("/api/v1/organisation/", {"gap": "no_apv", "ordering": "-unit"})
    assert response.status_code == 200, response.content
    names = [row["unit_name"] for row in response.json()["results"]]
    assert names == ["Ældre og Sundhed", "Dagtilbud Nord", "Børn og Unge", "Kommunen"]
    sibling = client.get("/api/v1/organisation/", {"unit": org.sibling.pk}).json()["results"]
    assert sibling[0]["assessment"] == apvs["old"].pk
    assert sibling[0]["sickness_absence_note"] is False
    assert client.get("/api/v1/organisation/", {"gap": "nonsense"}).status_code == 400


def test_the_admin_page_and_the_exports(org, apvs):
    client = client_for(org.user("coordinator", "root"))
    page = client.get("/admin/organisation/", {"gap": "no_apv"}).content.decode()
    assert "Ingen APV (4)" in page and "Står stille (1)" in page
    assert "Ældre og Sundhed" in page and "Børnehuset Solsikken" not in page
    csv = client.get("/reports/organisation.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Enhed;APV;Fase;")
    assert "Børnehuset Mælkebøtten" in csv and "Revision overskredet" in csv
    xlsx = client.get("/reports/organisation.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    employee = client_for(org.user("employee", "team")).get("/admin/organisation/")
    assert "Børnehuset Mælkebøtten" not in employee.content.decode()


def test_a_unit_with_nobody_of_its_own_needs_no_apv_of_its_own(org, apvs):
    org.dept.headcount = 0
    org.dept.save()
    rows = organisation_rows(org.user("coordinator", "root"), as_of=TODAY)
    dept = next(row for row in rows if row.unit == org.dept)
    assert (dept.assessment, dept.gaps) == (None, [])
    assert [row.unit.name for row in rows][:3] == ["Kommunen", "Børn og Unge", "Dagtilbud Nord"]
