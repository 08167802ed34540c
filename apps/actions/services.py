"""Writes on the action plan: actions, progress updates and evaluations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.assessments.services import ensure_open, plan_approval_withdraw
from apps.conversation import events
from apps.core.services import apply_fields, refuse_fields, validate

from .models import Action, ActionUpdate, Evaluation

ACTION_FIELDS = {
    "title",
    "description",
    "level",
    "approach",
    "owner",
    "due_on",
    "status",
    "progress",
    "completed_on",
    "evaluation_due_on",
}
# Changing these while the plan is being prioritised changes what was approved.
PLAN_FIELDS = {"owner", "due_on"}


def _apply_status(action: Action, changed: set[str], today: datetime.date) -> None:
    """Keep completion dates in step with the status: done waits for its evaluation."""
    if action.status == Action.Status.DONE:
        if action.completed_on is None:
            action.completed_on = today
        if action.evaluation_due_on is None or "completed_on" in changed:
            action.evaluation_due_on = action.completed_on + datetime.timedelta(
                days=settings.APV_EVALUATION_DAYS_AFTER_DONE
            )
        action.progress = 100
    else:
        action.completed_on = None
        action.evaluation_due_on = None


@transaction.atomic
def action_create(*, finding, by, **fields) -> Action:
    """Add a line to the action plan; a plan under approval must then be approved again."""
    assessment = finding.assessment
    ensure_open(assessment)
    action = Action(finding=finding)
    changed = apply_fields(action, fields, ACTION_FIELDS)
    _apply_status(action, changed, timezone.localdate())
    validate(action)
    action.save()
    plan_approval_withdraw(assessment)
    events.action_assigned(action, by=by)
    return action


@transaction.atomic
def action_update(*, action: Action, by, **fields) -> Action:
    """Edit an action; cancelling it or moving its owner or deadline withdraws a plan approval.
    The owner of an action under a finding they may not read changes its progress only."""
    assessment = action.finding.assessment
    ensure_open(assessment)
    changed = apply_fields(action, fields, ACTION_FIELDS)
    refuse_fields(by, action, changed)
    _apply_status(action, changed, timezone.localdate())
    validate(action)
    action.save()
    cancelled = "status" in changed and action.status == Action.Status.CANCELLED
    if cancelled or changed & PLAN_FIELDS:
        plan_approval_withdraw(assessment)
    if "owner" in changed:
        events.action_assigned(action, by=by)
    return action


@transaction.atomic
def action_reassign(*, action: Action, owner, by) -> Action:
    """Give an action to a new owner because its owner left (apps.organisation.leavers): the
    plan itself is unchanged, so an approval stands, and a closed APV's open action moves too."""
    action.owner = owner
    action._history_user = by
    action.save(update_fields=["owner"])
    events.action_assigned(action, by=by)
    return action


@transaction.atomic
def action_delete(*, action: Action, by) -> None:
    """Delete an action entered by mistake (coordinators only; never in a closed APV)."""
    assessment = action.finding.assessment
    ensure_open(assessment)
    action.delete()
    plan_approval_withdraw(assessment)


@transaction.atomic
def action_update_post(
    *, action: Action, by, progress: int | None = None, status: str | None = None, note: str = ""
) -> ActionUpdate:
    """Post a progress note; the action takes over its progress and status."""
    fields = {}
    if progress is not None:
        fields["progress"] = progress
    if status is not None:
        fields["status"] = status
    action = action_update(action=action, by=by, **fields)
    update = ActionUpdate(
        action=action, progress=action.progress, status=action.status, note=note, by=by
    )
    validate(update)
    update.save()
    events.action_updated(action, by=by)
    return update


@transaction.atomic
def evaluation_create(
    *,
    action: Action,
    by,
    effect: str,
    decision: str,
    notes: str = "",
    evaluated_on: datetime.date | None = None,
) -> Evaluation:
    """Record how an action worked and what happens next; the latest evaluation counts."""
    ensure_open(action.finding.assessment)
    evaluation = Evaluation(
        action=action,
        effect=effect,
        decision=decision,
        notes=notes,
        evaluated_on=evaluated_on or timezone.localdate(),
        by=by,
    )
    validate(evaluation)
    evaluation.save()
    return evaluation
