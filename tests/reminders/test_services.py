"""The six kinds: the right people on the right day and not the day before; recording and sending
once; re-arming, disarming, leases and failed deliveries. Dates are passed as `as_of`."""

import datetime

import pytest
from django.utils import timezone

from apps.actions.services import action_update
from apps.assessments.models import Phase, Round
from apps.concerns.services import concern_send
from apps.governance import services as governance
from apps.governance.models import YEAR, ChangeEvent
from apps.organisation.models import Role
from apps.reminders import services
from apps.reminders.models import Reminder
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    EvaluationFactory,
    FindingFactory,
    PhaseTransitionFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)

from .conftest import AS_OF, MONDAY, day

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind


def due(as_of, kind=None):
    """The (kind, username, reason) triples due as of `as_of`."""
    return sorted(
        (d.kind, d.recipient.username, d.reason)
        for d in services.reminders_due(as_of=as_of)
        if kind is None or d.kind == kind
    )


def at_noon(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


def trio(kind, where="team"):
    return sorted(
        [
            (kind, f"leader_{where}", "leader"),
            (kind, f"amr_{where}", "amr"),
            (kind, f"tr_{where}", "tr"),
        ]
    )


# --- each kind: who and when ------------------------------------------------------------------


def test_action_due_soon_goes_to_the_owner_seven_days_before(org, action_due):
    action_due(7)
    assert due(AS_OF) == [(Kind.ACTION_DUE_SOON, "employee_team", "owner")]
    assert due(day(-1)) == []


def test_action_overdue_goes_to_owner_and_leader_the_day_after_then_weekly(org, action_due):
    action = action_due(-1)
    assert due(AS_OF) == [
        (Kind.ACTION_OVERDUE, "employee_team", "owner"),
        (Kind.ACTION_OVERDUE, "leader_team", "leader"),
    ]
    assert due(day(-1)) == []  # the deadline itself

    assert services.reminders_record(as_of=AS_OF) == 2
    assert services.reminders_record(as_of=day(6)) == 0  # a week after the deadline: same week
    assert services.reminders_record(as_of=day(7)) == 2  # eight days after: the weekly repeat
    periods = Reminder.objects.filter(subject_id=action.pk).values_list("period", flat=True)
    assert sorted(set(periods)) == ["w1", "w2"]


def test_a_second_sweep_finds_nothing_new_yet_a_new_owner_is_told(org, action_due):
    action = action_due(7)
    late = action_due(-1)
    assert services.reminders_record(as_of=AS_OF) == 3
    assert due(AS_OF) == []  # everything due is recorded: nothing is resolved again

    action.owner = org.user("leader", "team")
    action.save()
    assert due(AS_OF) == [(Kind.ACTION_DUE_SOON, "leader_team", "owner")]
    late.owner = None
    late.save()
    # Without an owner the action is looked at again; the leader was told already.
    assert services.reminders_record(as_of=AS_OF) == 1


def test_the_leader_is_the_nearest_holder_above_a_unit_without_one(org, owner):
    below = UnitFactory(name="Stuegruppe", parent=org.team)
    finding = FindingFactory(assessment=AssessmentFactory(unit=below))
    ActionFactory(finding=finding, owner=owner, due_on=day(-1))
    assert (Kind.ACTION_OVERDUE, "leader_team", "leader") in due(AS_OF)
    assert not any(name == "leader_dept" for _, name, _ in due(AS_OF))


def test_a_leader_above_the_unit_is_told_where_they_lead(org, owner, mailoutbox):
    below = UnitFactory(name="Stuegruppe", parent=org.team)
    finding = FindingFactory(assessment=AssessmentFactory(unit=below))
    ActionFactory(finding=finding, owner=owner, due_on=day(-1))
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    leader_mail = next(m for m in mailoutbox if m.to == ["leader_team@example.dk"])
    assert (
        "Du får en kopi, fordi du er leder for Børnehuset Solsikken, som Stuegruppe hører under."
        in leader_mail.body
    )


def test_evaluation_due_goes_to_the_trio_on_the_day_until_evaluated(org, action_due):
    action = action_due(-40, status="done", completed_on=day(-30), evaluation_due_on=AS_OF)
    assert due(AS_OF) == trio(Kind.EVALUATION_DUE)
    assert due(day(-1)) == []
    EvaluationFactory(action=action)
    assert due(AS_OF) == []


def test_phase_stalled_goes_to_the_trio_after_thirty_days_in_one_phase(org, apv):
    apv.phase_entered_at = at_noon(day(-30))
    apv.save()
    assert due(AS_OF) == trio(Kind.PHASE_STALLED)
    assert due(day(-1)) == []
    services.reminders_record(as_of=AS_OF)
    assert services.reminders_record(as_of=day(20)) == 0  # once per stay in the phase


def test_a_closed_apv_does_not_stall(org):
    AssessmentFactory(
        unit=org.sibling,
        phase=Phase.CLOSED,
        phase_entered_at=at_noon(day(-300)),
        next_revision_due=day(400),
    )
    assert due(AS_OF, Kind.PHASE_STALLED) == []


def test_revision_due_goes_to_leader_and_amr_ninety_days_before(org):
    AssessmentFactory(
        unit=org.sibling,
        phase=Phase.CLOSED,
        started_on=day(-1000),
        next_revision_due=day(90),
        phase_entered_at=at_noon(day(-1)),
    )
    assert due(AS_OF) == [
        (Kind.REVISION_DUE, "amr_sibling", "amr"),
        (Kind.REVISION_DUE, "leader_sibling", "leader"),
    ]
    assert due(day(-1)) == []


def test_revision_due_skips_a_round_superseded_by_a_newer_one(org):
    AssessmentFactory(
        unit=org.sibling,
        phase=Phase.CLOSED,
        started_on=day(-1000),
        next_revision_due=day(30),
        phase_entered_at=at_noon(day(-1)),
    )
    AssessmentFactory(
        unit=org.sibling,
        started_on=day(-10),
        next_revision_due=day(1000),
        phase_entered_at=at_noon(day(-1)),
    )
    assert due(AS_OF, Kind.REVISION_DUE) == []


def test_med_digest_goes_weekly_to_the_med_members_whose_scope_moved(org, apv):
    PhaseTransitionFactory(
        assessment=apv,
        from_phase="communication",
        to_phase="follow_up",
        at=at_noon(day(-2, MONDAY)),
    )
    assert due(MONDAY) == [
        (Kind.MED_DIGEST, "med_dept", "med"),
        (Kind.MED_DIGEST, "med_root", "med"),
        (Kind.MED_DIGEST, "med_team", "med"),
    ]
    assert due(day(-1, MONDAY)) == []  # the Sunday before
    assert services.reminders_record(as_of=MONDAY) == 3
    assert services.reminders_record(as_of=day(1, MONDAY)) == 0  # Tuesday catches up, once
    assert due(day(7, MONDAY)) == []  # nothing moved in the week before the next Monday


def test_the_digest_also_reports_what_is_late_and_next(org, action_due):
    action_due(-1)  # late as of MONDAY too
    assert (Kind.MED_DIGEST, "med_team", "med") in due(MONDAY)
    assert due(day(3, MONDAY), Kind.MED_DIGEST) == []  # Thursday: past the catch-up days


def test_the_sweep_asks_as_the_digest_whether_there_is_anything_to_say(org, action_due):
    from apps.reminders import selectors

    member = org.user("med", "dept")
    assert selectors.med_digest_is_empty(member, org.dept, MONDAY)
    assert selectors.med_digest(member, org.dept, MONDAY).is_empty
    action_due(3, MONDAY)  # due within the digest's fortnight
    assert not selectors.med_digest_is_empty(member, org.dept, MONDAY)
    assert not selectors.med_digest(member, org.dept, MONDAY).is_empty


def test_a_long_digest_shows_ten_lines_and_counts_the_rest(org, action_due, finding):
    from apps.reminders import selectors

    for offset in range(1, 14):
        action_due(-offset, MONDAY)
    secret = FindingFactory(assessment=finding.assessment, confidential=True, status="confirmed")
    ActionFactory(finding=secret, owner=org.user("leader", "team"), due_on=day(-1, MONDAY))
    late = selectors.med_digest(org.user("med", "dept"), org.dept, MONDAY).late
    assert len(late.lines) == selectors.DIGEST_LINES == 10
    assert (late.more, late.confidential, late.total) == (3, 1, 14)
    assert [a.due_on for a in late.lines] == sorted(a.due_on for a in late.lines)


def test_a_med_member_with_two_nested_units_gets_one_digest(org, apv):
    RoleAssignmentFactory(user=org.user("med", "dept"), unit=org.team, role=Role.MED)
    PhaseTransitionFactory(assessment=apv, at=at_noon(day(-2, MONDAY)))
    digests = [
        d for d in services.reminders_due(as_of=MONDAY) if d.recipient.username == "med_dept"
    ]
    assert [d.unit for d in digests] == [org.dept]


# --- access: nobody hears about what they may not see ---------------------------------------


@pytest.fixture
def secret(org, apv):
    """A confidential finding about the team's leader, handled by the AMR only."""
    return FindingFactory(
        assessment=apv,
        title="Krænkende adfærd fra Jens",
        description="Jens råber ad kollegerne",
        causes="Jens' ledelsesstil",
        confidential=True,
        handlers=[org.user("amr", "team")],
        reported_by=org.user("amr", "team"),
    )


def test_nobody_gets_a_reminder_about_an_object_they_may_not_read(org, secret, owner):
    ActionFactory(finding=secret, owner=owner, due_on=day(-1), title="Samtale med Jens")
    ActionFactory(
        finding=secret,
        owner=owner,
        status="done",
        due_on=day(-40),
        completed_on=day(-30),
        evaluation_due_on=AS_OF,
    )
    assert due(AS_OF) == [
        (Kind.ACTION_OVERDUE, "employee_team", "owner"),  # an owner sees their own action
        (Kind.EVALUATION_DUE, "amr_team", "amr"),  # the handler, not the leader nor the TR
    ]


def test_no_message_carries_a_confidential_findings_text(org, secret, owner, mailoutbox):
    RoleAssignmentFactory(user=owner, unit=org.team, role=Role.LEADER)  # owner also leads
    ActionFactory(finding=secret, owner=owner, due_on=day(-1, MONDAY), title="Samtale med Jens")
    ActionFactory(finding=secret, owner=owner, due_on=day(7, MONDAY), title="Mægling ved Jens")
    ActionFactory(
        finding=secret,
        owner=owner,
        status="done",
        due_on=day(-40, MONDAY),
        completed_on=day(-30, MONDAY),
        evaluation_due_on=MONDAY,
        title="Jens flyttes",
    )
    PhaseTransitionFactory(assessment=secret.assessment, at=at_noon(day(-2, MONDAY)))

    services.reminders_record(as_of=MONDAY)
    result = services.reminders_send(as_of=MONDAY)

    assert result.sent >= 4 and mailoutbox
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert {
        Kind.ACTION_OVERDUE,
        Kind.ACTION_DUE_SOON,
        Kind.EVALUATION_DUE,
        Kind.MED_DIGEST,
    } <= kinds
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for text in (message.subject, message.body, html):
            assert "Jens" not in text
    owner_mail = next(m for m in mailoutbox if m.to == [owner.email])
    assert "fortroligt fund" in owner_mail.body


# --- sending ----------------------------------------------------------------------------------


def test_one_message_per_person_with_plain_and_html_parts_that_say_why_and_link(
    org, action_due, owner, mailoutbox, settings
):
    settings.SITE_URL = "https://apv.nordby.dk"
    soon = action_due(7, title="Nye mødetider")
    late = action_due(-1, title="Fordel opgaverne")
    services.reminders_record(as_of=AS_OF)
    result = services.reminders_send(as_of=AS_OF)

    assert (result.sent, result.messages) == (3, 2)  # owner: two in one; leader: one
    mine = [m for m in mailoutbox if m.to == [owner.email]]
    assert len(mine) == 1
    message = mine[0]
    assert message.subject == "APV-trackeren: 2 påmindelser til dig"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert "Nye mødetider" in part and "Fordel opgaverne" in part
        assert "fordi du er ansvarlig for tiltaget" in part
        assert f"https://apv.nordby.dk/admin/actions/action/{soon.pk}/change/" in part
        assert f"https://apv.nordby.dk/admin/actions/action/{late.pk}/change/" in part
    assert "Der er 2 ting i APV-arbejdet, som venter på dig." in message.body
    assert "1. " in message.body and "2. " in message.body
    leader_mail = next(m for m in mailoutbox if m.to == [org.user("leader", "team").email])
    assert "fordi du er leder for Børnehuset Solsikken" in leader_mail.body
    assert leader_mail.subject == "Påmindelse: et tiltag er over fristen"
    # One thing to do: said so, and not numbered like a form.
    assert "Der er noget i APV-arbejdet, som venter på dig." in leader_mail.body
    assert "\n1. " not in leader_mail.body


def test_a_digest_alone_does_not_say_that_something_waits(org, apv, mailoutbox):
    PhaseTransitionFactory(assessment=apv, at=at_noon(day(-2, MONDAY)))
    services.reminders_record(as_of=MONDAY)
    services.reminders_send(as_of=MONDAY)
    digest = next(m for m in mailoutbox if m.to == [org.user("med", "team").email])
    assert "Her er ugens overblik over APV-arbejdet i dit område." in digest.body
    assert "venter på dig" not in digest.body


def test_every_kind_renders_in_danish(org, apv, action_due, mailoutbox):
    apv.phase_entered_at = at_noon(day(-30, MONDAY))
    apv.save()
    action_due(7, MONDAY)
    action_due(-1, MONDAY)
    action_due(-40, status="done", completed_on=day(-30), evaluation_due_on=MONDAY)
    PhaseTransitionFactory(
        assessment=apv,
        from_phase="communication",
        to_phase="follow_up",
        at=at_noon(day(-2, MONDAY)),
    )
    AssessmentFactory(
        unit=org.sibling,
        phase=Phase.CLOSED,
        started_on=day(-1000),
        next_revision_due=day(90, MONDAY),
        phase_entered_at=at_noon(day(-1)),
    )
    planned = day(5, MONDAY)
    in_round = Round.objects.create(
        title="APV 2027",
        unit=org.dept,
        started_on=day(-20, MONDAY),
        identification_by=day(-1, MONDAY),
        involvement_by=planned,
        prioritisation_by=day(60, MONDAY),
        communication_by=day(90, MONDAY),
        follow_up_by=day(300, MONDAY),
    )
    AssessmentFactory(unit=org.dept, round=in_round, phase="involvement")
    # The organisation's year: an annual review and an agreement whose year runs out within
    # the month, a change and a concern waiting two weeks.
    governance.annual_review_create(
        unit=org.team, by=None, held_on=day(20, MONDAY) - YEAR, assessments=[]
    )
    governance.agreement_create(unit=org.team, by=None, reviewed_on=day(25, MONDAY) - YEAR)
    change = governance.change_create(
        unit=org.team, by=None, kind="premises", changed_on=day(-14, MONDAY)
    )
    ChangeEvent.objects.filter(pk=change.pk).update(created_at=at_noon(day(-14, MONDAY)))
    concern_send(
        by=org.user("employee", "team"),
        unit=org.team,
        text="Vi når ikke pauserne",
        anonymous=True,
        today=day(-15, MONDAY),
    )
    services.reminders_record(as_of=MONDAY)
    # A leaver's action handed over to the leader.
    handed = ActionFactory(
        finding=FindingFactory(assessment=apv),
        owner=org.user("leader", "team"),
        due_on=day(40, MONDAY),
        title="Ny pauseplan",
    )
    services.handovers_record([(handed, org.user("leader", "team"))], on=MONDAY)
    services.reminders_send(as_of=MONDAY)

    assert set(Reminder.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    body = "\n".join(m.body for m in mailoutbox)
    for phrase in (
        "skal være gennemført 16. marts 2026 – om 7 dage",
        "og er nu 1 dag over fristen",
        "skulle evalueres senest 9. marts 2026",
        "har stået i fasen Opfølgning siden 7. februar 2026 – i 30 dage",
        "som runden »APV 2027« har planlagt færdig senest 14. marts 2026 – om 5 dage",
        "skal revideres senest 7. juni 2026",
        "UGENS OVERBLIK FOR BØRNEHUSET SOLSIKKEN",
        "Kommunikation → Opfølgning",
        "Den næste skal holdes senest 29. marts 2026 – om 20 dage",
        "forventningsaftale for Børnehuset Solsikken skal gennemgås senest 3. april 2026",
        "fra 23. februar 2026 har ventet på svar i 14 dage",
        "sendt 22. februar 2026, har ventet på en beslutning i 15 dage",
        "Tiltaget »Ny pauseplan« er overdraget til dig 9. marts 2026, fordi den, der var "
        "ansvarlig for det, er fratrådt. Nu er du ansvarlig for det, og fristen er 18. april 2026.",
    ):
        assert phrase in body, phrase
    assert "{{" not in body and "{%" not in body


def test_sweeping_twice_sends_each_reminder_once(org, action_due, mailoutbox):
    action_due(-1)
    for _ in range(2):
        services.reminders_record(as_of=AS_OF)
        services.reminders_send(as_of=AS_OF)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "employee_team@example.dk",
        "leader_team@example.dk",
    ]
    assert Reminder.objects.filter(status="sent").count() == 2


def test_a_changed_deadline_arms_the_reminders_again(org, action_due, owner, mailoutbox):
    action = action_due(-1)
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    assert len(mailoutbox) == 2

    action_update(action=action, by=owner, due_on=day(7))
    services.reminders_record(as_of=AS_OF)
    services.reminders_send(as_of=AS_OF)
    assert len(mailoutbox) == 3
    assert "om 7 dage" in mailoutbox[-1].body


def test_a_completed_action_stays_quiet(org, action_due, owner, mailoutbox):
    action = action_due(-1)
    services.reminders_record(as_of=AS_OF)  # recorded, not yet sent
    action_update(action=action, by=owner, status="done")

    result = services.reminders_send(as_of=AS_OF)
    assert (result.sent, result.skipped) == (0, 2)
    assert mailoutbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"skipped"}
    assert services.reminders_record(as_of=day(7)) == 0


def test_a_moved_deadline_skips_the_reminder_recorded_for_the_old_one(org, action_due, owner):
    action = action_due(7)
    services.reminders_record(as_of=AS_OF)
    action.due_on = day(20)
    action.save()
    assert services.reminders_send(as_of=AS_OF).skipped == 1


def test_a_sending_reminder_is_claimed_again_only_when_its_lease_ran_out(
    org, action_due, mailoutbox
):
    action_due(7)
    services.reminders_record(as_of=AS_OF)
    reminder = Reminder.objects.get()
    reminder.status = "sending"
    reminder.attempts = 1
    reminder.lease_until = timezone.now() + datetime.timedelta(minutes=5)
    reminder.save()
    assert services.reminders_send(as_of=AS_OF).sent == 0  # its worker may still be at it

    Reminder.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.reminders_send(as_of=AS_OF).sent == 1  # its worker died
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, len(mailoutbox)) == ("sent", 2, 1)


def test_a_reminder_whose_worker_keeps_dying_is_given_up(org, action_due, settings):
    action_due(7)
    services.reminders_record(as_of=AS_OF)
    Reminder.objects.update(
        status="sending",
        attempts=settings.APV_REMINDER_MAX_ATTEMPTS,
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    services.reminders_send(as_of=AS_OF)
    assert Reminder.objects.get().status == "failed"


def test_a_failed_delivery_is_retried_and_then_given_up(org, action_due, settings):
    settings.EMAIL_BACKEND = "tests.reminders.mailgate.RefusingEmailBackend"
    settings.APV_REMINDER_MAX_ATTEMPTS = 2
    action_due(7)
    services.reminders_record(as_of=AS_OF)

    first = services.reminders_send(as_of=AS_OF)
    reminder = Reminder.objects.get()
    assert (first.retry, reminder.status, reminder.attempts) == (1, "pending", 1)
    assert "SMTPServerDisconnected" in reminder.last_error

    second = services.reminders_send(as_of=AS_OF)
    reminder.refresh_from_db()
    assert (second.failed, reminder.status, reminder.attempts) == (1, "failed", 2)


def test_a_recipient_without_an_email_address_fails_without_blocking_others(
    org, action_due, owner, mailoutbox
):
    owner.email = ""
    owner.save()
    action_due(-1)
    services.reminders_record(as_of=AS_OF)
    result = services.reminders_send(as_of=AS_OF)
    assert (result.sent, result.failed) == (1, 1)
    assert [m.to for m in mailoutbox] == [["leader_team@example.dk"]]


def test_a_recipient_who_lost_access_before_sending_is_skipped(org, action_due, mailoutbox):
    action_due(-1)
    services.reminders_record(as_of=AS_OF)
    leader = org.user("leader", "team")
    leader.role_assignments.all().delete()
    services.reminders_send(as_of=AS_OF)
    assert [m.to for m in mailoutbox] == [["employee_team@example.dk"]]
    assert Reminder.objects.get(recipient=leader).status == "skipped"


def test_recording_is_idempotent_under_the_unique_key(org, action_due):
    action_due(-1)
    assert services.reminders_record(as_of=AS_OF) == 2
    assert services.reminders_record(as_of=AS_OF) == 0
    assert Reminder.objects.count() == 2


def test_targeted_sweep_looks_only_at_the_given_objects(org, action_due, apv):
    first = action_due(-1)
    action_due(-2)
    apv.phase_entered_at = at_noon(day(-60))
    apv.save()
    assert services.reminders_record(as_of=AS_OF, action_ids=[first.pk]) == 2
    assert set(Reminder.objects.values_list("subject_id", flat=True)) == {first.pk}
    assert services.reminders_record(as_of=AS_OF, assessment_ids=[apv.pk]) == 3


@pytest.mark.parametrize(("hour", "expected"), [(6, False), (7, True), (17, True), (18, False)])
def test_changes_only_mail_people_within_working_hours(hour, expected):
    local = timezone.make_aware(datetime.datetime(2026, 3, 2, hour, 30))
    assert services.within_send_hours(local) is expected


def test_an_inactive_user_gets_nothing(org, action_due, owner):
    owner.is_active = False
    owner.save()
    action_due(-1)
    assert [name for _, name, _ in due(AS_OF)] == ["leader_team"]


def test_a_user_outside_the_tree_who_owns_an_action_still_hears_about_it(org, finding):
    outsider = UserFactory(username="konsulent")
    ActionFactory(finding=finding, owner=outsider, due_on=day(7))
    assert due(AS_OF) == [(Kind.ACTION_DUE_SOON, "konsulent", "owner")]
