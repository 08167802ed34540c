"""Reads of the governance app: the TRIO of a unit, its current APVs, the last annual review
that covers each unit and the unanswered changes per unit (for the organisation view), and
what the reminders will ask about: annual reviews, agreement reviews and changes that are due.
Everything a person is shown comes through the access module; these helpers take the units or
objects already read through it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from apps.access import nearest_holders_many
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.organisation.models import Role, Unit, subtree_q

from .models import YEAR, Agreement, AnnualReview, ChangeEvent
from .questions import ANSWER_FIELDS

# The TRIO of a unit (DESIGN.md §2): its leader, AMR and TR (the nearest holders of each).
TRIO_ROLES = (Role.LEADER, Role.AMR, Role.TR)


def trio_members_many(units: Iterable[Unit]) -> dict[int, list[tuple]]:
    """For each unit: its TRIO as (user, role) pairs, nearest holders of each role, in one
    query for all the units."""
    units = list(units)
    nearest = nearest_holders_many(units, TRIO_ROLES)
    members = {}
    for unit in units:
        seen, pairs = set(), []
        for role in TRIO_ROLES:
            for user in nearest[(unit.pk, role)]:
                if user.pk not in seen:
                    seen.add(user.pk)
                    pairs.append((user, role))
        members[unit.pk] = pairs
    return members


def trio_members(unit: Unit) -> list[tuple]:
    """The unit's TRIO as (user, role) pairs: whoever may confirm its agreement."""
    return trio_members_many([unit])[unit.pk]


@dataclass
class Member:
    user: object
    role: str
    confirmed_at: datetime.datetime | None

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def agreement_members(agreement: Agreement, members: list[tuple] | None = None) -> list[Member]:
    """The TRIO members of the agreement's unit, each with when they confirmed it (None: not
    yet). Reads `agreement.confirmations.all()`, which the scoped queryset prefetches."""
    if members is None:
        members = trio_members(agreement.unit)
    confirmed = {c.user_id: c.confirmed_at for c in agreement.confirmations.all()}
    return [Member(user, role, confirmed.get(user.pk)) for user, role in members]


def is_confirmed(members: list[Member]) -> bool:
    """Confirmed when the unit has a TRIO and every member of it confirmed."""
    return bool(members) and all(m.confirmed_at is not None for m in members)


def has_answers(agreement: Agreement) -> bool:
    return any(getattr(agreement, name).strip() for name in ANSWER_FIELDS)


def current_assessment_ids(units: QuerySet) -> QuerySet:
    """The ids of the current APVs of `units`: each unit's open one, else its newest."""
    open_first = Case(When(cycle.open_q(), then=0), default=1, output_field=IntegerField())
    current = (
        Assessment.objects.filter(unit_id=OuterRef("pk"))
        .order_by(open_first, "-started_on", "-id")
        .values("pk")[:1]
    )
    return units.annotate(current=Subquery(current)).values("current")


def current_assessments(unit: Unit) -> QuerySet:
    """The current APV of `unit` and of each unit below it."""
    units = Unit.objects.filter(subtree_q([unit.path]))
    return Assessment.objects.filter(pk__in=current_assessment_ids(units)).select_related("unit")


def _tops(units: list[Unit]) -> tuple[list[str], set[int]]:
    """The paths of the topmost units of `units` (every unit of the list lies below one), and
    the ids of the units above them."""
    ids = {u.pk for u in units}
    tops = [u for u in units if u.parent_id not in ids]
    above = {a for u in tops for a in u.ancestor_ids} - ids
    return [u.path for u in tops], above


def last_reviews(units: Iterable[Unit], as_of: datetime.date | None = None) -> dict:
    """For each unit: the date of the last annual review held (on or before `as_of`) for the
    unit or a unit above it, or None. One query whatever the number of units."""
    units = list(units)
    if not units:
        return {}
    as_of = as_of or timezone.localdate()
    paths, above = _tops(units)
    held = dict(
        AnnualReview.objects.filter(
            subtree_q(paths, "unit__path") | Q(unit_id__in=above), held_on__lte=as_of
        )
        .order_by()
        .values("unit_id")
        .annotate(last=Max("held_on"))
        .values_list("unit_id", "last")
    )
    return {u.pk: max((held[a] for a in u.ancestor_ids if a in held), default=None) for u in units}


def unanswered_changes(units: Iterable[Unit]) -> dict[int, int]:
    """For each unit: how many of its changes wait for an answer. One query."""
    units = list(units)
    if not units:
        return {}
    paths, _above = _tops(units)
    counts = dict(
        ChangeEvent.objects.filter(subtree_q(paths, "unit__path"), answered_at__isnull=True)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return {u.pk: counts.get(u.pk, 0) for u in units}


def review_missing(last: datetime.date | None, as_of: datetime.date) -> bool:
    """No annual review within a year of `as_of`."""
    return last is None or last + YEAR < as_of


# --- what the reminders will ask (DESIGN.md §7; the sweep itself lives in apps.reminders) -----


def annual_reviews_due(as_of: datetime.date, notice_days: int = 0) -> QuerySet:
    """The last annual review of each unit whose year runs out within `notice_days` of
    `as_of` (its next one due on `next_due`, between `as_of` and `as_of` + `notice_days`);
    remind the TRIO of the unit it was held for. A year that has already
    run out is a gap the organisation view shows, not a reminder sent again each day."""
    first, last = as_of - YEAR, as_of + datetime.timedelta(days=notice_days) - YEAR
    newer = AnnualReview.objects.filter(unit=OuterRef("unit"), held_on__gt=OuterRef("held_on"))
    return (
        AnnualReview.objects.filter(held_on__range=(first, last))
        .filter(~Exists(newer))
        .select_related("unit")
    )


def agreement_reviews_due(as_of: datetime.date, notice_days: int = 0) -> QuerySet:
    """Agreements whose yearly review (`review_due`) falls between `as_of` and `as_of` +
    `notice_days`; remind the unit's TRIO. One overdue is shown as such, not reminded daily."""
    horizon = as_of + datetime.timedelta(days=notice_days)
    return Agreement.objects.filter(review_due__range=(as_of, horizon)).select_related("unit")


def changes_unanswered(registered_before: datetime.datetime | None = None) -> QuerySet:
    """Changes that wait for their answer (registered before a moment when given); remind the
    unit's TRIO."""
    changes = ChangeEvent.objects.filter(answered_at__isnull=True).select_related("unit")
    if registered_before is not None:
        changes = changes.filter(created_at__lt=registered_before)
    return changes
