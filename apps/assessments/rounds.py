"""Rounds: a coordinator starts the APV of every unit of a subtree in one step, previewing first
what it will create and skip; then follows the round, phase by phase, against its plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from apps import access
from apps.core.services import validate
from apps.organisation.models import Unit

from . import cycle
from .models import ROUND_PHASES, Assessment, Round
from .services import assessment_create

ROUND_FIELDS = {"title", "started_on", *(f"{phase}_by" for phase in ROUND_PHASES)}


@dataclass
class RoundPlan:
    round: Round
    create: list[Unit] = field(default_factory=list)
    skip: list[tuple[Unit, str]] = field(default_factory=list)


def round_plan(*, by, unit: Unit, **fields) -> RoundPlan:
    """What starting the round would do: an APV for each unit of the subtree with people of its
    own and no open APV; the others skipped, with why. Writes nothing."""
    unknown = set(fields) - ROUND_FIELDS
    if unknown:
        raise TypeError(f"Unknown round fields: {sorted(unknown)}")
    planned = Round(unit=unit, created_by=by, **fields)
    validate(planned, exclude=["created_by"])
    plan = RoundPlan(planned)
    open_units = set(
        cycle.open_assessments()
        .filter(unit__in=Unit.objects.within(unit))
        .values_list("unit_id", flat=True)
    )
    for candidate in Unit.objects.within(unit).order_by("path"):
        if candidate.pk in open_units:
            plan.skip.append((candidate, _("has an open APV")))
        elif not candidate.headcount:
            plan.skip.append((candidate, _("has no people of its own")))
        else:
            plan.create.append(candidate)
    plan.create.sort(key=lambda u: u.ancestor_ids)
    plan.skip.sort(key=lambda pair: pair[0].ancestor_ids)
    return plan


@transaction.atomic
def round_start(*, by, unit: Unit, **fields) -> tuple[Round, list[Assessment], RoundPlan]:
    """Start the round as previewed: the round, and one APV per unit of the plan, due when its
    follow-up should be done. All or nothing."""
    plan = round_plan(by=by, unit=unit, **fields)
    started = plan.round
    started.save()
    created = [
        assessment_create(
            unit=target,
            title=f"{started.title} – {target.name}",
            by=by,
            started_on=started.started_on,
            due_on=started.follow_up_by,
            round=started,
        )
        for target in plan.create
    ]
    return started, created, plan


def round_progress(user, started: Round, today: datetime.date) -> dict:
    """Where the round stands for `user`: its APVs they may see, per phase, and those behind
    the plan (still in a phase the round planned done by now)."""
    assessments = list(
        access.assessments_visible_to(user).filter(round=started).select_related("round", "unit")
    )
    by_phase = {phase: 0 for phase in [*ROUND_PHASES, "closed"]}
    behind = []
    for assessment in assessments:
        by_phase[assessment.phase] += 1
        if cycle.is_behind_plan(assessment, today):
            behind.append(assessment)
    return {
        "round": started,
        "all": sorted(assessments, key=lambda a: a.unit.ancestor_ids),
        "assessments": len(assessments),
        "by_phase": by_phase,
        "behind": sorted(behind, key=lambda a: a.unit.ancestor_ids),
    }
