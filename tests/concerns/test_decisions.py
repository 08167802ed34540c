"""Every concern ends with a decision: an answer, a finding in the unit's open APV, or closing it
with a note; once decided, it is not decided again."""

import pytest
from django.urls import reverse

from apps.concerns.models import Concern
from apps.findings.models import Finding
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory, factor

from .helpers import api, decide, send


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, phase="identification", title="APV Solsikken")


@pytest.fixture
def concern(org):
    return send(org.user("employee", "team"), org.team, anonymous=True)[0]


def test_an_answer_reaches_the_sender(org, concern):
    amr = org.user("amr", "team")
    response = api(amr).post(decide(concern), {"decision": "answer", "answer": "Jeg tager det op"})
    assert response.status_code == 200, response.data
    concern.refresh_from_db()
    assert concern.status == "answered" and concern.answer == "Jeg tager det op"
    assert concern.decided_by == amr and concern.decided_at is not None


@pytest.mark.parametrize("confidential", [True, False])
def test_a_finding_is_made_through_the_service(org, concern, apv, confidential):
    amr = org.user("amr", "team")
    response = api(amr).post(
        decide(concern),
        {
            "decision": "finding",
            "title": "Krænkende adfærd",
            "factor": factor("chikane").pk,
            "description": "Med mine ord",
            "confidential": confidential,
        },
    )
    assert response.status_code == 200, response.data
    concern.refresh_from_db()
    finding = Finding.objects.get(pk=response.data["finding"])
    assert concern.finding == finding and concern.status == "in_finding"
    assert finding.assessment == apv and finding.reported_by == amr
    assert finding.source == "other" and finding.confidential is confidential
    assert finding.description == "Med mine ord" and concern.text not in finding.description


def test_a_finding_needs_an_open_apv(org, concern):
    response = api(org.user("amr", "team")).post(
        decide(concern), {"decision": "finding", "title": "Noget", "factor": factor().pk}
    )
    assert response.status_code == 409
    assert response.data["unmet"][0]["code"] == "no_open_apv"
    assert "åben APV" in response.data["detail"]
    concern.refresh_from_db()
    assert concern.status == "new"


def test_closing_needs_a_note(org, concern):
    amr = api(org.user("amr", "team"))
    refused = amr.post(decide(concern), {"decision": "close"})
    assert refused.status_code == 400
    assert "lukket" in str(refused.data["note"][0])
    closed = amr.post(decide(concern), {"decision": "close", "note": "Løst på personalemødet"})
    assert closed.status_code == 200
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.answer == "Løst på personalemødet"


def test_an_answer_needs_text(org, concern):
    refused = api(org.user("amr", "team")).post(decide(concern), {"decision": "answer"})
    assert refused.status_code == 400 and "answer" in refused.data


def test_a_decided_concern_is_not_decided_again(org, concern):
    amr = api(org.user("amr", "team"))
    amr.post(decide(concern), {"decision": "answer", "answer": "Svar"})
    again = api(org.user("coordinator", "team")).post(
        decide(concern), {"decision": "close", "note": "Luk"}
    )
    assert again.status_code == 409
    assert again.data["detail"] == "Bekymringen er allerede afgjort."
    concern.refresh_from_db()
    assert concern.status == "answered"


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        ("leader", "team", 403),
        ("tr", "team", 403),
        ("med", "team", 403),
        ("employee", "team", 403),
        ("amr", "sibling", 404),
        ("amr", "dept", 404),
    ],
)
def test_others_may_not_decide(org, concern, role, where, status):
    response = api(org.user(role, where)).post(
        decide(concern), {"decision": "answer", "answer": "Svar"}
    )
    assert response.status_code == status


def test_the_named_sender_reads_but_does_not_decide(org):
    concern, _code = send(org.user("employee", "team"), org.team)
    response = api(org.user("employee", "team")).post(
        decide(concern), {"decision": "answer", "answer": "Selv svaret"}
    )
    assert response.status_code == 403


def test_the_admin_pages_decide_through_the_service(org, concern, apv):
    client = client_for(org.user("amr", "team"))
    change = reverse("admin:concerns_concern_change", args=[concern.pk])
    page = client.get(change).content.decode()
    finding_url = reverse("admin:concerns_concern_make_finding", args=[concern.pk])
    assert finding_url in page
    response = client.post(
        finding_url,
        {"title": "Trusler", "factor": factor("trusler").pk, "confidential": "on"},
    )
    assert response.status_code == 302 and response["Location"] == change
    concern.refresh_from_db()
    assert concern.status == "in_finding" and concern.finding.confidential
    # Decided: no more buttons, and the pages send one back.
    assert finding_url not in client.get(change).content.decode()
    close = client.get(reverse("admin:concerns_concern_close", args=[concern.pk]))
    assert close.status_code == 302


def test_closing_in_the_admin_without_a_note_says_so_in_danish(org, concern):
    client = client_for(org.user("amr", "team"))
    response = client.post(reverse("admin:concerns_concern_close", args=[concern.pk]), {})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert Concern.objects.get(pk=concern.pk).status == "new"
