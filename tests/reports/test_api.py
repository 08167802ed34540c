"""GET /api/v1/assessments/{id}/compliance/: the legal elements, for whoever reads the APV."""

from rest_framework.test import APIClient

from tests.reports.conftest import CONFIDENTIAL_TITLE


def call(user, apv):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(f"/api/v1/assessments/{apv.pk}/compliance/")


def test_an_employee_reads_the_elements(complete):
    response = call(complete["org"].user("employee", "team"), complete["apv"])
    assert response.status_code == 200
    body = response.json()
    assert body["assessment"] == complete["apv"].pk
    assert body["next_revision_due"] == "2029-03-01"
    assert body["revision_overdue"] is False
    assert [e["code"] for e in body["elements"]][:3] == [
        "risk_assessment",
        "sickness_absence",
        "action_plan",
    ]
    assert all(e["met"] for e in body["elements"])
    assert CONFIDENTIAL_TITLE not in response.content.decode()


def test_out_of_scope_is_404_and_anonymous_401(complete):
    assert call(complete["org"].user("amr", "sibling"), complete["apv"]).status_code == 404
    assert call(None, complete["apv"]).status_code == 401
