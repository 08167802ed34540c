"""`findings/` and `dialogues/` over HTTP: the order of checks, confidentiality, input, filters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.findings.models import Dialogue, Finding
from tests.factories import (
    AssessmentFactory,
    DialogueFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UserFactory,
    factor,
)

FINDINGS = "/api/v1/findings/"
DIALOGUES = "/api/v1/dialogues/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def finding_url(finding) -> str:
    return f"{FINDINGS}{finding.pk}/"


def dialogue_url(dialogue) -> str:
    return f"{DIALOGUES}{dialogue.pk}/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.data
    return {row["id"] for row in response.data["results"]}


def codes(response, field) -> list[str]:
    return [error.code for error in response.data[field]]


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, title="APV Solsikken")


@pytest.fixture
def sibling_apv(org):
    return AssessmentFactory(unit=org.sibling, title="APV Mælkebøtten")


@pytest.fixture
def closed_apv(org):
    return AssessmentFactory(unit=org.team, title="APV 2023", phase="closed")


@pytest.fixture
def finding(apv):
    return FindingFactory(assessment=apv, title="Travlhed i ydertimerne")


@pytest.fixture
def reporter(org):
    """An employee of the team who reported the confidential finding."""
    user = UserFactory(username="reporter")
    RoleAssignmentFactory(user=user, unit=org.team, role="employee")
    return user


@pytest.fixture
def secret(apv, reporter):
    """A confidential finding of the team with no named handlers: the team's AMR and leader
    handle it."""
    return FindingFactory(
        assessment=apv,
        title="Krænkende kommentarer fra kollega",
        description="Navngiven kollega",
        causes="Konflikt i vagtplanen",
        factor=factor("seksuel_chikane"),
        confidential=True,
        reported_by=reporter,
    )


def new_finding(apv, **fields) -> dict:
    return {
        "assessment": apv.pk,
        "title": "Støj i garderoben",
        "factor": factor("stoej").pk,
        **fields,
    }


# --- the order of checks --------------------------------------------------------------------


def test_unauthenticated_gets_401_and_no_data(finding):
    assert client_for().get(FINDINGS).status_code == 401
    assert client_for().get(finding_url(finding)).status_code == 401
    assert client_for().get(DIALOGUES).status_code == 401


def test_amr_of_the_team_creates_reads_and_edits_a_finding(org, apv):
    amr = org.user("amr", "team")
    client = client_for(amr)
    response = client.post(
        FINDINGS,
        new_finding(
            apv,
            description="Svært at høre børnene",
            causes="Hårde overflader",
            kind="risk",
            source="walkround",
            level="group",
            severity=2,
            extent=3,
        ),
    )
    assert response.status_code == 201, response.data
    created = response.data
    assert created["reported_by"] == amr.pk
    assert created["risk_score"] == 6
    assert created["status"] == "open"
    assert created["handlers"] == []
    assert set(created) == {
        "id",
        "assessment",
        "title",
        "description",
        "causes",
        "kind",
        "factor",
        "source",
        "level",
        "severity",
        "extent",
        "risk_score",
        "status",
        "priority",
        "confidential",
        "handlers",
        "reported_by",
        "created_at",
    }

    url = f"{FINDINGS}{created['id']}/"
    assert client.get(url).data == created
    assert created["id"] in ids(client.get(FINDINGS))

    response = client.patch(url, {"status": "confirmed", "severity": 4, "priority": 1})
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["risk_score"]) == ("confirmed", 12)
    finding = Finding.objects.get(pk=created["id"])
    assert (finding.status, finding.severity, finding.priority) == ("confirmed", 4, 1)


def test_reporter_is_the_caller_whatever_the_input_says(org, apv):
    leader = org.user("leader", "team")
    response = client_for(org.user("tr", "team")).post(
        FINDINGS, new_finding(apv, reported_by=leader.pk)
    )
    assert response.status_code == 201
    assert response.data["reported_by"] == org.user("tr", "team").pk


@pytest.mark.parametrize("role", ["med", "employee"])
def test_med_member_and_employee_may_not_create_or_edit(org, apv, finding, role):
    client = client_for(org.user(role, "team"))
    assert client.post(FINDINGS, new_finding(apv)).status_code == 403
    assert client.patch(finding_url(finding), {"title": "Ny titel"}).status_code == 403
    dialogue = DialogueFactory(assessment=apv)
    assert client.post(DIALOGUES, {"assessment": apv.pk, "forum": "med"}).status_code == 403
    assert client.patch(dialogue_url(dialogue), {"summary": "x"}).status_code == 403
    finding.refresh_from_db()
    assert finding.title == "Travlhed i ydertimerne"


def test_reader_who_may_edit_elsewhere_gets_403_on_this_apv(org, apv, finding):
    """Readable but not theirs to change: an AMR elsewhere who is an employee of the team."""
    user = org.user("amr", "sibling")
    RoleAssignmentFactory(user=user, unit=org.team, role="employee")
    client = client_for(user)
    assert client.patch(finding_url(finding), {"title": "Ny titel"}).status_code == 403
    assert client.post(FINDINGS, new_finding(apv)).status_code == 403


def test_amr_of_a_sibling_unit_gets_404_and_an_empty_list(org, apv, finding):
    client = client_for(org.user("amr", "sibling"))
    assert client.get(finding_url(finding)).status_code == 404
    assert client.patch(finding_url(finding), {"title": "x"}).status_code == 404
    assert finding.pk not in ids(client.get(FINDINGS))
    dialogue = DialogueFactory(assessment=apv)
    assert client.get(dialogue_url(dialogue)).status_code == 404
    assert ids(client.get(DIALOGUES)) == set()


def test_assessment_out_of_scope_does_not_exist(org, apv):
    response = client_for(org.user("amr", "sibling")).post(FINDINGS, new_finding(apv))
    assert response.status_code == 400
    assert codes(response, "assessment") == ["does_not_exist"]
    response = client_for(org.user("amr", "sibling")).post(
        DIALOGUES, {"assessment": apv.pk, "forum": "amo", "held_on": "2026-03-01"}
    )
    assert response.status_code == 400
    assert codes(response, "assessment") == ["does_not_exist"]
    assert not Finding.objects.exists()


def test_assessment_of_a_finding_cannot_change(org, finding, sibling_apv):
    response = client_for(org.user("amr", "dept")).patch(
        finding_url(finding), {"assessment": sibling_apv.pk}
    )
    assert response.status_code == 400
    assert "assessment" in response.data
    finding.refresh_from_db()
    assert finding.assessment.unit == org.team


def test_patch_naming_the_same_assessment_is_fine(org, apv, finding):
    response = client_for(org.user("amr", "team")).patch(
        finding_url(finding), {"assessment": apv.pk, "title": "Travlhed om morgenen"}
    )
    assert response.status_code == 200, response.data


# --- confidential findings ------------------------------------------------------------------


def test_employee_reads_findings_but_not_confidential_ones(org, finding, secret):
    client = client_for(org.user("employee", "team"))
    assert ids(client.get(FINDINGS)) == {finding.pk}
    assert client.get(finding_url(finding)).status_code == 200
    assert client.get(finding_url(secret)).status_code == 404


@pytest.mark.parametrize("role", ["tr", "med", "employee"])
def test_confidential_finding_appears_in_no_response(org, apv, finding, secret, role):
    client = client_for(org.user(role, "team"))
    dialogue = DialogueFactory(assessment=apv, findings=[finding, secret], summary="Drøftet")
    responses = [
        client.get(FINDINGS),
        client.get(FINDINGS, {"confidential": "true"}),
        client.get(FINDINGS, {"search": "Krænkende"}),
        client.get(FINDINGS, {"domain": "negative_handlinger"}),
        client.get(FINDINGS, {"ordering": "-risk_score"}),
        client.get(finding_url(secret)),
        client.get(DIALOGUES),
        client.get(dialogue_url(dialogue)),
        client.get(DIALOGUES, {"finding": secret.pk}),
    ]
    for response in responses:
        body = response.content.decode()
        for text in (secret.title, secret.description, secret.causes):
            assert text not in body
    assert ids(responses[0]) == {finding.pk}
    assert ids(responses[1]) == set()
    assert ids(responses[2]) == set()
    assert ids(responses[3]) == set()
    assert responses[5].status_code == 404
    assert responses[6].data["results"][0]["findings"] == [finding.pk]
    assert responses[7].data["findings"] == [finding.pk]
    # A confidential finding is not a valid choice: as if it did not exist.
    assert responses[8].status_code == 400


@pytest.mark.parametrize(
    ("role", "where"),
    [("amr", "team"), ("leader", "team"), ("coordinator", "root")],
)
def test_handlers_and_coordinators_see_the_confidential_finding(
    org, apv, finding, secret, role, where
):
    client = client_for(org.user(role, where))
    dialogue = DialogueFactory(assessment=apv, findings=[finding, secret])
    assert ids(client.get(FINDINGS)) == {finding.pk, secret.pk}
    assert client.get(finding_url(secret)).data["title"] == secret.title
    assert set(client.get(dialogue_url(dialogue)).data["findings"]) == {finding.pk, secret.pk}


def test_reporter_sees_their_confidential_finding(reporter, finding, secret):
    client = client_for(reporter)
    assert ids(client.get(FINDINGS)) == {finding.pk, secret.pk}


def test_a_confidential_finding_cannot_be_linked_by_who_cannot_see_it(org, apv, secret):
    response = client_for(org.user("tr", "team")).post(
        DIALOGUES,
        {"assessment": apv.pk, "forum": "amo", "held_on": "2026-03-01", "findings": [secret.pk]},
    )
    assert response.status_code == 400
    assert codes(response, "findings") == ["does_not_exist"]
    assert secret.title not in response.content.decode()


def test_editing_links_keeps_the_ones_the_editor_cannot_see(org, apv, finding, secret):
    other = FindingFactory(assessment=apv, title="Uklare mål")
    dialogue = DialogueFactory(assessment=apv, findings=[finding, secret])
    response = client_for(org.user("tr", "team")).patch(
        dialogue_url(dialogue), {"findings": [other.pk], "summary": "Opfølgning"}
    )
    assert response.status_code == 200, response.data
    assert response.data["findings"] == [other.pk]
    assert set(dialogue.findings.values_list("pk", flat=True)) == {other.pk, secret.pk}


def test_editing_a_dialogue_without_links_shows_only_visible_links(org, apv, finding, secret):
    dialogue = DialogueFactory(assessment=apv, findings=[finding, secret])
    response = client_for(org.user("tr", "team")).patch(
        dialogue_url(dialogue), {"summary": "Rettet referat"}
    )
    assert response.status_code == 200, response.data
    assert response.data["findings"] == [finding.pk]
    assert secret.title not in response.content.decode()


def test_handlers_are_users_the_caller_can_see(org, apv):
    client = client_for(org.user("amr", "team"))
    leader = org.user("leader", "team")
    response = client.post(FINDINGS, new_finding(apv, confidential=True, handlers=[leader.pk]))
    assert response.status_code == 201, response.data
    assert response.data["handlers"] == [leader.pk]
    assert list(Finding.objects.get().handlers.all()) == [leader]

    stranger = org.user("amr", "other_area")
    response = client.post(FINDINGS, new_finding(apv, handlers=[stranger.pk]))
    assert response.status_code == 400
    assert codes(response, "handlers") == ["does_not_exist"]


def test_handlers_are_replaced_on_patch_and_kept_when_absent(org, apv):
    # The reporter names the handlers (DESIGN.md §6).
    finding = FindingFactory(assessment=apv, reported_by=org.user("amr", "team"))
    client = client_for(org.user("amr", "team"))
    leader, tr = org.user("leader", "team"), org.user("tr", "team")
    response = client.patch(finding_url(finding), {"handlers": [leader.pk, tr.pk]})
    assert sorted(response.data["handlers"]) == sorted([leader.pk, tr.pk])
    response = client.patch(finding_url(finding), {"title": "Travlhed"})
    assert sorted(response.data["handlers"]) == sorted([leader.pk, tr.pk])
    response = client.patch(finding_url(finding), {"handlers": []})
    assert response.data["handlers"] == []
    assert not finding.handlers.exists()


# --- delete and closed APVs -----------------------------------------------------------------


def test_only_coordinators_delete(org, finding):
    assert client_for(org.user("amr", "team")).delete(finding_url(finding)).status_code == 403
    assert client_for(org.user("leader", "team")).delete(finding_url(finding)).status_code == 403
    response = client_for(org.user("coordinator", "team")).delete(finding_url(finding))
    assert response.status_code == 204
    assert not Finding.objects.filter(pk=finding.pk).exists()


def test_coordinator_elsewhere_gets_404_on_delete(org, finding):
    response = client_for(org.user("coordinator", "sibling")).delete(finding_url(finding))
    assert response.status_code == 404
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_nothing_is_deleted_in_a_closed_apv(org, closed_apv):
    finding = FindingFactory(assessment=closed_apv)
    dialogue = DialogueFactory(assessment=closed_apv, findings=[finding])
    client = client_for(org.user("coordinator", "team"))
    response = client.delete(finding_url(finding))
    assert response.status_code == 409
    assert [u["code"] for u in response.data["unmet"]] == ["assessment_closed"]
    assert client.delete(dialogue_url(dialogue)).status_code == 409
    assert Finding.objects.filter(pk=finding.pk).exists()
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_coordinator_deletes_a_dialogue_others_may_not(org, apv):
    dialogue = DialogueFactory(assessment=apv)
    assert client_for(org.user("amr", "team")).delete(dialogue_url(dialogue)).status_code == 403
    response = client_for(org.user("coordinator", "dept")).delete(dialogue_url(dialogue))
    assert response.status_code == 204
    assert not Dialogue.objects.exists()


def test_a_closed_apv_refuses_changes_with_409(org, closed_apv):
    finding = FindingFactory(assessment=closed_apv, title="Gammelt fund")
    dialogue = DialogueFactory(assessment=closed_apv)
    client = client_for(org.user("amr", "team"))
    response = client.patch(finding_url(finding), {"status": "resolved"})
    assert response.status_code == 409
    assert response.data["unmet"][0]["code"] == "assessment_closed"
    assert client.post(FINDINGS, new_finding(closed_apv)).status_code == 409
    assert client.patch(dialogue_url(dialogue), {"summary": "x"}).status_code == 409
    response = client.post(
        DIALOGUES, {"assessment": closed_apv.pk, "forum": "amo", "held_on": "2026-03-01"}
    )
    assert response.status_code == 409
    finding.refresh_from_db()
    assert finding.status == "open"
    assert Dialogue.objects.count() == 1


def test_bad_input_is_400_before_a_closed_apv_is_409(org, closed_apv):
    finding = FindingFactory(assessment=closed_apv)
    response = client_for(org.user("amr", "team")).patch(finding_url(finding), {"severity": 5})
    assert response.status_code == 400
    assert "severity" in response.data
    dialogue = DialogueFactory(assessment=closed_apv)
    theirs = FindingFactory(assessment=AssessmentFactory(unit=org.team))
    response = client_for(org.user("amr", "team")).patch(
        dialogue_url(dialogue), {"findings": [theirs.pk]}
    )
    assert response.status_code == 400
    assert list(response.data) == ["findings"]


# --- input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("severity", 5),
        ("severity", 0),
        ("extent", 5),
        ("priority", 0),
        ("kind", "problem"),
        ("status", "solved"),
        ("source", "rumour"),
        ("level", "team"),
        ("severity", "high"),
        ("severity", 2.5),
        ("confidential", "maybe"),
        ("handlers", "leader"),
        ("handlers", ["x"]),
        ("factor", 999999),
        ("factor", "arbejdsmaengde"),
        ("assessment", "one"),
        ("assessment", None),
        ("title", ""),
        ("title", "x" * 201),
    ],
)
def test_bad_finding_input_is_400_naming_the_field(org, apv, field, value):
    response = client_for(org.user("amr", "team")).post(
        FINDINGS, new_finding(apv, **{field: value})
    )
    assert response.status_code == 400
    assert field in response.data
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("severity", 5), ("extent", 0), ("priority", -1), ("kind", "problem"), ("status", "x")],
)
def test_bad_patch_is_400_naming_the_field(org, finding, field, value):
    response = client_for(org.user("amr", "team")).patch(finding_url(finding), {field: value})
    assert response.status_code == 400
    assert list(response.data) == [field]


def test_malformed_json_is_400(org, apv, finding):
    client = client_for(org.user("amr", "team"))
    for method, url in ((client.post, FINDINGS), (client.patch, finding_url(finding))):
        response = method(url, data='{"title": ', content_type="application/json")
        assert response.status_code == 400
        assert "detail" in response.data


def test_a_list_instead_of_an_object_is_400(org, apv):
    response = client_for(org.user("amr", "team")).post(FINDINGS, [new_finding(apv)])
    assert response.status_code == 400


def test_read_only_fields_are_ignored(org, finding):
    response = client_for(org.user("amr", "team")).patch(
        finding_url(finding), {"risk_score": 16, "created_at": "2020-01-01T00:00:00Z"}
    )
    assert response.status_code == 200
    assert response.data["risk_score"] is None
    assert not response.data["created_at"].startswith("2020")


def test_bad_dialogue_input_is_400_naming_the_field(org, apv):
    client = client_for(org.user("amr", "team"))
    valid = {"assessment": apv.pk, "forum": "amo", "held_on": "2026-03-01"}
    for field, value in [
        ("forum", "kaffestue"),
        ("held_on", "1. marts"),
        ("held_on", None),
        ("findings", "1"),
    ]:
        response = client.post(DIALOGUES, {**valid, field: value})
        assert response.status_code == 400, (field, value)
        assert field in response.data
    assert not Dialogue.objects.exists()


def test_findings_of_another_apv_cannot_be_linked(org, apv, sibling_apv):
    theirs = FindingFactory(assessment=sibling_apv)
    client = client_for(org.user("amr", "dept"))
    response = client.post(
        DIALOGUES,
        {"assessment": apv.pk, "forum": "med", "held_on": "2026-03-01", "findings": [theirs.pk]},
    )
    assert response.status_code == 400
    assert list(response.data) == ["findings"]
    dialogue = DialogueFactory(assessment=apv)
    response = client.patch(dialogue_url(dialogue), {"findings": [theirs.pk]})
    assert response.status_code == 400
    assert list(response.data) == ["findings"]
    assert not dialogue.findings.exists()


# --- dialogues ------------------------------------------------------------------------------


def test_amr_records_a_dialogue_and_its_findings(org, apv, finding):
    client = client_for(org.user("amr", "team"))
    response = client.post(
        DIALOGUES,
        {
            "assessment": apv.pk,
            "forum": "team_meeting",
            "held_on": "2026-03-01",
            "participants": "Hele personalegruppen",
            "summary": "Vi ser det samme",
            "findings": [finding.pk],
        },
    )
    assert response.status_code == 201, response.data
    assert set(response.data) == {
        "id",
        "assessment",
        "forum",
        "held_on",
        "participants",
        "summary",
        "findings",
    }
    assert response.data["findings"] == [finding.pk]
    assert response.data["held_on"] == "2026-03-01"
    url = f"{DIALOGUES}{response.data['id']}/"
    assert client.get(url).data == response.data

    response = client.patch(url, {"forum": "amo", "findings": []})
    assert response.status_code == 200, response.data
    assert (response.data["forum"], response.data["findings"]) == ("amo", [])
    assert not Dialogue.objects.get().findings.exists()


def test_employee_reads_dialogues(org, apv, finding):
    dialogue = DialogueFactory(assessment=apv, findings=[finding])
    client = client_for(org.user("employee", "team"))
    assert ids(client.get(DIALOGUES)) == {dialogue.pk}
    assert client.get(dialogue_url(dialogue)).data["findings"] == [finding.pk]


def test_dialogue_filters_and_search(org, apv, sibling_apv, finding):
    march = DialogueFactory(
        assessment=apv,
        forum="amo",
        held_on=datetime.date(2026, 3, 1),
        summary="Travlhed drøftet",
        findings=[finding],
    )
    may = DialogueFactory(
        assessment=apv, forum="med", held_on=datetime.date(2026, 5, 1), participants="Leder, AMR"
    )
    elsewhere = DialogueFactory(
        assessment=sibling_apv, forum="hsu", held_on=datetime.date(2026, 4, 1)
    )
    client = client_for(org.user("leader", "dept"))
    assert ids(client.get(DIALOGUES)) == {march.pk, may.pk, elsewhere.pk}
    assert ids(client.get(DIALOGUES, {"assessment": apv.pk})) == {march.pk, may.pk}
    assert ids(client.get(DIALOGUES, {"unit": org.sibling.pk})) == {elsewhere.pk}
    assert ids(client.get(DIALOGUES, {"unit": org.dept.pk})) == {march.pk, may.pk, elsewhere.pk}
    assert ids(client.get(DIALOGUES, {"forum": ["amo", "med"]})) == {march.pk, may.pk}
    assert ids(client.get(DIALOGUES, {"held_after": "2026-03-15"})) == {may.pk, elsewhere.pk}
    assert ids(client.get(DIALOGUES, {"held_before": "2026-04-01"})) == {march.pk, elsewhere.pk}
    assert ids(client.get(DIALOGUES, {"finding": finding.pk})) == {march.pk}
    assert ids(client.get(DIALOGUES, {"search": "travlhed"})) == {march.pk}
    assert ids(client.get(DIALOGUES, {"search": "AMR"})) == {may.pk}
    response = client.get(DIALOGUES, {"ordering": "held_on"})
    assert [row["id"] for row in response.data["results"]] == [march.pk, elsewhere.pk, may.pk]
    assert client.get(DIALOGUES, {"unit": org.other_area.pk}).status_code == 400
    assert client.get(DIALOGUES, {"forum": "kaffestue"}).status_code == 400


# --- filters, ordering, search --------------------------------------------------------------


@pytest.fixture
def spread(org, apv, sibling_apv):
    """Findings across the team, its sibling and the department, by factor and status."""
    dept_apv = AssessmentFactory(unit=org.dept)
    return {
        "workload": FindingFactory(
            assessment=apv,
            title="Travlhed",
            factor=factor("arbejdsmaengde"),
            status="confirmed",
            severity=3,
            extent=4,
        ),
        "violence": FindingFactory(
            assessment=apv,
            title="Trusler fra forældre",
            factor=factor("trusler"),
            severity=4,
            extent=1,
            causes="Konflikter ved afhentning",
        ),
        "noise": FindingFactory(
            assessment=sibling_apv,
            title="Støj",
            factor=factor("stoej"),
            status="resolved",
            kind="resource",
        ),
        "goals": FindingFactory(
            assessment=dept_apv,
            title="Uklare mål",
            factor=factor("klare_maal"),
            severity=1,
            extent=2,
        ),
    }


def test_filters_by_domain_legal_risk_unit_and_status(org, spread):
    client = client_for(org.user("leader", "dept"))
    pk = {name: f.pk for name, f in spread.items()}

    def found(**params):
        return ids(client.get(FINDINGS, params))

    assert found() == set(pk.values())
    assert found(domain="negative_handlinger") == {pk["violence"]}
    assert found(domain=["krav", "fysisk_og_andet"]) == {pk["workload"], pk["noise"]}
    assert found(legal_risk="workload") == {pk["workload"]}
    assert found(legal_risk=["violence", "unclear_demands"]) == {pk["violence"], pk["goals"]}
    assert found(unit=org.team.pk) == {pk["workload"], pk["violence"]}
    assert found(unit=org.dept.pk) == set(pk.values())
    assert found(status="open") == {pk["violence"], pk["goals"]}
    assert found(status=["confirmed", "resolved"]) == {pk["workload"], pk["noise"]}
    assert found(kind="resource") == {pk["noise"]}
    assert found(factor=factor("trusler").pk) == {pk["violence"]}
    assert found(assessment=spread["goals"].assessment_id) == {pk["goals"]}
    assert found(confidential="false") == set(pk.values())
    assert found(created_after="2000-01-01", created_before="2999-12-31") == set(pk.values())
    assert found(created_before="2000-01-01") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "other_area"},
        {"assessment": "sibling_of_other_area"},
        {"domain": "mood"},
        {"status": "solved"},
        {"legal_risk": "noise"},
        {"created_after": "yesterday"},
    ],
)
def test_bad_or_out_of_scope_filters_are_400(org, params):
    other = AssessmentFactory(unit=org.other_area)
    replace = {"other_area": org.other_area.pk, "sibling_of_other_area": other.pk}
    params = {key: replace.get(value, value) for key, value in params.items()}
    response = client_for(org.user("amr", "team")).get(FINDINGS, params)
    assert response.status_code == 400
    assert set(response.data) == set(params)


def test_risk_score_and_ordering(org, spread):
    client = client_for(org.user("leader", "dept"))
    rows = client.get(FINDINGS, {"ordering": "-risk_score"}).data["results"]
    assert [(row["title"], row["risk_score"]) for row in rows] == [
        ("Travlhed", 12),
        ("Trusler fra forældre", 4),
        ("Uklare mål", 2),
        ("Støj", None),
    ]
    rows = client.get(FINDINGS, {"ordering": "risk_score"}).data["results"]
    assert [row["risk_score"] for row in rows] == [2, 4, 12, None]
    rows = client.get(FINDINGS, {"ordering": "title"}).data["results"]
    assert [row["title"] for row in rows] == sorted(row["title"] for row in rows)
    rows = client.get(FINDINGS, {"ordering": "-severity,id"}).data["results"]
    assert [row["severity"] for row in rows][:3] == [4, 3, 1]


def test_search_looks_in_title_description_and_causes(org, spread):
    client = client_for(org.user("leader", "dept"))
    assert ids(client.get(FINDINGS, {"search": "trusler"})) == {spread["violence"].pk}
    assert ids(client.get(FINDINGS, {"search": "afhentning"})) == {spread["violence"].pk}
    assert len(ids(client.get(FINDINGS, {"search": "Beskrivelse"}))) == 4


# --- queries --------------------------------------------------------------------------------


def count_queries(client, url, page_size) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.data["results"]) == page_size
    return len(queries)


def test_list_queries_do_not_grow_with_the_page(org, apv, reporter):
    handlers = [org.user("leader", "team"), org.user("tr", "team")]
    findings = [
        FindingFactory(assessment=apv, handlers=handlers, severity=2, extent=2) for _ in range(22)
    ]
    findings += [
        FindingFactory(assessment=apv, confidential=True, reported_by=reporter) for _ in range(2)
    ]
    for _ in range(22):
        DialogueFactory(assessment=apv, findings=findings[:3] + findings[-1:])
    client = client_for(org.user("amr", "team"))
    for url in (FINDINGS, DIALOGUES):
        assert count_queries(client, url, 1) == count_queries(client, url, 20), url
