"""The API of annual reviews, changes and agreements: scoped like everything else (a sibling
team's AMR finds nothing of the team), the answer and the confirmation through the services."""

import datetime

import pytest
from rest_framework.test import APIClient

from apps.governance import services
from tests.factories import AssessmentFactory


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def team(org):
    """The team's annual review, an unanswered change and its agreement."""
    review = services.annual_review_create(
        unit=org.team, by=None, held_on=datetime.date(2026, 9, 1), participants="TRIO og MED"
    )
    change = services.change_create(
        unit=org.team, by=None, kind="reorganisation", changed_on=datetime.date(2026, 11, 1)
    )
    agreement = services.agreement_create(
        unit=org.team, by=None, direction_purpose="Sammen om trivslen"
    )
    return {"review": review, "change": change, "agreement": agreement}


@pytest.mark.parametrize("resource", ["annual-reviews", "changes", "agreements"])
def test_a_sibling_teams_amr_finds_nothing_of_the_team(org, team, resource):
    obj = team[
        {"annual-reviews": "review", "changes": "change", "agreements": "agreement"}[resource]
    ]
    sibling = api(org.user("amr", "sibling"))
    assert sibling.get(f"/api/v1/{resource}/{obj.pk}/").status_code == 404
    assert sibling.get(f"/api/v1/{resource}/").json()["count"] == 0
    assert api(org.user("employee", "team")).get(f"/api/v1/{resource}/").json()["count"] == 1


def test_an_amr_answers_a_change_with_yes_and_an_apv_is_started(org, team):
    change = team["change"]
    response = api(org.user("amr", "team")).post(
        f"/api/v1/changes/{change.pk}/answer/", {"revise": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "revise" and response.json()["assessment"]
    again = api(org.user("leader", "team")).post(
        f"/api/v1/changes/{change.pk}/answer/", {"revise": False, "reason": "Nej"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["unmet"][0]["code"] == "change_answered"


def test_no_without_a_reason_is_a_400(org, team):
    response = api(org.user("tr", "team")).post(
        f"/api/v1/changes/{team['change'].pk}/answer/", {"revise": False}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()


def test_an_amr_may_not_reopen_through_a_change(org, team):
    AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2024, 2, 1))
    response = api(org.user("amr", "team")).post(
        f"/api/v1/changes/{team['change'].pk}/answer/",
        {"revise": True, "reopen": True, "reason": "Omorganisering"},
        format="json",
    )
    assert response.status_code == 403


def test_members_confirm_for_themselves_and_an_edit_clears_it(org, team):
    url = f"/api/v1/agreements/{team['agreement'].pk}/"
    response = api(org.user("amr", "team")).post(url + "confirm/")
    assert response.status_code == 200, response.content
    members = {m["role"]: m["confirmed_at"] for m in response.json()["members"]}
    assert set(members) == {"leader", "amr", "tr"} and members["amr"] is not None
    assert response.json()["confirmed"] is False
    assert api(org.user("coordinator", "team")).post(url + "confirm/").status_code == 403
    assert api(org.user("med", "team")).post(url + "confirm/").status_code == 403
    edited = api(org.user("leader", "team")).patch(
        url, {"frame_evaluation": "Hvert kvartal"}, format="json"
    )
    assert edited.status_code == 200
    assert all(m["confirmed_at"] is None for m in edited.json()["members"])


def test_a_review_is_created_with_the_current_apvs(org):
    apv = AssessmentFactory(unit=org.team)
    response = api(org.user("leader", "team")).post(
        "/api/v1/annual-reviews/",
        {"unit": org.team.pk, "held_on": "2026-11-30", "goals": "Færre afbrydelser"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["assessments"] == [apv.pk]
    assert response.json()["next_due"] == "2027-11-30"
