"""The organisation view: every unit in the person's scope, with or without an APV, and where
its APV stands against the law: its current APV and phase, how long it has been under way and
in its phase, the next revision, the plan's approval and the sickness-absence note; the last annual
review held for the unit or a unit above it, and its changes waiting for an answer. Four queries
whatever the size of the scope: the units, their latest APVs, the reviews and the changes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apps import access
from apps.assessments import cycle
from apps.assessments.models import Assessment, Phase
from apps.governance.selectors import last_reviews, review_missing, unanswered_changes
from apps.organisation.models import Unit, subtree_q

from .compliance import next_revision_due

# What a row can lack, in the order a coordinator reads them; `flags` filters by these.
GAPS = {
    "no_apv": "Ingen APV",
    "revision_overdue": "Revision overskredet",
    "revision_due": "Revision snart",
    "stalled": "Står stille",
    "plan_not_approved": "Plan ikke godkendt",
    "note_missing": "Sygefravær ikke vurderet",
    "annual_review_missing": "Ingen årlig drøftelse",
    "change_unanswered": "Ubesvaret ændring",
}


@dataclass
class UnitRow:
    unit: Unit
    assessment: Assessment | None
    days_under_way: int | None = None
    days_in_phase: int | None = None
    next_revision_due: datetime.date | None = None
    # The last annual review held for the unit or a unit above it (which covers it).
    last_annual_review: datetime.date | None = None
    unanswered_changes: int = 0
    gaps: list[str] = field(default_factory=list)

    @property
    def phase(self) -> str | None:
        return self.assessment.phase if self.assessment else None

    @property
    def depth(self) -> int:
        return len(self.unit.ancestor_ids) - 1

    def as_dict(self) -> dict:
        a = self.assessment
        return {
            "unit": self.unit.pk,
            "unit_name": self.unit.name,
            "path": self.unit.path,
            "assessment": a.pk if a else None,
            "title": a.title if a else None,
            "phase": a.phase if a else None,
            "started_on": a.started_on if a else None,
            "days_under_way": self.days_under_way,
            "days_in_phase": self.days_in_phase,
            "next_revision_due": self.next_revision_due,
            "plan_approved_at": a.plan_approved_at if a else None,
            "sickness_absence_note": bool(a and a.sickness_absence_note.strip()),
            "last_annual_review": self.last_annual_review,
            "unanswered_changes": self.unanswered_changes,
            "gaps": self.gaps,
        }


def _row(
    unit: Unit,
    assessment: Assessment | None,
    today: datetime.date,
    last_review: datetime.date | None,
    changes: int,
) -> UnitRow:
    row = _apv_row(unit, assessment, today)
    row.last_annual_review, row.unanswered_changes = last_review, changes
    # Like an APV, the annual review is for the people of the unit itself.
    if unit.headcount and review_missing(last_review, today):
        row.gaps.append("annual_review_missing")
    if changes:
        row.gaps.append("change_unanswered")
    return row


def _apv_row(unit: Unit, assessment: Assessment | None, today: datetime.date) -> UnitRow:
    if assessment is None:
        # A unit whose people all sit in the units below it has nobody of its own to assess.
        return UnitRow(unit, None, gaps=["no_apv"] if unit.headcount else [])
    row = UnitRow(unit, assessment, next_revision_due=next_revision_due(assessment))
    row.days_under_way = ((assessment.closed_on or today) - assessment.started_on).days
    gaps = row.gaps
    if row.next_revision_due < today:
        gaps.append("revision_overdue")
    elif row.next_revision_due <= today + datetime.timedelta(settings.APV_REVISION_NOTICE_DAYS):
        gaps.append("revision_due")
    if not cycle.is_locked(assessment):  # an open APV (a closed one is in no phase)
        row.days_in_phase = (today - timezone.localdate(assessment.phase_entered_at)).days
        if row.days_in_phase >= settings.APV_PHASE_STALLED_DAYS:
            gaps.append("stalled")
    if cycle.is_past_prioritisation(assessment):
        if not assessment.plan_is_approved:
            gaps.append("plan_not_approved")
        if not assessment.sickness_absence_note.strip():
            gaps.append("note_missing")
    return row


def _tree(row: UnitRow) -> list[int]:
    """The unit's place in the tree: parents before children, siblings by id ("/1/10/" after
    "/1/2/", which a comparison of the path strings would not give)."""
    return row.unit.ancestor_ids


ORDERINGS = {
    "unit": _tree,
    "phase": lambda r: (r.phase is None, r.phase or "", _tree(r)),
    "days_in_phase": lambda r: (-(r.days_in_phase or -1), _tree(r)),
    "next_revision_due": lambda r: (r.next_revision_due or datetime.date.min, _tree(r)),
    "last_annual_review": lambda r: (r.last_annual_review or datetime.date.min, _tree(r)),
    "gaps": lambda r: (-len(r.gaps), _tree(r)),
}


def organisation_rows(
    user,
    unit: Unit | None = None,
    *,
    gaps: list[str] | None = None,
    ordering: str = "unit",
    as_of: datetime.date | None = None,
) -> list[UnitRow]:
    """One row per unit the user may see (below `unit`), its latest APV (the open one, else
    the newest) and what it lacks; only rows with one of `gaps` when given."""
    today = as_of or timezone.localdate()
    units = access.units_visible_to(user)
    if unit is not None:
        units = units.filter(subtree_q([unit.path]))
    newest = (
        Assessment.objects.filter(unit_id=OuterRef("pk"))
        .order_by("-started_on", "-id")
        .values("pk")[:1]
    )
    units = list(units.annotate(latest_id=Subquery(newest)).order_by("path"))
    latest = Assessment.objects.select_related("unit").in_bulk(
        [u.latest_id for u in units if u.latest_id]
    )
    reviews, changes = last_reviews(units, today), unanswered_changes(units)
    rows = [_row(u, latest.get(u.latest_id), today, reviews[u.pk], changes[u.pk]) for u in units]
    if gaps:
        wanted = set(gaps)
        rows = [row for row in rows if wanted & set(row.gaps)]
    descending = ordering.startswith("-")
    key = ORDERINGS.get(ordering.lstrip("-"), ORDERINGS["unit"])
    return sorted(rows, key=key, reverse=descending)


EXPORT_COLUMNS = [
    "Enhed",
    "APV",
    "Fase",
    "Påbegyndt",
    "Dage undervejs",
    "Dage i fasen",
    "Næste revision",
    "Plan godkendt",
    "Sygefravær vurderet",
    "Sidste årlige drøftelse",
    "Ubesvarede ændringer",
    "Mangler",
]
EXPORT_WIDTHS = (32, 36, 22, 12, 10, 10, 14, 14, 12, 14, 10, 50)


def export_rows(rows: list[UnitRow]) -> list[list]:
    """The rows as the CSV and XLSX exports show them (Danish)."""
    phases = dict(Phase.choices)
    table = []
    for row in rows:
        a = row.assessment
        table.append(
            [
                row.unit.name,
                a.title if a else "",
                str(phases[a.phase]) if a else "",
                a.started_on if a else None,
                row.days_under_way,
                row.days_in_phase,
                row.next_revision_due,
                timezone.localdate(a.plan_approved_at) if a and a.plan_approved_at else None,
                ("ja" if a.sickness_absence_note.strip() else "nej") if a else "",
                row.last_annual_review,
                row.unanswered_changes,
                ", ".join(GAPS[gap] for gap in row.gaps),
            ]
        )
    return table
