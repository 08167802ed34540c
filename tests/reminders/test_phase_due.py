"""A round's phase deadline: the unit's TRIO is reminded seven days before the date its round
planned the APV's current phase done by, once; and it is in their calendar feed."""

import pytest
from django.test import Client
from django.utils import timezone

from apps.assessments.models import Round
from apps.reminders import services
from apps.reminders.models import Reminder
from apps.reminders.services import calendar_feed_renew
from tests.factories import AssessmentFactory

from .conftest import AS_OF, day

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind


@pytest.fixture
def in_round(org):
    round_ = Round.objects.create(
        title="APV 2027",
        unit=org.dept,
        started_on=day(-30),
        identification_by=day(-5),
        involvement_by=day(7),
        prioritisation_by=day(40),
        communication_by=day(60),
        follow_up_by=day(200),
    )
    apv = AssessmentFactory(
        unit=org.team,
        round=round_,
        phase="involvement",
        phase_entered_at=timezone.now(),
        started_on=day(-30),
    )
    return apv


def due(as_of):
    return sorted(
        (d.recipient.username, d.reason, d.due_on, d.period)
        for d in services.reminders_due(as_of=as_of)
        if d.kind == Kind.PHASE_DUE
    )


def test_the_trio_is_reminded_seven_days_before_the_phase_is_planned_done(org, in_round):
    assert due(day(-1)) == []
    assert due(AS_OF) == [
        ("amr_team", "amr", day(7), "involvement"),
        ("leader_team", "leader", day(7), "involvement"),
        ("tr_team", "tr", day(7), "involvement"),
    ]
    assert services.reminders_record(as_of=AS_OF) == 3
    assert services.reminders_record(as_of=day(3)) == 0  # once per phase and planned date


def test_a_moved_apv_is_not_reminded_of_the_phase_it_left(org, in_round):
    in_round.phase = "prioritisation"
    in_round.save()
    assert due(AS_OF) == []


def test_the_phase_deadline_is_in_the_trios_calendar(org, in_round):
    token = calendar_feed_renew(user=org.user("amr", "team"))
    feed = Client().get(f"/calendar/{token}.ics").content.decode()
    assert "SUMMARY:Fasen inddragelse og involvering færdig: Børnehuset Solsikken" in feed
    assert f"DTSTART;VALUE=DATE:{day(7):%Y%m%d}" in feed
    employee_token = calendar_feed_renew(user=org.user("employee", "team"))
    assert "Fasen" not in Client().get(f"/calendar/{employee_token}.ics").content.decode()


def test_the_mail_says_which_phase_and_by_when(org, in_round, mailoutbox):
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    mail = next(m for m in mailoutbox if m.to == ["amr_team@example.dk"])
    assert mail.subject.startswith("Påmindelse: APV'en for Børnehuset Solsikken skal være færdig")
    assert "er i fasen Inddragelse og involvering, som runden »APV 2027« har planlagt" in mail.body
    assert "om 7 dage" in mail.body
