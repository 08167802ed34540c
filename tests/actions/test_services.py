"""Writes on the action plan: completion dates, progress notes, ranges, and being overdue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.actions.models import Action, ActionUpdate
from apps.actions.services import action_create, action_update, action_update_post
from apps.core.errors import DomainError
from apps.findings.services import finding_create, finding_update
from tests.factories import ActionFactory, FindingFactory, UserFactory

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def date(year, month, day):
    return datetime.date(year, month, day)


def noon(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=CPH)


@pytest.fixture
def user():
    """Someone who may read and change every action (a superuser acts as a coordinator)."""
    return UserFactory(is_superuser=True)


@pytest.fixture
def action():
    return ActionFactory(progress=20, status="in_progress", due_on=date(2025, 6, 1))


MARCH_10 = datetime.date(2025, 3, 10)


def done(action, on=MARCH_10):
    action.status = "done"
    action.progress = 100
    action.completed_on = on
    action.evaluation_due_on = on + datetime.timedelta(days=30)
    action.save()
    return action


# done and its dates


def test_done_sets_completion_date_evaluation_due_and_full_progress(action, user):
    with time_machine.travel(noon(2025, 3, 10), tick=False):
        action_update(action=action, by=user, status="done")
    action.refresh_from_db()
    assert action.completed_on == date(2025, 3, 10)
    assert action.evaluation_due_on == date(2025, 4, 9)
    assert action.progress == 100


def test_created_done_gets_its_dates_too(user):
    finding = FindingFactory()
    with time_machine.travel(noon(2025, 1, 15), tick=False):
        action = action_create(finding=finding, by=user, title="Allerede gjort", status="done")
    action.refresh_from_db()
    assert (action.completed_on, action.evaluation_due_on, action.progress) == (
        date(2025, 1, 15),
        date(2025, 2, 14),
        100,
    )


def test_done_with_a_given_completion_date_counts_from_it(action, user):
    with time_machine.travel(noon(2025, 3, 10), tick=False):
        action_update(action=action, by=user, status="done", completed_on=date(2025, 2, 20))
    action.refresh_from_db()
    assert action.completed_on == date(2025, 2, 20)
    assert action.evaluation_due_on == date(2025, 3, 22)


def test_moving_the_completion_date_moves_the_evaluation(action, user):
    done(action)
    action_update(action=action, by=user, completed_on=date(2025, 3, 1))
    action.refresh_from_db()
    assert action.evaluation_due_on == date(2025, 3, 31)


def test_editing_a_done_action_keeps_its_dates(action, user):
    done(action, on=date(2025, 3, 10))
    with time_machine.travel(noon(2025, 5, 1), tick=False):
        action_update(action=action, by=user, title="Nyt navn")
    action.refresh_from_db()
    assert action.completed_on == date(2025, 3, 10)
    assert action.evaluation_due_on == date(2025, 4, 9)


def test_a_postponed_evaluation_date_is_kept(action, user):
    done(action, on=date(2025, 3, 10))
    action_update(action=action, by=user, evaluation_due_on=date(2025, 6, 1))
    action.refresh_from_db()
    assert action.evaluation_due_on == date(2025, 6, 1)


@pytest.mark.parametrize("status", ["planned", "in_progress", "cancelled"])
def test_leaving_done_clears_completion_and_evaluation_dates(action, user, status):
    done(action)
    action_update(action=action, by=user, status=status)
    action.refresh_from_db()
    assert action.status == status
    assert action.completed_on is None
    assert action.evaluation_due_on is None


def test_a_completion_date_without_done_is_dropped(action, user):
    action_update(action=action, by=user, completed_on=date(2025, 3, 1))
    action.refresh_from_db()
    assert action.completed_on is None
    assert action.evaluation_due_on is None


def test_done_again_counts_from_the_new_completion(action, user):
    done(action, on=date(2025, 3, 10))
    action_update(action=action, by=user, status="in_progress")
    with time_machine.travel(noon(2025, 5, 2), tick=False):
        action_update(action=action, by=user, status="done")
    action.refresh_from_db()
    assert action.completed_on == date(2025, 5, 2)
    assert action.evaluation_due_on == date(2025, 6, 1)


# progress notes


def test_posting_an_update_records_it_and_updates_the_action(action, user):
    with time_machine.travel(noon(2025, 4, 2), tick=False):
        update = action_update_post(
            action=action, by=user, progress=60, status="in_progress", note="Vikar ansat"
        )
    assert ActionUpdate.objects.filter(action=action).count() == 1
    update.refresh_from_db()
    assert (update.progress, update.status, update.note, update.by) == (
        60,
        "in_progress",
        "Vikar ansat",
        user,
    )
    assert update.at == noon(2025, 4, 2)
    action.refresh_from_db()
    assert (action.progress, action.status) == (60, "in_progress")


def test_posting_done_completes_the_action(action, user):
    with time_machine.travel(noon(2025, 4, 2), tick=False):
        update = action_update_post(action=action, by=user, status="done", note="Færdig")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completed_on == date(2025, 4, 2)
    assert action.evaluation_due_on == date(2025, 5, 2)
    assert (update.status, update.progress) == ("done", 100)


def test_posting_a_note_only_records_the_current_state(action, user):
    update = action_update_post(action=action, by=user, note="Intet nyt")
    assert (update.progress, update.status) == (20, "in_progress")
    action.refresh_from_db()
    assert (action.progress, action.status) == (20, "in_progress")


def test_posting_an_invalid_progress_records_nothing(action, user):
    with pytest.raises(DomainError) as caught:
        action_update_post(action=action, by=user, progress=120, note="For meget")
    assert "progress" in caught.value.field_errors()
    assert not ActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.progress == 20


# ranges are the domain error on the field (never an integrity error, never Django's own)


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_out_of_range_on_update_is_a_field_error(action, user, progress):
    with pytest.raises(DomainError) as caught:
        action_update(action=action, by=user, progress=progress)
    assert set(caught.value.field_errors()) == {"progress"}
    action.refresh_from_db()
    assert action.progress == 20


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_out_of_range_on_create_is_a_field_error(user, progress):
    finding = FindingFactory()
    with pytest.raises(DomainError) as caught:
        action_create(finding=finding, by=user, title="X", progress=progress)
    assert set(caught.value.field_errors()) == {"progress"}
    assert not Action.objects.exists()


@pytest.mark.parametrize("progress", [0, 100])
def test_progress_at_the_ends_of_the_range_is_accepted(action, user, progress):
    action_update(action=action, by=user, progress=progress)
    action.refresh_from_db()
    assert action.progress == progress


@pytest.mark.parametrize("field", ["severity", "extent"])
@pytest.mark.parametrize("value", [0, 5])
def test_finding_scale_out_of_range_on_update_is_a_field_error(user, field, value):
    finding = FindingFactory(severity=2, extent=2, reported_by=user)
    with pytest.raises(DomainError) as caught:
        finding_update(finding=finding, by=user, **{field: value})
    assert set(caught.value.field_errors()) == {field}
    finding.refresh_from_db()
    assert getattr(finding, field) == 2


@pytest.mark.parametrize("field", ["severity", "extent"])
@pytest.mark.parametrize("value", [0, 5])
def test_finding_scale_out_of_range_on_create_is_a_field_error(user, field, value):
    other = FindingFactory()
    with pytest.raises(DomainError) as caught:
        finding_create(
            assessment=other.assessment,
            by=user,
            title="Støj",
            factor=other.factor,
            **{field: value},
        )
    assert set(caught.value.field_errors()) == {field}
    assert other.assessment.findings.count() == 1


@pytest.mark.parametrize("value", [1, 4])
def test_finding_scale_ends_are_accepted(user, value):
    finding = FindingFactory(reported_by=user)
    finding_update(finding=finding, by=user, severity=value, extent=value)
    finding.refresh_from_db()
    assert (finding.severity, finding.extent, finding.risk_score) == (value, value, value * value)


# overdue


@pytest.mark.parametrize(
    "status,due_on,overdue",
    [
        ("planned", date(2025, 3, 9), True),
        ("in_progress", date(2025, 3, 9), True),
        ("planned", date(2025, 3, 10), False),
        ("planned", date(2025, 3, 11), False),
        ("planned", None, False),
        ("cancelled", date(2025, 3, 9), False),
    ],
)
def test_is_overdue(status, due_on, overdue):
    action = ActionFactory(status=status, due_on=due_on)
    with time_machine.travel(noon(2025, 3, 10), tick=False):
        assert action.is_overdue is overdue
        assert Action.objects.overdue().filter(pk=action.pk).exists() is overdue


def test_done_action_is_never_overdue(action):
    done(action)
    action.due_on = date(2025, 1, 1)
    action.save()
    with time_machine.travel(noon(2025, 3, 10), tick=False):
        assert action.is_overdue is False
        assert not Action.objects.overdue().exists()


def test_overdue_uses_the_local_date():
    action = ActionFactory(status="planned", due_on=date(2025, 3, 10))
    just_after_midnight = datetime.datetime(2025, 3, 11, 0, 30, tzinfo=CPH)  # still 10th in UTC
    with time_machine.travel(just_after_midnight, tick=False):
        assert action.is_overdue is True
