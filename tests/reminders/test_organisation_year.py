"""The reminders of the organisation's year (issue 13): the annual review before its year runs
out and the TRIO agreement's yearly review, each once on the right day to the unit's TRIO; a
change waiting for its answer and a concern waiting for its decision, weekly after two weeks,
the concern to the coordinators too from its third week; none once it is no longer due."""

import datetime

import pytest

from apps.concerns.services import concern_decide, concern_send
from apps.governance import services as governance
from apps.governance.models import YEAR, ChangeEvent
from apps.reminders import services
from apps.reminders.models import Reminder

from .conftest import AS_OF, day

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind
TRIO_TEAM = [("amr_team", "amr"), ("leader_team", "leader"), ("tr_team", "tr")]


def due(kind, as_of):
    return sorted(
        (d.recipient.username, d.reason)
        for d in services.reminders_due(as_of=as_of)
        if d.kind == kind
    )


def sent_to(mailoutbox, username):
    return [m for m in mailoutbox if m.to == [f"{username}@example.dk"]]


def test_the_annual_review_is_reminded_once_thirty_days_before_its_year_runs_out(org):
    held_on = day(30) - YEAR
    review = governance.annual_review_create(
        unit=org.team, by=None, held_on=held_on, assessments=[]
    )
    assert review.next_due == day(30)
    assert due(Kind.ANNUAL_REVIEW_DUE, day(-1)) == []
    assert due(Kind.ANNUAL_REVIEW_DUE, AS_OF) == TRIO_TEAM
    assert services.reminders_record(as_of=AS_OF) == 3
    assert services.reminders_record(as_of=day(1)) == 0
    assert services.reminders_record(as_of=day(29)) == 0
    # Once the year has run out the gap is the organisation view's, not a daily mail.
    assert due(Kind.ANNUAL_REVIEW_DUE, day(31)) == []


def test_a_newer_review_stops_the_reminder_of_the_old_one(org, mailoutbox):
    governance.annual_review_create(unit=org.team, by=None, held_on=day(30) - YEAR, assessments=[])
    services.reminders_record(as_of=AS_OF)
    governance.annual_review_create(unit=org.team, by=None, held_on=day(-1), assessments=[])
    result = services.reminders_send(as_of=AS_OF)
    assert (result.sent, result.skipped) == (0, 3)
    assert due(Kind.ANNUAL_REVIEW_DUE, AS_OF) == []


def test_the_annual_review_mail_in_danish(org, mailoutbox):
    governance.annual_review_create(unit=org.team, by=None, held_on=day(30) - YEAR, assessments=[])
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    [mail] = sent_to(mailoutbox, "leader_team")
    assert mail.subject == (
        "Påmindelse: den årlige arbejdsmiljødrøftelse for Børnehuset Solsikken skal holdes "
        "senest 5. april"
    )
    assert "blev sidst holdt 5. april 2025" in mail.body
    assert "skal holdes senest 5. april 2026 – om 30 dage" in mail.body
    assert "fordi du er leder for Børnehuset Solsikken" in mail.body


def test_a_review_held_above_reminds_the_trio_where_it_was_held(org):
    governance.annual_review_create(unit=org.dept, by=None, held_on=day(10) - YEAR, assessments=[])
    assert due(Kind.ANNUAL_REVIEW_DUE, AS_OF) == [
        ("amr_dept", "amr"),
        ("leader_dept", "leader"),
        ("tr_dept", "tr"),
    ]


def test_a_review_where_nobody_holds_a_trio_role_goes_to_the_coordinator(org):
    # The area has no role holders of its own: its nearest holders are the root's.
    governance.annual_review_create(unit=org.area, by=None, held_on=day(10) - YEAR, assessments=[])
    assert due(Kind.ANNUAL_REVIEW_DUE, AS_OF) == [
        ("amr_root", "amr"),
        ("leader_root", "leader"),
        ("tr_root", "tr"),
    ]


def test_the_agreement_review_is_reminded_once_and_stops_when_reviewed(org, mailoutbox):
    agreement = governance.agreement_create(
        unit=org.team, by=None, reviewed_on=day(30) - YEAR, direction_goals="Trivsel først"
    )
    assert due(Kind.AGREEMENT_REVIEW_DUE, day(-1)) == []
    assert due(Kind.AGREEMENT_REVIEW_DUE, AS_OF) == TRIO_TEAM
    assert services.reminders_record(as_of=AS_OF) == 3
    assert services.reminders_record(as_of=day(2)) == 0
    governance.agreement_update(agreement=agreement, by=None, reviewed_on=AS_OF)
    result = services.reminders_send(as_of=AS_OF)
    assert (result.sent, result.skipped) == (0, 3)


def test_the_agreement_mail_in_danish(org, mailoutbox):
    governance.agreement_create(unit=org.team, by=None, reviewed_on=day(30) - YEAR)
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    [mail] = sent_to(mailoutbox, "tr_team")
    assert mail.subject == "Påmindelse: forventningsaftalen for Børnehuset Solsikken skal gennemgås"
    assert "skal gennemgås senest 5. april 2026 – om 30 dage" in mail.body


def _change(org, registered_on):
    change = governance.change_create(
        unit=org.team,
        by=org.user("leader", "team"),
        kind=ChangeEvent.Kind.IT_SYSTEM,
        changed_on=registered_on,
        description="Nyt omsorgssystem",
    )
    at = datetime.datetime.combine(registered_on, datetime.time(10), datetime.UTC)
    ChangeEvent.objects.filter(pk=change.pk).update(created_at=at)
    change.refresh_from_db()
    return change


def test_an_unanswered_change_reminds_its_trio_weekly_after_two_weeks(org, mailoutbox):
    change = _change(org, day(-14))
    assert due(Kind.CHANGE_UNANSWERED, day(-1)) == []
    assert due(Kind.CHANGE_UNANSWERED, AS_OF) == TRIO_TEAM
    assert services.reminders_record(as_of=AS_OF) == 3
    assert services.reminders_record(as_of=day(6)) == 0
    services.reminders_send(as_of=AS_OF)
    [mail] = sent_to(mailoutbox, "amr_team")
    assert mail.subject == "Påmindelse: en ændring i Børnehuset Solsikken venter på svar"
    assert "har ventet på svar i 14 dage: Skal APV'en revideres?" in mail.body
    assert "Nyt omsorgssystem" not in mail.body
    assert services.reminders_record(as_of=day(7)) == 3  # the next week
    governance.change_answer(change=change, by=None, revise=False, reason="Ingen betydning")
    assert (services.reminders_send(as_of=day(7)).skipped) == 3
    assert due(Kind.CHANGE_UNANSWERED, day(14)) == []


def _concern(org, sent_on, *, by=None, anonymous=True):
    concern, _code = concern_send(
        by=by or org.user("employee", "team"),
        unit=org.team,
        text="Vi når ikke pauserne",
        anonymous=anonymous,
        today=sent_on,
    )
    return concern


def test_an_undecided_concern_reminds_the_amr_then_the_coordinator(org, mailoutbox):
    concern = _concern(org, day(-14))
    assert due(Kind.CONCERN_UNDECIDED, day(-1)) == []
    assert due(Kind.CONCERN_UNDECIDED, AS_OF) == [("amr_team", "amr")]
    assert services.reminders_record(as_of=AS_OF) == 1
    assert services.reminders_record(as_of=day(3)) == 0
    services.reminders_send(as_of=AS_OF)
    [mail] = sent_to(mailoutbox, "amr_team")
    assert (
        mail.subject == "Påmindelse: en bekymring fra Børnehuset Solsikken venter på en beslutning"
    )
    assert "sendt 20. februar 2026, har ventet på en beslutning i 14 dage" in mail.body
    assert "Vi når ikke pauserne" not in mail.body
    # The third week: the coordinators of the unit are told too.
    assert due(Kind.CONCERN_UNDECIDED, day(14)) == [
        ("amr_team", "amr"),
        ("coordinator_team", "coordinator"),
    ]
    services.reminders_record(as_of=day(14))
    concern_decide(
        concern=concern, by=org.user("amr", "team"), decision="answer", answer="Vi tager det op"
    )
    assert services.reminders_send(as_of=day(14)).skipped == 2
    assert due(Kind.CONCERN_UNDECIDED, day(21)) == []


def test_the_amr_is_not_reminded_of_their_own_named_concern(org):
    _concern(org, day(-14), by=org.user("amr", "team"), anonymous=False)
    assert due(Kind.CONCERN_UNDECIDED, AS_OF) == [("coordinator_team", "coordinator")]
