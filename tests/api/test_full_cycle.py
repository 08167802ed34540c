"""One APV from the first finding to closed, driven over the API the way the team's AMR,
leader and MED member would, with the refusals they meet on the way."""

import pytest
from rest_framework.test import APIClient

from tests.factories import factor


def client_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.json()


def unmet_codes(response):
    assert response.status_code == 409, response.content[:500]
    return {u["code"] for u in response.json()["unmet"]}


@pytest.mark.django_db
def test_an_apv_from_first_finding_to_closed(org):
    amr = client_as(org.user("amr", "team"))
    leader = client_as(org.user("leader", "team"))
    med = client_as(org.user("med", "team"))
    employee_user = org.user("employee", "team")
    employee = client_as(employee_user)
    sibling_amr = client_as(org.user("amr", "sibling"))

    # The leader starts the round; the AMR logs what the survey and a walk-round showed.
    apv = ok(
        leader.post(
            "/api/v1/assessments/",
            {"unit": org.team.pk, "title": "APV 2026", "started_on": "2026-09-01"},
            format="json",
        ),
        201,
    )
    url = f"/api/v1/assessments/{apv['id']}"
    assert apv["phase"] == "identification"
    assert apv["next_revision_due"] == "2029-09-01"
    assert unmet_codes(amr.post(f"{url}/transition/", {"to": "involvement"}, format="json")) == {
        "no_findings"
    }
    workload = ok(
        amr.post(
            "/api/v1/findings/",
            {
                "assessment": apv["id"],
                "title": "Travlhed i ydertimerne",
                "description": "Få voksne fra 15 til 17",
                "kind": "risk",
                "factor": factor("arbejdsmaengde").pk,
                "source": "survey",
                "level": "group",
            },
            format="json",
        ),
        201,
    )
    strength = ok(
        amr.post(
            "/api/v1/findings/",
            {
                "assessment": apv["id"],
                "title": "Godt kollegialt sammenhold",
                "kind": "resource",
                "factor": factor("samarbejde_med_kolleger").pk,
            },
            format="json",
        ),
        201,
    )
    ok(amr.post(f"{url}/transition/", {"to": "involvement"}, format="json"))

    # Involvement: a dialogue in the MED forum, where the findings are confirmed.
    assert unmet_codes(amr.post(f"{url}/transition/", {"to": "prioritisation"}, format="json")) == {
        "no_dialogue",
        "findings_open",
    }
    ok(
        amr.post(
            "/api/v1/dialogues/",
            {
                "assessment": apv["id"],
                "forum": "med",
                "held_on": "2026-10-01",
                "participants": "Leder, AMR, TR",
                "summary": "Vi ser det samme",
                "findings": [workload["id"], strength["id"]],
            },
            format="json",
        ),
        201,
    )
    for finding in (workload, strength):
        ok(amr.patch(f"/api/v1/findings/{finding['id']}/", {"status": "confirmed"}, format="json"))
    ok(amr.post(f"{url}/transition/", {"to": "prioritisation"}, format="json"))

    # Prioritisation: the risk is assessed and ranked, the leader writes the plan.
    assert unmet_codes(
        leader.post(f"{url}/transition/", {"to": "communication"}, format="json")
    ) == {
        "sickness_absence_note_missing",
        "risk_assessment_incomplete",
        "priority_missing",
        "action_missing",
        "plan_not_approved",
    }
    ok(
        amr.patch(
            f"/api/v1/findings/{workload['id']}/",
            {"severity": 3, "extent": 4, "causes": "Vagtplanen", "priority": 1},
            format="json",
        )
    )
    assert ok(amr.get(f"/api/v1/findings/{workload['id']}/"))["risk_score"] == 12
    ok(
        leader.patch(
            f"{url}/",
            {"sickness_absence_note": "Fraværet er ikke steget; vi følger det."},
            format="json",
        )
    )
    action = ok(
        leader.post(
            "/api/v1/actions/",
            {
                "finding": workload["id"],
                "title": "Fast pause for alle i ydertimerne",
                "description": "Vagtplanen ændres fra januar",
                "level": "group",
                "owner": employee_user.pk,
                "due_on": "2026-12-15",
            },
            format="json",
        ),
        201,
    )
    assert (
        med.post("/api/v1/actions/", {"finding": workload["id"]}, format="json").status_code == 403
    )
    ok(med.post(f"{url}/approve-plan/", {"forum": "med", "comment": "Godkendt"}, format="json"))
    approved = ok(leader.get(f"{url}/"))
    assert approved["plan_approval_forum"] == "med"
    assert approved["plan_approved_by"] == org.user("med", "team").pk
    ok(leader.post(f"{url}/transition/", {"to": "communication"}, format="json"))

    # Communication: a draft is not enough, and employees only read published messages.
    message = ok(
        amr.post(
            "/api/v1/communications/",
            {
                "assessment": apv["id"],
                "where_we_are": "Vi er så langt",
                "what_we_did": "Vi har gjort sådan her",
                "how_we_go_on": "Vi fortsætter sådan",
            },
            format="json",
        ),
        201,
    )
    assert ok(employee.get("/api/v1/communications/"))["count"] == 0
    assert unmet_codes(amr.post(f"{url}/transition/", {"to": "follow_up"}, format="json")) == {
        "no_published_communication"
    }
    ok(
        amr.patch(
            f"/api/v1/communications/{message['id']}/",
            {"published_at": "2026-11-01T09:00:00+01:00"},
            format="json",
        )
    )
    assert ok(employee.get("/api/v1/communications/"))["count"] == 1
    ok(amr.post(f"{url}/transition/", {"to": "follow_up"}, format="json"))

    # Follow-up: the owner reports progress and completion; the TRIO evaluates.
    assert (
        employee.patch(
            f"/api/v1/actions/{action['id']}/", {"title": "Andet"}, format="json"
        ).status_code
        == 403
    )
    ok(
        employee.post(
            f"/api/v1/actions/{action['id']}/updates/",
            {"progress": 100, "status": "done", "note": "Pauserne holdes nu"},
            format="json",
        ),
        201,
    )
    done = ok(leader.get(f"/api/v1/actions/{action['id']}/"))
    assert done["status"] == "done" and done["completed_on"] and done["evaluation_due_on"]
    assert unmet_codes(amr.post(f"{url}/transition/", {"to": "closed"}, format="json")) == {
        "evaluation_missing"
    }
    ok(
        amr.post(
            "/api/v1/evaluations/",
            {"action": action["id"], "effect": "better", "decision": "keep", "notes": "Roligere"},
            format="json",
        ),
        201,
    )
    ready = ok(amr.get(f"{url}/readiness/"))
    assert ready == {"next": "closed", "ready": True, "unmet": []}
    closed = ok(amr.post(f"{url}/transition/", {"to": "closed"}, format="json"))
    assert closed["phase"] == "closed" and closed["closed_on"]

    # The record: every move logged, and nothing of it visible to the sibling team.
    history = ok(amr.get(f"{url}/history/"))
    assert [(m["from"], m["to"]) for m in history["results"]] == [
        ("identification", "involvement"),
        ("involvement", "prioritisation"),
        ("prioritisation", "communication"),
        ("communication", "follow_up"),
        ("follow_up", "closed"),
    ]
    assert sibling_amr.get(f"{url}/").status_code == 404
    for resource in ("assessments", "findings", "actions", "dialogues", "communications"):
        assert ok(sibling_amr.get(f"/api/v1/{resource}/"))["count"] == 0, resource
    assert (
        amr.patch(f"/api/v1/findings/{workload['id']}/", {"title": "x"}, format="json").status_code
        == 409
    )
