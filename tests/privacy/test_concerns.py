"""Concerns and the privacy rules: a decided concern loses its text, answer and sender a year
after its decision (in its history too), once; a named concern is in its sender's export with
its text, a decided one in its AMR's without it; an anonymous one in nobody's."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.concerns.models import Concern
from apps.concerns.selectors import concern_by_receipt
from apps.concerns.services import concern_decide, concern_send
from apps.privacy import services
from apps.privacy.selectors import person_export

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _decided(org, *, anonymous, days_ago):
    concern, code = concern_send(
        by=org.user("employee", "team"),
        unit=org.team,
        text="Min leder råber ad mig",
        anonymous=anonymous,
        today=TODAY - datetime.timedelta(days=days_ago + 3),
    )
    concern_decide(
        concern=concern,
        by=org.user("amr", "team"),
        decision="answer",
        answer="Jeg tager det op med lederen",
        now=timezone.now() - datetime.timedelta(days=days_ago),
    )
    Concern.objects.filter(pk=concern.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return Concern.objects.get(pk=concern.pk), code


def test_a_concern_decided_over_a_year_ago_loses_its_text_and_sender(org, events):
    old, code = _decided(org, anonymous=False, days_ago=400)
    recent, _code = _decided(org, anonymous=False, days_ago=100)
    undecided, _code = concern_send(
        by=org.user("employee", "team"),
        unit=org.team,
        text="Travlt",
        anonymous=True,
        today=TODAY - datetime.timedelta(days=500),
    )
    assert services.concerns_anonymise() == [old.pk]
    old.refresh_from_db()
    assert old.text.startswith("Teksten er slettet") and old.answer == ""
    assert old.sender is None and old.anonymised_at is not None
    assert old.status == "answered" and old.unit == org.team  # what the counts need stays
    for version in old.history.all():
        assert "råber" not in version.text and version.sender_id is None
        assert version.history_user_id is None
    assert concern_by_receipt(code).status == "answered"  # its holder still reads the status
    for kept in (recent, undecided):
        kept.refresh_from_db()
        assert kept.anonymised_at is None and kept.text != old.text
    assert services.concerns_anonymise() == []  # once
    assert [e["concern_ids"] for e in events("concerns_anonymised")] == [[old.pk], []]


def test_the_nightly_command_says_what_it_would_do_and_does_it(org, capsys):
    _decided(org, anonymous=True, days_ago=400)
    call_command("anonymise_confidential", "--dry-run")
    assert "1 bekymringer ville blive anonymiseret (opbevaringsperiode 365 dage)." in (
        capsys.readouterr().out
    )
    call_command("anonymise_confidential")
    assert "1 bekymringer anonymiseret" in capsys.readouterr().out
    assert Concern.objects.filter(anonymised_at__isnull=True).count() == 0


def test_the_export_holds_named_concerns_sent_and_concerns_decided(org):
    named, _code = _decided(org, anonymous=False, days_ago=10)
    anonymous, _code = _decided(org, anonymous=True, days_ago=10)
    sender = person_export(subject=org.user("employee", "team"))
    assert [c["text"] for c in sender["concerns_sent"]] == ["Min leder råber ad mig"]
    assert sender["concerns_sent"][0]["answer"] == "Jeg tager det op med lederen"
    amr = person_export(subject=org.user("amr", "team"))
    assert len(amr["concerns_decided"]) == 2
    assert "råber" not in json.dumps(amr["concerns_decided"], ensure_ascii=False)
    assert {c["unit"] for c in amr["concerns_decided"]} == {"Børnehuset Solsikken"}
