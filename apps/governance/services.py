"""Writes on annual reviews, changes and the TRIO's agreement: every rule lives here, and the
API and the admin call these functions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.assessments.services import assessment_create, assessment_reopen
from apps.core.errors import DomainError, Unmet
from apps.core.services import apply_fields, validate
from apps.organisation.models import Unit, path_within

from .models import Agreement, AgreementConfirmation, AnnualReview, ChangeEvent
from .questions import ANSWER_FIELDS
from .selectors import current_assessments, has_answers, trio_members

ANNUAL_REVIEW_FIELDS = {"held_on", "participants", "last_year_goals", "goals", "way_of_working"}
CHANGE_FIELDS = {"kind", "description", "changed_on"}
# What the TRIO confirms: a change of any of these clears the confirmations.
AGREEMENT_TEXT_FIELDS = {"with_med", *ANSWER_FIELDS}
AGREEMENT_FIELDS = {"reviewed_on", *AGREEMENT_TEXT_FIELDS}


def _refuse(code: str, message: str) -> DomainError:
    """A rule refuses (409) with itself as the one unmet condition."""
    return DomainError(code, message, unmet=[Unmet(code, message)])


# --- annual reviews -------------------------------------------------------------------------


def _link_assessments(review: AnnualReview, assessments: Iterable[Assessment]) -> None:
    assessments = list(assessments)
    if any(not path_within(a.unit.path, review.unit.path) for a in assessments):
        raise DomainError(
            "assessment_outside_unit",
            _("An annual review can only link APVs of its unit and the units below it."),
            field="assessments",
            invalid_input=True,
        )
    review.assessments.set(assessments)


@transaction.atomic
def annual_review_create(
    *,
    unit: Unit,
    by,
    held_on: datetime.date,
    participants: str = "",
    last_year_goals: str = "",
    goals: str = "",
    way_of_working: str = "",
    assessments: Iterable[Assessment] | None = None,
) -> AnnualReview:
    """Record an annual work-environment review of `unit`, linked to `assessments` (default:
    the current APVs of the unit and every unit below it)."""
    review = AnnualReview(
        unit=unit,
        held_on=held_on,
        participants=participants,
        last_year_goals=last_year_goals,
        goals=goals,
        way_of_working=way_of_working,
        created_by=by,
    )
    validate(review)
    review.save()
    _link_assessments(review, current_assessments(unit) if assessments is None else assessments)
    return review


@transaction.atomic
def annual_review_update(
    *, review: AnnualReview, by, assessments: Iterable[Assessment] | None = None, **fields
) -> AnnualReview:
    """Edit an annual review; `assessments` replaces its links when given. Its unit stays."""
    apply_fields(review, fields, ANNUAL_REVIEW_FIELDS)
    validate(review)
    review.save()
    if assessments is not None:
        _link_assessments(review, assessments)
    return review


@transaction.atomic
def annual_review_delete(*, review: AnnualReview, by) -> None:
    """Delete a review entered by mistake (coordinators)."""
    review.delete()


# --- changes --------------------------------------------------------------------------------


def _ensure_unanswered(change: ChangeEvent) -> None:
    if change.is_answered:
        raise _refuse(
            "change_answered",
            _("The change has already been answered; the answer stays as it was given."),
        )


@transaction.atomic
def change_create(
    *, unit: Unit, by, kind: str, changed_on: datetime.date, description: str = ""
) -> ChangeEvent:
    """Register a change in a unit's work; it waits for the answer to "must the APV be
    revised?"."""
    change = ChangeEvent(
        unit=unit, kind=kind, changed_on=changed_on, description=description, reported_by=by
    )
    validate(change)
    change.save()
    return change


@transaction.atomic
def change_update(*, change: ChangeEvent, by, **fields) -> ChangeEvent:
    """Edit a change that is not answered yet (the answer was given to what it said)."""
    _ensure_unanswered(change)
    apply_fields(change, fields, CHANGE_FIELDS)
    validate(change)
    change.save()
    return change


@transaction.atomic
def change_delete(*, change: ChangeEvent, by) -> None:
    """Delete a change registered by mistake (coordinators), only while unanswered."""
    _ensure_unanswered(change)
    change.delete()


def _revised_assessment(change: ChangeEvent, by, reason: str, reopen: bool) -> Assessment:
    """The APV that revises the unit's after `change`: its open one; else its latest closed one
    reopened (`reopen`, with `reason`; coordinators and leaders, as any reopening); else a new
    one."""
    unit = change.unit
    open_apv = cycle.open_assessments().filter(unit=unit).first()
    if open_apv is not None:
        return open_apv
    if reopen:
        closed = cycle.latest_closed(unit)
        if closed is None:
            raise _refuse("nothing_to_reopen", _("The unit has no closed APV to reopen."))
        if by is not None and not access.can(by, Verb.REOPEN, closed):
            raise DomainError(
                "reopen_forbidden",
                _("Only a coordinator or a leader reopens an APV; start a new one instead."),
                forbidden=True,
            )
        return assessment_reopen(assessment=closed, by=by, reason=reason)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Revision after a change: %(kind)s") % {"kind": change.get_kind_display()}
    return assessment_create(unit=unit, title=title, by=by)


@transaction.atomic
def change_answer(
    *, change: ChangeEvent, by, revise: bool, reason: str = "", reopen: bool = False
) -> ChangeEvent:
    """Answer "must the APV be revised?" once. Yes: the unit's open APV is linked, or else its
    latest closed one is reopened (`reopen`, which needs `reason`) or a new one is started. No:
    `reason` says why."""
    locked = ChangeEvent.objects.select_for_update().select_related("unit").get(pk=change.pk)
    _ensure_unanswered(locked)
    reason = reason.strip()
    if revise:
        locked.assessment = _revised_assessment(locked, by, reason, reopen)
        locked.decision = ChangeEvent.Decision.REVISE
    else:
        if not reason:
            raise DomainError(
                "reason_required",
                _("Say why the APV need not be revised."),
                field="reason",
                invalid_input=True,
            )
        locked.decision = ChangeEvent.Decision.NO_REVISION
    locked.reason = reason
    locked.answered_at = timezone.now()
    locked.answered_by = by
    validate(locked)
    locked.save()
    change.refresh_from_db()
    return change


# --- the TRIO's agreement -------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, unit: Unit, by, **fields) -> Agreement:
    """Write the TRIO's agreement of `unit` (one per unit); reviewed today unless a
    `reviewed_on` is given."""
    if Agreement.objects.filter(unit=unit).exists():
        raise _refuse(
            "unit_has_agreement",
            _("The unit already has a TRIO agreement: change that one."),
        )
    agreement = Agreement(unit=unit, created_by=by, reviewed_on=timezone.localdate())
    apply_fields(agreement, fields, AGREEMENT_FIELDS)
    validate(agreement, exclude=["review_due"])
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by, **fields) -> Agreement:
    """Edit the agreement; a change of its text (or of whether the MED committee is part of it)
    clears the confirmations, which were given to another text."""
    changed = apply_fields(agreement, fields, AGREEMENT_FIELDS)
    validate(agreement, exclude=["review_due"])
    agreement.save()
    if changed & AGREEMENT_TEXT_FIELDS:
        agreement.confirmations.all().delete()
    return agreement


@transaction.atomic
def agreement_confirm(*, agreement: Agreement, by) -> AgreementConfirmation:
    """`by` confirms the agreement as it reads now: a current member of the unit's TRIO (its
    nearest leader, AMR or TR), for themself only."""
    role = next((r for user, r in trio_members(agreement.unit) if user.pk == by.pk), None)
    if role is None:
        raise DomainError(
            "not_a_member",
            _("Only the unit's leader, AMR and TR confirm its TRIO agreement."),
            forbidden=True,
        )
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not has_answers(locked):
        raise _refuse("agreement_empty", _("Answer the questions before confirming."))
    if locked.confirmations.filter(user=by).exists():
        raise _refuse("already_confirmed", _("You have already confirmed this agreement."))
    return AgreementConfirmation.objects.create(
        agreement=locked, user=by, role=role, confirmed_at=timezone.now()
    )


@transaction.atomic
def agreement_delete(*, agreement: Agreement, by) -> None:
    """Delete an agreement entered by mistake (coordinators)."""
    agreement.delete()
