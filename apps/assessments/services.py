"""Every write on an assessment that has a rule: creating, editing, moving, approving, reopening."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.conversation import events
from apps.core.dates import add_years
from apps.core.errors import DomainError, Unmet
from apps.core.services import apply_fields, validate

from . import cycle
from .models import ApprovalForum, Assessment, Phase, PhaseTransition

# The unit of an APV never changes after it is created (DESIGN.md §6): moving it would hand its
# confidential findings to the new unit's AMR and take the APV from its own people.
EDITABLE_FIELDS = {
    "title",
    "started_on",
    "due_on",
    "no_findings_statement",
    "sickness_absence_note",
    "went_well",
    "to_strengthen",
}


def revision_due(assessment: Assessment) -> datetime.date:
    """The three-year clock: from the plan's approval, or from the start before approval."""
    if assessment.plan_approved_at:
        start = timezone.localdate(assessment.plan_approved_at)
    else:
        start = assessment.started_on
    return add_years(start, settings.APV_REVISION_YEARS)


def ensure_open(assessment: Assessment) -> None:
    """Refuse changes to a closed APV: it is the record of a finished round."""
    if cycle.is_locked(assessment):
        raise DomainError(
            "assessment_closed",
            _("The APV is closed. Reopen it before changing it."),
            unmet=[Unmet("assessment_closed", _("The APV is closed."))],
        )


def _unit_has_other_open(assessment: Assessment, unit_id: int) -> bool:
    return cycle.open_assessments().filter(unit_id=unit_id).exclude(pk=assessment.pk).exists()


def _refuse_second_open(assessment: Assessment) -> None:
    if _unit_has_other_open(assessment, assessment.unit_id):
        message = _("The unit already has an open APV.")
        raise DomainError(
            "unit_has_open_assessment",
            message,
            unmet=[Unmet("unit_has_open_assessment", message)],
        )


@transaction.atomic
def assessment_create(
    *,
    unit,
    title: str,
    by,
    started_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    no_findings_statement: str = "",
    sickness_absence_note: str = "",
    round=None,
) -> Assessment:
    """Start a new APV round for a unit (at most one open per unit)."""
    assessment = Assessment(
        unit=unit,
        title=title,
        round=round,
        started_on=started_on or timezone.localdate(),
        due_on=due_on,
        no_findings_statement=no_findings_statement,
        sickness_absence_note=sickness_absence_note,
    )
    _refuse_second_open(assessment)
    assessment.next_revision_due = revision_due(assessment)
    validate(assessment)
    assessment._change_reason = "created"
    assessment.save()
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, by, **fields) -> Assessment:
    """Edit an open APV's own fields; its phase moves only through `assessment_transition`,
    and its unit never changes."""
    ensure_open(assessment)
    if "unit" in fields and fields["unit"] != assessment.unit:
        raise DomainError(
            "unit_fixed",
            _("An APV cannot be moved to another unit."),
            field="unit",
            invalid_input=True,
        )
    fields.pop("unit", None)
    apply_fields(assessment, fields, EDITABLE_FIELDS)
    assessment.next_revision_due = revision_due(assessment)
    validate(assessment)
    assessment.save()
    return assessment


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _move(assessment: Assessment, to: str, by, comment: str) -> None:
    PhaseTransition.objects.create(
        assessment=assessment, from_phase=assessment.phase, to_phase=to, by=by, comment=comment
    )
    assessment.phase = to
    assessment.phase_entered_at = timezone.now()
    if cycle.is_locked(assessment):
        assessment.closed_on = timezone.localdate()
    elif assessment.closed_on:
        assessment.closed_on = None
    assessment.save()


@transaction.atomic
def assessment_transition(*, assessment: Assessment, to: str, by, comment: str = "") -> Assessment:
    """Move one phase forward (when its guards are met) or one phase back (with a comment)."""
    if to not in Phase.values:
        raise DomainError(
            "unknown_phase",
            _("Unknown phase: %(phase)s.") % {"phase": to},
            field="to",
            invalid_input=True,
        )
    locked = _lock(assessment)
    unmet = cycle.unmet_conditions(locked, to)
    if unmet:
        raise DomainError(
            "transition_refused",
            _("The APV cannot move to this phase yet."),
            unmet=unmet,
        )
    if cycle.is_backward(locked.phase, to) and not comment.strip():
        raise DomainError(
            "comment_required",
            _("Say why the APV moves back a phase."),
            field="comment",
            invalid_input=True,
        )
    _move(locked, to, by, comment)
    events.assessment_moved(locked, by=by)
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Return a closed APV to follow-up, unless its unit has started another one."""
    if not reason.strip():
        raise DomainError(
            "reason_required",
            _("Say why the APV is reopened."),
            field="reason",
            invalid_input=True,
        )
    locked = _lock(assessment)
    if not cycle.may_reopen(locked):
        message = _("Only a closed APV can be reopened.")
        raise DomainError("not_closed", message, unmet=[Unmet("not_closed", message)])
    _refuse_second_open(locked)
    _move(locked, Phase.FOLLOW_UP, by, reason)
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assessment_approve_plan(
    *, assessment: Assessment, by, forum: str, comment: str = ""
) -> Assessment:
    """Record the AMO's or MED committee's approval of the action plan (who, when, where)."""
    if forum not in ApprovalForum.values:
        raise DomainError(
            "unknown_forum",
            _("The forum must be the AMO or the MED committee."),
            field="forum",
            invalid_input=True,
        )
    locked = _lock(assessment)
    if not cycle.may_approve_plan(locked):
        message = _("The action plan can only be approved in the prioritisation phase.")
        raise DomainError("wrong_phase", message, unmet=[Unmet("wrong_phase", message)])
    locked.plan_approved_at = timezone.now()
    locked.plan_approved_by = by
    locked.plan_approval_forum = forum
    locked.plan_approval_comment = comment
    locked.next_revision_due = revision_due(locked)
    locked.save()
    events.assessment_moved(locked, by=by, kind=events.InboxItem.Kind.PLAN_APPROVED)
    assessment.refresh_from_db()
    return assessment


def plan_approval_withdraw(assessment: Assessment) -> None:
    """A plan changed while still being prioritised must be approved again."""
    if not cycle.change_withdraws_approval(assessment):
        return
    assessment.plan_approved_at = None
    assessment.plan_approved_by = None
    assessment.plan_approval_forum = ""
    assessment.plan_approval_comment = ""
    assessment.next_revision_due = revision_due(assessment)
    assessment._change_reason = "plan approval withdrawn"
    assessment.save()


@transaction.atomic
def assessment_delete(*, assessment: Assessment, by) -> None:
    """Delete an APV entered by mistake; a closed one is the record and stays."""
    ensure_open(assessment)
    assessment.delete()
