"""Reads for reminders: the weekly MED digest of a unit and a person's deadlines for the calendar.

Both read through the access module: a digest lists only what its reader may see, and counts
confidential items without naming them (DESIGN.md §6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from apps import access
from apps.actions.models import Action
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.organisation.models import Role, Unit, subtree_q

# A digest lists at most this many lines per section; the rest are counted.
DIGEST_LINES = 10
DIGEST_LOOKAHEAD_DAYS = 14


@dataclass
class DigestSection:
    lines: list = field(default_factory=list)
    more: int = 0
    confidential: int = 0

    @property
    def total(self) -> int:
        return len(self.lines) + self.more + self.confidential


@dataclass
class Digest:
    unit: Unit
    moved: DigestSection
    late: DigestSection
    next_actions: DigestSection
    revisions: DigestSection

    @property
    def is_empty(self) -> bool:
        return not any(s.total for s in (self.moved, self.late, self.next_actions, self.revisions))


def _section(rows: QuerySet, *, confidential: int = 0) -> DigestSection:
    """The lines shown, and the rest only counted: an area's digest may cover thousands."""
    lines = list(rows[:DIGEST_LINES])
    more = rows.count() - len(lines) if len(lines) == DIGEST_LINES else 0
    return DigestSection(lines=lines, more=more, confidential=confidential)


def _actions_section(user, in_unit: QuerySet) -> DigestSection:
    """Actions the reader may see by name; confidential ones (seen or not) only as a count."""
    readable = access.actions_visible_to(user).filter(pk__in=in_unit.values("pk"))
    named = readable.filter(finding__confidential=False).order_by("due_on", "id")
    confidential = in_unit.filter(finding__confidential=True).count()
    return _section(named, confidential=confidential)


def latest_assessments() -> QuerySet:
    """Each unit's latest APV round; older rounds are superseded by it."""
    newer = Assessment.objects.filter(unit=OuterRef("unit")).filter(
        started_on__gt=OuterRef("started_on")
    )
    same_day_newer = Assessment.objects.filter(
        unit=OuterRef("unit"), started_on=OuterRef("started_on"), pk__gt=OuterRef("pk")
    )
    return Assessment.objects.filter(~Exists(newer), ~Exists(same_day_newer))


@dataclass
class _DigestQueries:
    """The digest's four sections as unevaluated querysets: read whole to write the digest,
    or asked only whether anything is there (a sweep deciding who gets one)."""

    moved: QuerySet
    late: QuerySet
    upcoming: QuerySet
    revisions: QuerySet


def _digest_queries(user, unit: Unit, as_of: datetime.date) -> _DigestQueries:
    week_ago = as_of - datetime.timedelta(days=7)
    in_unit = Action.objects.filter(subtree_q([unit.path], "finding__assessment__unit__path"))
    return _DigestQueries(
        moved=access.transitions_visible_to(user)
        .filter(subtree_q([unit.path], "assessment__unit__path"))
        .filter(at__date__gt=week_ago, at__date__lte=as_of),
        late=in_unit.overdue(as_of),
        upcoming=in_unit.open().filter(
            due_on__gte=as_of, due_on__lte=as_of + datetime.timedelta(days=DIGEST_LOOKAHEAD_DAYS)
        ),
        revisions=latest_assessments()
        .filter(pk__in=access.assessments_visible_to(user).values("pk"))
        .filter(subtree_q([unit.path], "unit__path"), next_revision_due__isnull=False)
        .filter(
            next_revision_due__lte=as_of
            + datetime.timedelta(days=settings.APV_REVISION_NOTICE_DAYS)
        ),
    )


def med_digest(user, unit: Unit, as_of: datetime.date) -> Digest:
    """What moved in the last week, what is late and what comes next in `unit`'s subtree."""
    queries = _digest_queries(user, unit, as_of)
    moved = queries.moved.select_related("assessment__unit").order_by("at", "id")
    revisions = queries.revisions.select_related("unit").order_by("next_revision_due", "id")
    return Digest(
        unit=unit,
        moved=_section(moved),
        late=_actions_section(user, queries.late),
        next_actions=_actions_section(user, queries.upcoming),
        revisions=_section(revisions),
    )


def med_digest_is_empty(user, unit: Unit, as_of: datetime.date) -> bool:
    """Whether `med_digest` would be empty, asked with at most four EXISTS queries.

    An action section is empty only when the unit has no such action at all: a reader of the
    unit sees its non-confidential actions by name and counts its confidential ones.
    """
    queries = _digest_queries(user, unit, as_of)
    sections = (queries.moved, queries.late, queries.upcoming, queries.revisions)
    return not any(section.exists() for section in sections)


def calendar_deadlines(user) -> QuerySet:
    """The open actions `user` owns that have a deadline: their calendar feed."""
    return (
        access.actions_visible_to(user)
        .filter(owner=user, due_on__isnull=False)
        .open()
        .filter(cycle.open_q("finding__assessment"))
        .order_by("due_on", "id")
    )


def calendar_phase_deadlines(user) -> list:
    """The open APVs of a round in the units where `user` is of the TRIO, each with the date
    its round planned its current phase done by: their calendar feed's phase deadlines."""
    trio = {Role.LEADER, Role.AMR, Role.TR}
    assessments = (
        cycle.open_assessments(access.assessments_visible_to(user))
        .filter(access.scope_q(user, "unit__path", roles=trio), round__isnull=False)
        .select_related("round", "unit")
        .order_by("id")
    )
    return [(a, a.round.planned_by(a.phase)) for a in assessments if a.round.planned_by(a.phase)]
