"""dashboard/comparison/: an APV round beside the unit's previous one."""

import datetime

from django.test import Client
from rest_framework.test import APIClient

from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

DAY = datetime.timedelta(days=1)


def get(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/dashboard/comparison/", params)


def test_current_round_beside_the_previous_one(org):
    old = AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2023, 9, 1))
    FindingFactory(assessment=old, status="confirmed", severity=4, extent=3)
    FindingFactory(assessment=old, status="confirmed", severity=3, extent=3, confidential=True)
    done = FindingFactory(assessment=old, status="resolved", kind="resource")
    ActionFactory(
        finding=done,
        status="done",
        due_on=datetime.date(2024, 1, 1),
        completed_on=datetime.date(2024, 2, 1),
    )
    new = AssessmentFactory(unit=org.team, started_on=datetime.date(2026, 9, 1))
    FindingFactory(assessment=new, status="confirmed", severity=2, extent=2)
    AssessmentFactory(unit=org.sibling, started_on=datetime.date(2025, 1, 1))  # other unit

    response = get(org.user("employee", "team"), assessment=new.pk)
    assert response.status_code == 200
    data = response.json()
    assert data["current"]["id"] == new.pk
    assert (data["current"]["findings"], data["current"]["high_risks"]) == (1, 0)
    assert data["previous"]["id"] == old.pk
    # The confidential finding counts, though the employee cannot see it.
    assert data["previous"]["findings"] == 3
    assert data["previous"]["high_risks"] == 2
    assert data["previous"]["resources"] == 1
    assert (data["previous"]["done"], data["previous"]["on_time_rate"]) == (1, 0.0)
    assert data["previous"]["title"] == old.title


def test_first_round_has_no_previous_and_other_scopes_are_refused(org):
    first = AssessmentFactory(unit=org.team)
    assert get(org.user("amr", "team"), assessment=first.pk).json()["previous"] is None
    refused = get(org.user("amr", "sibling"), assessment=first.pk)
    assert refused.status_code == 400
    assert "assessment" in refused.json()


def test_the_apv_report_shows_the_comparison(org):
    old = AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2023, 9, 1))
    FindingFactory(assessment=old)
    FindingFactory(assessment=old)
    new = AssessmentFactory(unit=org.team, started_on=datetime.date(2026, 9, 1))
    client = Client()
    client.force_login(org.user("med", "team"))
    page = client.get(f"/reports/assessments/{new.pk}/").content.decode()
    assert "Sammenlignet med sidste APV" in page
    assert "01.09.2023" in page
    first = client.get(f"/reports/assessments/{old.pk}/").content.decode()
    assert "ingen tidligere APV" in first
