"""dashboard/summary/ against numbers counted by hand on a small fixture."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.concerns.services import concern_decide, concern_send
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def summary(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/dashboard/summary/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_root_coordinator_sees_the_whole_organisation(org, numbers):
    data = summary(org.user("coordinator", "root"))
    assert data["assessments_by_phase"] == {
        "identification": 0,
        "involvement": 0,
        "prioritisation": 1,
        "communication": 0,
        "follow_up": 1,
        "closed": 1,
    }
    assert data["findings_by_status"] == {
        "open": 1,
        "confirmed": 3,
        "dismissed": 0,
        "resolved": 0,
    }
    assert data["findings_by_domain"]["krav"] == 1
    assert data["findings_by_domain"]["ledelse"] == 1
    assert data["findings_by_domain"]["fysisk_og_andet"] == 1
    # The harassment finding counts, but only in its own bucket, never under its domain.
    assert data["findings_by_domain"]["negative_handlinger"] == 0
    assert data["findings_by_domain"]["confidential"] == 1
    assert data["actions_by_status"] == {
        "planned": 3,
        "in_progress": 0,
        "done": 2,
        "cancelled": 1,
    }
    assert data["overdue_actions"] == 2
    assert data["on_time_rate"] == 0.5  # one of two done actions was on time
    assert data["revisions_due_90_days"] == 1


def test_team_employee_counts_the_team_only_confidential_included(org, numbers):
    data = summary(org.user("employee", "team"))
    assert sum(data["assessments_by_phase"].values()) == 1
    assert sum(data["findings_by_status"].values()) == 3
    assert data["findings_by_domain"]["confidential"] == 1
    assert data["overdue_actions"] == 2
    assert data["on_time_rate"] == 1.0
    assert data["revisions_due_90_days"] == 0


def test_unit_parameter_narrows_and_refuses_units_out_of_scope(org, numbers):
    dept_leader = org.user("leader", "dept")
    assert sum(summary(dept_leader)["findings_by_status"].values()) == 4
    only_sibling = summary(dept_leader, unit=org.sibling.pk)
    assert sum(only_sibling["findings_by_status"].values()) == 1
    assert only_sibling["on_time_rate"] == 0.0
    client = APIClient()
    client.force_authenticate(org.user("amr", "team"))
    response = client.get("/api/v1/dashboard/summary/", {"unit": org.sibling.pk})
    assert response.status_code == 400
    assert "unit" in response.json()


def test_summary_costs_the_same_however_much_data(org, numbers):
    user = org.user("coordinator", "root")
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/dashboard/summary/")
    team = AssessmentFactory(unit=org.dept, phase="involvement")
    for _ in range(15):
        ActionFactory(finding=FindingFactory(assessment=team), due_on=TODAY - DAY)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/dashboard/summary/")
    assert len(many) == len(few)


def test_open_concerns_are_counted_for_everyone_in_scope(org, numbers):
    sent = [
        (org.team, True, TODAY - 20 * DAY),
        (org.team, False, TODAY),
        (org.sibling, True, TODAY),
    ]
    for unit, anonymous, on in sent:
        sender = org.user("employee", "team" if unit == org.team else "sibling")
        concern_send(by=sender, unit=unit, text="Travlt", anonymous=anonymous, today=on)
    decided, _code = concern_send(
        by=org.user("employee", "team"), unit=org.team, text="Løst", anonymous=True
    )
    concern_decide(concern=decided, by=org.user("amr", "team"), decision="close", answer="Løst")
    med_root = summary(org.user("med", "root"))
    assert (med_root["open_concerns"], med_root["concerns_waiting_long"]) == (3, 1)
    team = summary(org.user("employee", "team"))
    assert (team["open_concerns"], team["concerns_waiting_long"]) == (2, 1)
    sibling = summary(org.user("leader", "dept"), unit=org.sibling.pk)
    assert (sibling["open_concerns"], sibling["concerns_waiting_long"]) == (1, 0)
