"""The pages people use: the start page's buttons, the form that explains what anonymous means,
the receipt code shown once, and following a concern by its code (status, answer, date)."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.concerns.models import RECEIPT_ALPHABET, Concern
from tests.admin_helpers import client_for

from .helpers import CODE, RECEIPT, api, decide, send

SEND = reverse("admin:concerns_concern_send")
FOLLOW = reverse("admin:concerns_concern_receipt")


def test_the_start_page_offers_to_send_and_follow_a_concern(org):
    page = client_for(org.user("employee", "team")).get(reverse("admin:index")).content.decode()
    assert "Send en bekymring til din AMR" in page and SEND in page
    assert "Følg en bekymring" in page and FOLLOW in page
    assert "Mine bekymringer" not in page
    send(org.user("employee", "team"), org.team)
    page = client_for(org.user("employee", "team")).get(reverse("admin:index")).content.decode()
    assert "Mine bekymringer" in page


def test_the_form_says_what_anonymous_means(org):
    page = client_for(org.user("employee", "team")).get(SEND).content.decode()
    assert "AMR&#x27;en kan ikke se, hvem du er, og kan ikke spørge dig" in page
    assert "kvitteringskode" in page
    assert f'value="{org.team.pk}"' in page and f'value="{org.sibling.pk}"' not in page


def test_sending_shows_the_receipt_code_once(org):
    client = client_for(org.user("tr", "team"))
    response = client.post(SEND, {"unit": org.team.pk, "text": "For travlt", "anonymous": "on"})
    page = response.content.decode()
    code = CODE.search(page).group()
    assert "Din kvitteringskode" in page and "kun denne ene gang" in page
    # Nowhere to be found again: the start page and the lists do not show it.
    assert code not in client.get(reverse("admin:index")).content.decode()
    assert code not in client.get(reverse("admin:concerns_concern_changelist")).content.decode()


def test_an_empty_concern_is_refused_in_danish(org):
    client = client_for(org.user("employee", "team"))
    response = client.post(SEND, {"unit": org.team.pk, "text": "  "})
    assert response.status_code == 200 and "Dette felt er påkrævet" in response.content.decode()
    assert not Concern.objects.exists()


def test_the_code_shows_status_and_answer(org):
    concern, code = send(org.user("employee", "team"), org.team, anonymous=True)
    other = api(org.user("leader", "team"))  # anyone signed in may follow a code
    before = other.post(RECEIPT, {"code": code})
    assert before.data == {"status": "new", "answer": "", "date": timezone.localdate().isoformat()}
    api(org.user("amr", "team")).post(
        decide(concern), {"decision": "answer", "answer": "Vi tager det op på mødet"}
    )
    after = other.post(RECEIPT, {"code": code.lower().replace("-", " ")})
    assert after.data["status"] == "answered"
    assert after.data["answer"] == "Vi tager det op på mødet"
    page = client_for(org.user("med", "team")).post(FOLLOW, {"code": code}).content.decode()
    assert "Besvaret" in page and "Vi tager det op på mødet" in page
    assert concern.text not in page


def test_a_wrong_code_says_so_in_danish(org):
    send(org.user("employee", "team"), org.team, anonymous=True)
    response = api(org.user("employee", "team")).post(RECEIPT, {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404
    assert response.data["detail"].startswith("Ingen bekymring har denne kvitteringskode")
    page = client_for(org.user("employee", "team")).post(FOLLOW, {"code": "AAAA-BBBB-CCCC"})
    assert "Ingen bekymring har denne kvitteringskode" in page.content.decode()


def test_the_receipt_needs_a_login(org):
    assert api().post(RECEIPT, {"code": "AAAA-BBBB-CCCC"}).status_code == 401


def test_codes_are_not_guessable_from_ids(org):
    sent = [send(org.user("employee", "team"), org.team, anonymous=True) for _ in range(3)]
    codes = [code for _concern, code in sent]
    assert len(set(codes)) == 3
    for concern, code in sent:
        raw = code.replace("-", "")
        assert len(raw) == 12 and set(raw) <= set(RECEIPT_ALPHABET)
        assert str(concern.pk) not in raw
        stored = Concern.objects.get(pk=concern.pk).receipt_hash
        assert stored == hashlib.sha256(raw.encode()).hexdigest() and raw not in stored
        for guess in (str(concern.pk), f"{concern.pk:012d}"):
            assert api(org.user("amr", "team")).post(RECEIPT, {"code": guess}).status_code == 404


@pytest.mark.parametrize(("days", "late"), [(13, False), (14, True)])
def test_the_amr_sees_concerns_waiting_on_the_start_page(org, days, late):
    sent_on = timezone.localdate() - datetime.timedelta(days=days)
    concern, _code = send(org.user("employee", "team"), org.team, anonymous=True, today=sent_on)
    page = client_for(org.user("amr", "team")).get(reverse("admin:index")).content.decode()
    assert "Bekymringer, der venter på din afgørelse" in page
    assert ("har ventet 14 dage eller mere" in page) is late
    assert concern.text not in page
    leader_page = client_for(org.user("leader", "team")).get(reverse("admin:index"))
    assert "Bekymringer, der venter" not in leader_page.content.decode()
