"""What is due as of a date (DESIGN.md §7): the reminders of every kind, with their
recipients resolved through the access module for the whole sweep at once. Nobody is told about
an object they may not read; the cost grows with what is due, not with what exists."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps import access
from apps.actions.models import Action, Evaluation
from apps.assessments import cycle
from apps.assessments.models import ROUND_PHASES, Assessment
from apps.organisation.models import Role, RoleAssignment, Unit

from . import selectors
from .candidates import TRIO, Candidate, Holders, weekly_period
from .due_organisation import organisation_candidates
from .models import Reminder

Kind = Reminder.Kind
Reason = Reminder.Reason


@dataclass(frozen=True)
class Due:
    """One reminder that is due: the key of a `Reminder` row and why its recipient gets it."""

    kind: str
    recipient: object
    reason: str
    subject: object
    unit: Unit
    due_on: datetime.date
    period: str = ""

    def key(self) -> tuple:
        subject_type = ContentType.objects.get_for_model(type(self.subject))
        return (
            self.kind,
            subject_type.pk,
            self.subject.pk,
            self.recipient.pk,
            self.due_on,
            self.period,
        )


def _overdue_period(due_on: datetime.date, as_of: datetime.date) -> str:
    """An action is overdue from the day after its deadline: week 1, a week later 2..."""
    return weekly_period(due_on + datetime.timedelta(days=1), as_of)


def _digest_day(as_of: datetime.date) -> datetime.date | None:
    """The digest day of `as_of`'s week, when `as_of` is that day or within its catch-up days."""
    monday = as_of - datetime.timedelta(days=as_of.weekday())
    day = monday + datetime.timedelta(days=settings.APV_MED_DIGEST_WEEKDAY)
    if 0 <= (as_of - day).days < settings.APV_MED_DIGEST_CATCH_UP_DAYS:
        return day
    return None


def _only(queryset, ids: Iterable[int] | None):
    return queryset if ids is None else queryset.filter(pk__in=list(ids))


# Ids per query when asking which reminders exist (PostgreSQL takes at most 65,535 parameters).
_ID_BATCH = 10_000


def _not_yet_recorded(actions, kind: str, due_field: str, period_of, to_owner: bool) -> list:
    """The actions of `actions` with no `kind` reminder yet for their current key.

    Most of what is due was recorded by an earlier sweep: those are recognised from their
    keys alone (three columns per action, then the existing keys by index), so a sweep with
    nothing new loads no action and asks the access module nothing. Who is told is decided
    when a reminder falls due: the owner always, with the leader's copy recorded alongside, so
    the owner's key stands for both (`to_owner`; an action without an active owner is looked
    at again each time); for reminders to the unit's leader, AMR and TR, any of their keys
    stands for all (someone who takes up the role later hears of the next one).
    """
    keys = list(actions.values_list("pk", "owner_id", due_field))
    action_type = ContentType.objects.get_for_model(Action)
    existing = set()
    for start in range(0, len(keys), _ID_BATCH):
        batch = keys[start : start + _ID_BATCH]
        for subject_id, recipient_id, due_on, period in Reminder.objects.filter(
            kind=kind, subject_type=action_type, subject_id__in=[pk for pk, *_ in batch]
        ).values_list("subject_id", "recipient_id", "due_on", "period"):
            existing.add((subject_id, recipient_id if to_owner else None, due_on, period))
    new = [
        pk
        for pk, owner_id, due_on in keys
        if (pk, owner_id if to_owner else None, due_on, period_of(due_on)) not in existing
    ]
    loaded = actions.select_related("finding__assessment__unit", "owner")
    return [
        action
        for start in range(0, len(new), _ID_BATCH)
        for action in loaded.filter(pk__in=new[start : start + _ID_BATCH])
    ]


def _actions(actions, as_of) -> tuple[list, list, list]:
    window_end = as_of + datetime.timedelta(days=settings.APV_REMINDER_DUE_SOON_DAYS)
    soon = _not_yet_recorded(
        actions.open().filter(due_on__gt=as_of, due_on__lte=window_end),
        Kind.ACTION_DUE_SOON,
        "due_on",
        lambda due_on: "",
        to_owner=True,
    )
    overdue = _not_yet_recorded(
        actions.overdue(as_of),
        Kind.ACTION_OVERDUE,
        "due_on",
        lambda due_on: _overdue_period(due_on, as_of),
        to_owner=True,
    )
    evaluated = Evaluation.objects.filter(action=OuterRef("pk"))
    waiting = _not_yet_recorded(
        actions.filter(status=Action.Status.DONE, evaluation_due_on__lte=as_of)
        .filter(~Exists(evaluated))
        .filter(cycle.open_q("finding__assessment")),
        Kind.EVALUATION_DUE,
        "evaluation_due_on",
        lambda due_on: "",
        to_owner=False,
    )
    return soon, overdue, waiting


def _phase_deadlines(assessments, as_of) -> list:
    """Open APVs of a round whose current phase the round planned done within the notice."""
    notice_end = as_of + datetime.timedelta(days=settings.APV_PHASE_DUE_NOTICE_DAYS)
    near = Q(pk__in=[])
    for phase in ROUND_PHASES:
        near |= Q(phase=phase, **{f"round__{phase}_by__range": (as_of, notice_end)})
    return list(cycle.open_assessments(assessments).filter(near).select_related("round"))


def _assessments(assessments, as_of) -> tuple[list, list]:
    # Entered on day D (local time) and stalled when D + 30 days <= as_of.
    last_day = as_of - datetime.timedelta(days=settings.APV_PHASE_STALLED_DAYS)
    before = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )
    stalled = list(cycle.open_assessments(assessments).filter(phase_entered_at__lt=before))
    # Each unit's latest round (closed ones too: the clock runs after closing).
    notice_end = as_of + datetime.timedelta(days=settings.APV_REVISION_NOTICE_DAYS)
    revisions = list(
        assessments.filter(
            pk__in=selectors.latest_assessments().values("pk"),
            next_revision_due__isnull=False,
            next_revision_due__lte=notice_end,
        )
    )
    return stalled, revisions


def _candidates(actions, assessments, as_of) -> list[Candidate]:
    soon, overdue, waiting = _actions(actions, as_of)
    stalled, revisions = _assessments(assessments, as_of)
    deadlines = _phase_deadlines(assessments, as_of)
    holders = Holders(
        [a.finding.assessment.unit for a in [*overdue, *waiting]]
        + [a.unit for a in [*stalled, *revisions, *deadlines]]
    )
    owner = Reason.OWNER
    found = [
        Candidate(
            Kind.ACTION_DUE_SOON, a, a.finding.assessment.unit, a.due_on, "", [(a.owner, owner)]
        )
        for a in soon
    ]
    # To the owner, with the unit's leader in copy: the leader gets a reminder of their own.
    found += [
        Candidate(
            Kind.ACTION_OVERDUE,
            a,
            a.finding.assessment.unit,
            a.due_on,
            _overdue_period(a.due_on, as_of),
            [(a.owner, owner), *holders(a.finding.assessment.unit, [Role.LEADER])],
        )
        for a in overdue
    ]
    found += [
        Candidate(
            Kind.EVALUATION_DUE,
            a,
            a.finding.assessment.unit,
            a.evaluation_due_on,
            "",
            holders(a.finding.assessment.unit, TRIO),
        )
        for a in waiting
    ]
    found += [
        Candidate(
            Kind.PHASE_STALLED,
            a,
            a.unit,
            timezone.localdate(a.phase_entered_at),
            a.phase,
            holders(a.unit, TRIO),
        )
        for a in stalled
    ]
    found += [
        Candidate(
            Kind.PHASE_DUE,
            a,
            a.unit,
            a.round.planned_by(a.phase),
            a.phase,
            holders(a.unit, TRIO),
        )
        for a in deadlines
    ]
    found += [
        Candidate(
            Kind.REVISION_DUE,
            a,
            a.unit,
            a.next_revision_due,
            "",
            holders(a.unit, [Role.LEADER, Role.AMR]),
        )
        for a in revisions
    ]
    return found


def _med_units(as_of) -> dict[int, tuple[object, list[Unit]]]:
    """Each active MED member with the topmost units of their MED roles (no overlapping scopes)
    that hold on `as_of`."""
    assignments = (
        RoleAssignment.objects.in_effect(as_of)
        .filter(role=Role.MED, user__is_active=True)
        .select_related("user", "unit")
    )
    by_user: dict[int, tuple[object, list[Unit]]] = {}
    for assignment in assignments.order_by("unit__path"):
        user, units = by_user.setdefault(assignment.user_id, (assignment.user, []))
        if not any(u.contains(assignment.unit) for u in units):
            units.append(assignment.unit)
    return by_user


def _med_digest(as_of) -> list[Due]:
    day = _digest_day(as_of)
    if day is None:
        return []
    year, week, _weekday = day.isocalendar()
    period = f"{year}-W{week:02d}"
    # A digest recorded by an earlier sweep of the week is not looked at again.
    recorded = set(
        Reminder.objects.filter(kind=Kind.MED_DIGEST, due_on=day, period=period).values_list(
            "recipient_id", "subject_id"
        )
    )
    members = [
        (user, unit)
        for user, units in _med_units(as_of).values()
        for unit in units
        if (user.pk, unit.pk) not in recorded
    ]
    readable = access.readable_pairs(members)
    due = []
    for user, unit in members:
        if (user.pk, Unit, unit.pk) not in readable:
            continue
        if selectors.med_digest_is_empty(user, unit, as_of):
            continue
        due.append(Due(Kind.MED_DIGEST, user, Reason.MED, unit, unit, day, period))
    return due


def reminders_due(
    *,
    as_of: datetime.date | None = None,
    action_ids: Iterable[int] | None = None,
    assessment_ids: Iterable[int] | None = None,
) -> list[Due]:
    """Every reminder due as of `as_of` (default today) that no earlier sweep recorded, with
    recipients resolved through the access module; nobody gets a reminder about an object they
    may not read.

    Given `action_ids` or `assessment_ids`, only the reminders about those objects: what a
    change implies (an action entered after its deadline is overdue at once).
    """
    as_of = as_of or timezone.localdate()
    targeted = action_ids is not None or assessment_ids is not None
    if targeted:
        action_ids, assessment_ids = action_ids or [], assessment_ids or []
    actions = _only(Action.objects.select_related("finding__assessment__unit", "owner"), action_ids)
    assessments = _only(Assessment.objects.select_related("unit"), assessment_ids)
    found = _candidates(actions, assessments, as_of)
    if not targeted:
        found += organisation_candidates(as_of)
    # Who may read what: asked of the access module once for the whole sweep.
    readable = access.readable_pairs(
        (user, candidate.subject)
        for candidate in found
        for user, _reason in candidate.people
        if user is not None
    )
    due = []
    for candidate in found:
        told: set[int] = set()
        for user, reason in candidate.people:
            if user is None or user.pk in told or not user.is_active:
                continue
            if (user.pk, type(candidate.subject), candidate.subject.pk) not in readable:
                continue
            told.add(user.pk)
            due.append(
                Due(
                    candidate.kind,
                    user,
                    reason,
                    candidate.subject,
                    candidate.unit,
                    candidate.due_on,
                    candidate.period,
                )
            )
    if not targeted:
        due += _med_digest(as_of)
    return due
