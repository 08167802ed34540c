"""Writes on an assessment: moving it, reopening it, approving its plan, the three-year clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from apps.actions.models import Action
from apps.actions.services import (
    action_create,
    action_delete,
    action_update,
    action_update_post,
    evaluation_create,
)
from apps.assessments.models import Assessment, Phase, PhaseTransition
from apps.assessments.services import (
    assessment_approve_plan,
    assessment_create,
    assessment_delete,
    assessment_reopen,
    assessment_transition,
    assessment_update,
)
from apps.communications.services import communication_create
from apps.core.errors import DomainError
from apps.findings.services import dialogue_create, finding_create
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
FORWARD = [
    (Phase.IDENTIFICATION, Phase.INVOLVEMENT),
    (Phase.INVOLVEMENT, Phase.PRIORITISATION),
    (Phase.PRIORITISATION, Phase.COMMUNICATION),
    (Phase.COMMUNICATION, Phase.FOLLOW_UP),
    (Phase.FOLLOW_UP, Phase.CLOSED),
]


def date(year, month, day):
    return datetime.date(year, month, day)


def noon(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=CPH)


@pytest.fixture
def user():
    """Someone who may change everything (a superuser acts as a coordinator everywhere)."""
    return UserFactory(is_superuser=True)


def ready(phase, **fields):
    """An assessment in `phase` whose guards for moving on are all met."""
    assessment = AssessmentFactory(phase=phase, **fields)
    if phase == Phase.IDENTIFICATION:
        FindingFactory(assessment=assessment)
    elif phase == Phase.INVOLVEMENT:
        FindingFactory(assessment=assessment, status="confirmed")
        DialogueFactory(assessment=assessment)
    elif phase == Phase.PRIORITISATION:
        assessment.sickness_absence_note = "Ingen sammenhæng med sygefraværet"
        assessment.plan_approved_at = timezone.now()
        assessment.plan_approved_by = UserFactory()
        assessment.plan_approval_forum = "amo"
        assessment.save()
        finding = FindingFactory(
            assessment=assessment,
            status="confirmed",
            severity=3,
            extent=3,
            causes="Travlhed",
            priority=1,
        )
        ActionFactory(finding=finding)
    elif phase == Phase.COMMUNICATION:
        CommunicationFactory(assessment=assessment, published_at=timezone.now())
    elif phase == Phase.FOLLOW_UP:
        action = ActionFactory(
            finding=FindingFactory(assessment=assessment, status="confirmed"),
            status="done",
            progress=100,
            completed_on=timezone.localdate(),
        )
        EvaluationFactory(action=action)
    return assessment


def approved_plan():
    """An assessment in prioritisation with an approved plan of one action."""
    assessment = ready(Phase.PRIORITISATION)
    action = Action.objects.get(finding__assessment=assessment)
    return assessment, action


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def unmet_codes(error: DomainError) -> list[str]:
    return [u.code for u in error.unmet]


# moving forward


@pytest.mark.parametrize("current,to", FORWARD)
def test_forward_move_with_guards_met(current, to, user):
    assessment = ready(current)
    assessment_transition(assessment=assessment, to=to, by=user)
    assessment.refresh_from_db()
    assert assessment.phase == to


@pytest.mark.parametrize("current,to", FORWARD)
def test_forward_move_with_guards_unmet_is_refused_with_the_unmet_list(current, to, user):
    assessment = AssessmentFactory(phase=current)
    if current == Phase.FOLLOW_UP:  # an empty follow-up has nothing left to do
        ActionFactory(finding=FindingFactory(assessment=assessment), status="planned")
    error = refused(assessment_transition, assessment=assessment, to=to, by=user)
    assert error.invalid_input is False
    assert error.unmet
    assert "not_adjacent" not in unmet_codes(error)
    assessment.refresh_from_db()
    assert assessment.phase == current
    assert not PhaseTransition.objects.filter(assessment=assessment).exists()


def test_whole_cycle_through_the_services(org, user):
    assessment = assessment_create(unit=org.team, title="APV 2025", by=user)
    finding = finding_create(
        assessment=assessment, by=user, title="Travlhed", factor=FindingFactory().factor
    )
    assessment_transition(assessment=assessment, to=Phase.INVOLVEMENT, by=user)
    dialogue_create(
        assessment=assessment, by=user, findings=[finding], forum="med", held_on=date(2025, 1, 5)
    )
    finding.status = "confirmed"
    finding.severity, finding.extent, finding.causes, finding.priority = 3, 4, "Underbemanding", 1
    finding.save()
    assessment_transition(assessment=assessment, to=Phase.PRIORITISATION, by=user)
    assessment_update(assessment=assessment, by=user, sickness_absence_note="Ja, delvist")
    action = action_create(
        finding=finding, by=user, title="Ekstra vikar", owner=user, due_on=date(2030, 1, 1)
    )
    assessment_approve_plan(assessment=assessment, by=user, forum="med")
    assessment_transition(assessment=assessment, to=Phase.COMMUNICATION, by=user)
    communication_create(
        assessment=assessment, by=user, where_we_are="Planen er klar", published_at=timezone.now()
    )
    assessment_transition(assessment=assessment, to=Phase.FOLLOW_UP, by=user)
    action_update(action=action, by=user, status="done")
    evaluation_create(action=action, by=user, effect="better", decision="keep")
    assessment_transition(assessment=assessment, to=Phase.CLOSED, by=user)
    assert assessment.phase == Phase.CLOSED
    assert list(assessment.transitions.values_list("from_phase", "to_phase")) == FORWARD


# refused moves


@pytest.mark.parametrize(
    "current,to",
    [
        (Phase.IDENTIFICATION, Phase.PRIORITISATION),
        (Phase.INVOLVEMENT, Phase.COMMUNICATION),
        (Phase.PRIORITISATION, Phase.FOLLOW_UP),
        (Phase.COMMUNICATION, Phase.CLOSED),
        (Phase.IDENTIFICATION, Phase.CLOSED),
        (Phase.COMMUNICATION, Phase.IDENTIFICATION),
        (Phase.FOLLOW_UP, Phase.INVOLVEMENT),
        (Phase.INVOLVEMENT, Phase.INVOLVEMENT),
    ],
)
def test_skipping_a_phase_is_refused_as_not_adjacent_and_changes_nothing(current, to, user):
    assessment = ready(current)
    entered = assessment.phase_entered_at
    error = refused(assessment_transition, assessment=assessment, to=to, by=user, comment="Fordi")
    assert unmet_codes(error) == ["not_adjacent"]
    assert error.invalid_input is False
    assessment.refresh_from_db()
    assert (assessment.phase, assessment.phase_entered_at) == (current, entered)
    assert not PhaseTransition.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("to", Phase.values)
def test_any_move_out_of_closed_is_not_adjacent(to, user):
    assessment = AssessmentFactory(phase=Phase.CLOSED, closed_on=date(2025, 1, 1))
    error = refused(assessment_transition, assessment=assessment, to=to, by=user, comment="Igen")
    assert unmet_codes(error) == ["not_adjacent"]
    assessment.refresh_from_db()
    assert assessment.phase == Phase.CLOSED
    assert assessment.closed_on == date(2025, 1, 1)
    assert not PhaseTransition.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("current,to", [(to, current) for current, to in FORWARD[:-1]])
def test_backward_move_without_comment_is_refused_as_invalid_input(current, to, user):
    assessment = AssessmentFactory(phase=current)
    for comment in ("", "   "):
        error = refused(
            assessment_transition, assessment=assessment, to=to, by=user, comment=comment
        )
        assert error.code == "comment_required"
        assert error.invalid_input is True
        assert error.field == "comment"
    assessment.refresh_from_db()
    assert assessment.phase == current
    assert not PhaseTransition.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("current,to", [(to, current) for current, to in FORWARD[:-1]])
def test_backward_move_with_comment_works_without_guards(current, to, user):
    assessment = AssessmentFactory(phase=current)  # nothing recorded at all
    assessment_transition(assessment=assessment, to=to, by=user, comment="Vi manglede noget")
    assessment.refresh_from_db()
    assert assessment.phase == to


def test_unknown_phase_is_invalid_input(user):
    assessment = ready(Phase.IDENTIFICATION)
    error = refused(assessment_transition, assessment=assessment, to="finished", by=user)
    assert error.code == "unknown_phase"
    assert error.invalid_input is True
    assert error.field == "to"
    assessment.refresh_from_db()
    assert assessment.phase == Phase.IDENTIFICATION


# the log


def test_forward_move_is_logged_with_who_when_from_and_to(user):
    assessment = ready(Phase.IDENTIFICATION)
    with time_machine.travel(noon(2025, 3, 4), tick=False):
        assessment_transition(assessment=assessment, to=Phase.INVOLVEMENT, by=user, comment="Ok")
    [logged] = PhaseTransition.objects.filter(assessment=assessment)
    assert (logged.from_phase, logged.to_phase) == (Phase.IDENTIFICATION, Phase.INVOLVEMENT)
    assert logged.by == user
    assert logged.comment == "Ok"
    assert logged.at == noon(2025, 3, 4)
    assessment.refresh_from_db()
    assert assessment.phase_entered_at == noon(2025, 3, 4)


def test_backward_move_is_logged_with_its_comment(user):
    assessment = AssessmentFactory(phase=Phase.COMMUNICATION)
    assessment_transition(
        assessment=assessment, to=Phase.PRIORITISATION, by=user, comment="Planen skal ændres"
    )
    [logged] = assessment.transitions.all()
    assert (logged.from_phase, logged.to_phase, logged.by, logged.comment) == (
        Phase.COMMUNICATION,
        Phase.PRIORITISATION,
        user,
        "Planen skal ændres",
    )


def test_transition_updates_the_object_passed_in(user):
    assessment = ready(Phase.IDENTIFICATION)
    returned = assessment_transition(assessment=assessment, to=Phase.INVOLVEMENT, by=user)
    assert returned.phase == assessment.phase == Phase.INVOLVEMENT


# closing and reopening


def test_closing_sets_closed_on(user):
    assessment = ready(Phase.FOLLOW_UP)
    with time_machine.travel(noon(2025, 9, 30), tick=False):
        assessment_transition(assessment=assessment, to=Phase.CLOSED, by=user)
    assessment.refresh_from_db()
    assert assessment.closed_on == date(2025, 9, 30)


def test_closing_late_in_the_evening_uses_the_local_date(user):
    assessment = ready(Phase.FOLLOW_UP)
    late = datetime.datetime(2025, 9, 30, 23, 30, tzinfo=CPH)  # 21:30 UTC
    with time_machine.travel(late, tick=False):
        assessment_transition(assessment=assessment, to=Phase.CLOSED, by=user)
    assessment.refresh_from_db()
    assert assessment.closed_on == date(2025, 9, 30)


def closed(**fields):
    return AssessmentFactory(phase=Phase.CLOSED, closed_on=date(2025, 1, 1), **fields)


def test_reopen_returns_a_closed_assessment_to_follow_up(user):
    assessment = closed()
    assessment_reopen(assessment=assessment, by=user, reason="Ny klage")
    assessment.refresh_from_db()
    assert assessment.phase == Phase.FOLLOW_UP
    assert assessment.closed_on is None
    [logged] = assessment.transitions.all()
    assert (logged.from_phase, logged.to_phase, logged.by, logged.comment) == (
        Phase.CLOSED,
        Phase.FOLLOW_UP,
        user,
        "Ny klage",
    )


def test_reopen_needs_a_reason(user):
    assessment = closed()
    error = refused(assessment_reopen, assessment=assessment, by=user, reason="  ")
    assert (error.code, error.invalid_input, error.field) == ("reason_required", True, "reason")
    assessment.refresh_from_db()
    assert assessment.phase == Phase.CLOSED


@pytest.mark.parametrize("phase", [p for p in Phase.values if p != Phase.CLOSED])
def test_reopen_only_a_closed_assessment(phase, user):
    assessment = AssessmentFactory(phase=phase)
    error = refused(assessment_reopen, assessment=assessment, by=user, reason="Igen")
    assert unmet_codes(error) == ["not_closed"]
    assessment.refresh_from_db()
    assert assessment.phase == phase
    assert not assessment.transitions.exists()


def test_reopen_refused_when_the_unit_has_another_open_assessment(org, user):
    assessment = closed(unit=org.team)
    AssessmentFactory(unit=org.team, phase=Phase.IDENTIFICATION)
    error = refused(assessment_reopen, assessment=assessment, by=user, reason="Igen")
    assert error.code == "unit_has_open_assessment"
    assert unmet_codes(error) == ["unit_has_open_assessment"]
    assert error.invalid_input is False
    assessment.refresh_from_db()
    assert assessment.phase == Phase.CLOSED
    assert not assessment.transitions.exists()


def test_reopen_allowed_when_the_other_assessments_of_the_unit_are_closed(org, user):
    assessment = closed(unit=org.team)
    closed(unit=org.team)
    AssessmentFactory(unit=org.sibling)  # open, but in another unit
    assessment_reopen(assessment=assessment, by=user, reason="Igen")
    assert assessment.phase == Phase.FOLLOW_UP


# one open assessment per unit


def test_create_refuses_a_second_open_assessment_in_a_unit(org, user):
    AssessmentFactory(unit=org.team, phase=Phase.FOLLOW_UP)
    error = refused(assessment_create, unit=org.team, title="APV 2026", by=user)
    assert error.code == "unit_has_open_assessment"
    assert unmet_codes(error) == ["unit_has_open_assessment"]
    assert Assessment.objects.filter(unit=org.team).count() == 1


def test_create_allowed_beside_closed_assessments_and_in_other_units(org, user):
    closed(unit=org.team)
    AssessmentFactory(unit=org.dept)  # open in the parent unit
    assessment = assessment_create(unit=org.team, title="APV 2026", by=user)
    assert assessment.pk
    assert assessment.phase == Phase.IDENTIFICATION


@pytest.mark.parametrize("sibling_has_an_open_apv", [False, True])
def test_an_apv_never_moves_to_another_unit(org, user, sibling_has_an_open_apv):
    # Moving it would hand its confidential findings to the new unit's AMR (DESIGN.md §6).
    if sibling_has_an_open_apv:
        AssessmentFactory(unit=org.sibling)
    assessment = AssessmentFactory(unit=org.team)
    error = refused(assessment_update, assessment=assessment, by=user, unit=org.sibling)
    assert (error.code, error.field, error.invalid_input) == ("unit_fixed", "unit", True)
    assessment.refresh_from_db()
    assert assessment.unit == org.team


def test_naming_the_same_unit_is_not_a_move(org, user):
    assessment = AssessmentFactory(unit=org.team)
    assessment_update(assessment=assessment, by=user, unit=org.team, title="Ny titel")
    assessment.refresh_from_db()
    assert (assessment.unit, assessment.title) == (org.team, "Ny titel")


# approving the plan


@pytest.mark.parametrize("phase", [p for p in Phase.values if p != Phase.PRIORITISATION])
def test_plan_can_be_approved_only_in_prioritisation(phase, user):
    assessment = AssessmentFactory(phase=phase)
    error = refused(assessment_approve_plan, assessment=assessment, by=user, forum="med")
    assert unmet_codes(error) == ["wrong_phase"]
    assessment.refresh_from_db()
    assert assessment.plan_approved_at is None


def test_plan_approval_records_who_when_and_forum(user):
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION)
    with time_machine.travel(noon(2025, 6, 15), tick=False):
        assessment_approve_plan(assessment=assessment, by=user, forum="amo", comment="Enige")
    assessment.refresh_from_db()
    assert assessment.plan_approved_at == noon(2025, 6, 15)
    assert assessment.plan_approved_by == user
    assert assessment.plan_approval_forum == "amo"
    assert assessment.plan_approval_comment == "Enige"
    assert assessment.plan_is_approved


def test_plan_approval_needs_a_known_forum(user):
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION)
    error = refused(assessment_approve_plan, assessment=assessment, by=user, forum="bestyrelse")
    assert (error.code, error.invalid_input) == ("unknown_forum", True)
    assessment.refresh_from_db()
    assert assessment.plan_approved_at is None


# the three-year clock


def test_revision_is_due_three_years_after_the_start(user):
    assessment = assessment_create(
        unit=AssessmentFactory(phase=Phase.CLOSED).unit,
        title="APV",
        by=user,
        started_on=date(2024, 3, 1),
    )
    assert assessment.next_revision_due == date(2027, 3, 1)


def test_revision_clock_follows_a_changed_start_date_before_approval(user):
    assessment = AssessmentFactory(started_on=date(2024, 3, 1))
    assessment_update(assessment=assessment, by=user, started_on=date(2024, 4, 2))
    assessment.refresh_from_db()
    assert assessment.next_revision_due == date(2027, 4, 2)


def test_revision_is_due_three_years_after_the_plan_is_approved(user):
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION, started_on=date(2024, 3, 1))
    with time_machine.travel(noon(2025, 6, 15), tick=False):
        assessment_approve_plan(assessment=assessment, by=user, forum="med")
    assessment.refresh_from_db()
    assert assessment.next_revision_due == date(2028, 6, 15)


def test_editing_an_approved_assessment_keeps_the_approval_clock(user):
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION, started_on=date(2024, 3, 1))
    with time_machine.travel(noon(2025, 6, 15), tick=False):
        assessment_approve_plan(assessment=assessment, by=user, forum="med")
    assessment_update(assessment=assessment, by=user, started_on=date(2024, 2, 1))
    assessment.refresh_from_db()
    assert assessment.next_revision_due == date(2028, 6, 15)


def test_closing_does_not_move_the_revision_clock(user):
    assessment = ready(Phase.FOLLOW_UP, started_on=date(2024, 3, 1))
    assessment.next_revision_due = date(2028, 6, 15)
    assessment.save()
    with time_machine.travel(noon(2026, 1, 10), tick=False):
        assessment_transition(assessment=assessment, to=Phase.CLOSED, by=user)
    assessment.refresh_from_db()
    assert assessment.next_revision_due == date(2028, 6, 15)


def test_start_on_29_february_falls_back_to_28_february(user):
    assessment = assessment_create(
        unit=AssessmentFactory(phase=Phase.CLOSED).unit,
        title="APV",
        by=user,
        started_on=date(2024, 2, 29),
    )
    assert assessment.next_revision_due == date(2027, 2, 28)


def test_approval_on_29_february_falls_back_to_28_february(user):
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION, started_on=date(2027, 6, 1))
    with time_machine.travel(noon(2028, 2, 29), tick=False):
        assessment_approve_plan(assessment=assessment, by=user, forum="med")
    assessment.refresh_from_db()
    assert assessment.next_revision_due == date(2031, 2, 28)


# withdrawing the approval


def assert_withdrawn(assessment):
    assessment.refresh_from_db()
    assert assessment.plan_approved_at is None
    assert assessment.plan_approved_by is None
    assert assessment.plan_approval_forum == ""
    assert assessment.next_revision_due == assessment.started_on.replace(
        year=assessment.started_on.year + 3
    )


def assert_still_approved(assessment):
    assessment.refresh_from_db()
    assert assessment.plan_approved_at is not None
    assert assessment.plan_approved_by is not None


def test_adding_an_action_withdraws_the_approval(user):
    assessment, action = approved_plan()
    action_create(
        finding=action.finding, by=user, title="Mere", owner=user, due_on=date(2030, 1, 1)
    )
    assert_withdrawn(assessment)


def test_cancelling_an_action_withdraws_the_approval(user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, status="cancelled")
    assert_withdrawn(assessment)


def test_deleting_an_action_withdraws_the_approval(user):
    assessment, action = approved_plan()
    action_delete(action=action, by=user)
    assert_withdrawn(assessment)


def test_changing_an_actions_owner_withdraws_the_approval(user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, owner=UserFactory())
    assert_withdrawn(assessment)


def test_changing_an_actions_due_date_withdraws_the_approval(user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, due_on=action.due_on + datetime.timedelta(days=7))
    assert_withdrawn(assessment)


def test_withdrawn_approval_can_be_given_again(user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, status="cancelled")
    assessment_approve_plan(assessment=assessment, by=user, forum="amo")
    assert_still_approved(assessment)


@pytest.mark.parametrize(
    "fields",
    [
        {"progress": 40},
        {"status": "in_progress"},
        {"title": "Nyt navn"},
        {"description": "Sådan gør vi"},
        {"level": "group"},
    ],
    ids=lambda f: next(iter(f)),
)
def test_other_changes_keep_the_approval(fields, user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, **fields)
    assert_still_approved(assessment)


def test_setting_the_same_owner_and_due_date_keeps_the_approval(user):
    assessment, action = approved_plan()
    action_update(action=action, by=user, owner=action.owner, due_on=action.due_on)
    assert_still_approved(assessment)


def test_posting_progress_keeps_the_approval(user):
    assessment, action = approved_plan()
    action_update_post(action=action, by=user, progress=30, note="Godt i gang")
    assert_still_approved(assessment)


@pytest.mark.parametrize("phase", [Phase.COMMUNICATION, Phase.FOLLOW_UP])
def test_plan_changes_after_prioritisation_keep_the_approval(phase, user):
    assessment, action = approved_plan()
    Assessment.objects.filter(pk=assessment.pk).update(phase=phase)
    action = Action.objects.get(pk=action.pk)
    action_update(action=action, by=user, owner=UserFactory(), due_on=date(2031, 1, 1))
    action_create(
        finding=action.finding, by=user, title="Mere", owner=user, due_on=date(2030, 1, 1)
    )
    action_update(action=action, by=user, status="cancelled")
    action_delete(action=action, by=user)
    assert_still_approved(assessment)


# a closed assessment is the record


def test_update_of_a_closed_assessment_is_refused(user):
    assessment = closed(title="APV 2024")
    error = refused(assessment_update, assessment=assessment, by=user, title="Ændret")
    assert error.code == "assessment_closed"
    assert unmet_codes(error) == ["assessment_closed"]
    assessment.refresh_from_db()
    assert assessment.title == "APV 2024"


def test_delete_of_a_closed_assessment_is_refused(user):
    assessment = closed()
    assert refused(assessment_delete, assessment=assessment, by=user).code == "assessment_closed"
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_delete_of_an_open_assessment_works(user):
    assessment = AssessmentFactory()
    assessment_delete(assessment=assessment, by=user)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_writes_inside_a_closed_assessment_are_refused(user):
    assessment = closed()
    finding = FindingFactory(assessment=assessment, status="confirmed")
    action = ActionFactory(
        finding=finding, status="done", progress=100, completed_on=date(2024, 1, 1)
    )
    attempts = [
        lambda: finding_create(assessment=assessment, by=user, title="Nyt", factor=finding.factor),
        lambda: dialogue_create(
            assessment=assessment, by=user, forum="med", held_on=date(2025, 1, 1)
        ),
        lambda: communication_create(assessment=assessment, by=user, where_we_are="Slut"),
        lambda: action_create(finding=finding, by=user, title="Nyt"),
        lambda: action_update(action=action, by=user, title="Ændret"),
        lambda: action_delete(action=action, by=user),
        lambda: action_update_post(action=action, by=user, note="Hej"),
        lambda: evaluation_create(action=action, by=user, effect="better", decision="keep"),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "assessment_closed"
    action.refresh_from_db()
    assert action.title != "Ændret"
    assert finding.actions.count() == 1
    assert assessment.findings.count() == 1
    assert not assessment.dialogues.exists()
    assert not assessment.communications.exists()
    assert not action.updates.exists()
    assert not action.evaluations.exists()
