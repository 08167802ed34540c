"""Writes on surveys and sickness absence: imports that replace, figures that stay anonymous,
and proposals that become findings.

Who may call them is the access module's question (the API, the admin and the commands ask it
first, and the import planners only find units the importer may manage).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.assessments.services import ensure_open
from apps.core.errors import DomainError, Unmet
from apps.core.services import apply_fields, validate
from apps.findings.models import Finding
from apps.findings.services import finding_create
from apps.organisation.models import Unit

from .anonymity import shown_figures
from .imports import AbsenceRow, Progress, SurveyRow
from .models import (
    ProposalDecision,
    SicknessAbsence,
    Survey,
    SurveyDimension,
    SurveyFigure,
    SurveyResult,
)
from .proposals import Proposal, proposals_for

DIMENSION_FIELDS = {"name", "factor", "higher_is_better"}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    changed: int
    removed: int
    unchanged: int


def _in_scope(queryset, by, path_field: str):
    """Rows of units the importer may manage: a re-import replaces only what they could import."""
    if by is None:
        return queryset
    managed = access.units_where(by, Verb.MANAGE).values("pk")
    return queryset.filter(**{f"{path_field}__in": managed})


@transaction.atomic
def survey_import(rows: list[SurveyRow], *, by, progress: Progress = None) -> ImportSummary:
    """Store a planned survey file: each survey in it (by name and date) replaces what an
    earlier import of the same survey held in the importer's units; then its figures."""
    by_survey: dict[tuple, list[SurveyRow]] = defaultdict(list)
    for row in rows:
        by_survey[row.survey].append(row)
    created = changed = removed = unchanged = 0
    for (name, conducted_on), survey_rows in by_survey.items():
        survey, _new = Survey.objects.get_or_create(name=name, conducted_on=conducted_on)
        survey.imported_by = by
        survey.save()
        earlier = {
            (r.unit_id, r.factor_id): r
            for r in _in_scope(SurveyResult.objects.filter(survey=survey), by, "unit")
        }
        keep, fresh = set(), []
        for row in survey_rows:
            key = (row.unit.pk, row.dimension.factor_id)
            values = {
                "score": row.score,
                "respondents": row.respondents,
                "dimension": row.dimension.name,
                "higher_is_better": row.dimension.higher_is_better,
            }
            old = earlier.get(key)
            if old is None:
                fresh.append(SurveyResult(survey=survey, unit=row.unit, factor_id=key[1], **values))
                created += 1
            elif any(getattr(old, name) != value for name, value in values.items()):
                SurveyResult.objects.filter(pk=old.pk).update(**values)
                changed += 1
            else:
                unchanged += 1
            keep.add(key)
            if progress:
                progress(1)
        SurveyResult.objects.bulk_create(fresh, batch_size=2000)
        gone = [old.pk for key, old in earlier.items() if key not in keep]
        removed += SurveyResult.objects.filter(pk__in=gone).delete()[0]
        figures_recompute(survey)
    return ImportSummary(created, changed, removed, unchanged)


@transaction.atomic
def absence_import(rows: list[AbsenceRow], *, by, progress: Progress = None) -> ImportSummary:
    """Store a planned sickness-absence file: a unit's figure for a period replaces the one an
    earlier import gave for the same period."""
    earlier = {
        (a.unit_id, a.period_start, a.period_end): a
        for a in _in_scope(
            SicknessAbsence.objects.filter(unit__in=[row.unit.pk for row in rows]), by, "unit"
        )
    }
    created = changed = unchanged = 0
    for row in rows:
        values = {
            "days_per_fte": row.days_per_fte,
            "municipality_average": row.municipality_average,
        }
        old = earlier.get(row.key)
        if old is None:
            SicknessAbsence.objects.create(
                unit=row.unit, period_start=row.period_start, period_end=row.period_end, **values
            )
            created += 1
        elif any(getattr(old, name) != value for name, value in values.items()):
            apply_fields(old, values, set(values))
            old.save()
            changed += 1
        else:
            unchanged += 1
        if progress:
            progress(1)
    return ImportSummary(created, changed, 0, unchanged)


def _rounded(score: float) -> Decimal:
    return Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def figures_recompute(survey: Survey, parents: dict | None = None) -> int:
    """Recompute what may be shown of `survey`: each unit subtree's figure per factor, where
    the anonymity rule allows it (APV_ANONYMITY_THRESHOLD). Returns the number of figures."""
    threshold = settings.APV_ANONYMITY_THRESHOLD
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if parents is None:
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
    own: dict[int, dict[int, tuple[int, float]]] = defaultdict(dict)
    direction = {}
    for unit_id, factor_id, respondents, score, higher_is_better in survey.results.values_list(
        "unit_id", "factor_id", "respondents", "score", "higher_is_better"
    ):
        own[factor_id][unit_id] = (respondents, float(score))
        direction[factor_id] = higher_is_better
    figures = [
        SurveyFigure(
            survey=survey,
            unit_id=figure.unit_id,
            factor_id=factor_id,
            score=_rounded(figure.score),
            respondents=figure.respondents,
            higher_is_better=direction[factor_id],
        )
        for factor_id, results in own.items()
        for figure in shown_figures(parents, results, threshold).values()
    ]
    SurveyFigure.objects.filter(survey=survey).delete()
    SurveyFigure.objects.bulk_create(figures, batch_size=2000)
    Survey.objects.filter(pk=survey.pk).update(figures_threshold=threshold)
    return len(figures)


def figures_refresh() -> None:
    """Recompute the figures of surveys computed with another threshold or before the unit
    tree changed (readers call this first; usually there are none)."""
    # exclude() keeps the NULLs: surveys whose tree changed.
    stale = list(Survey.objects.exclude(figures_threshold=settings.APV_ANONYMITY_THRESHOLD))
    if stale:
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        for survey in stale:
            figures_recompute(survey, parents)


def tree_changed(**kwargs) -> None:
    """A unit moved or went away: what adds up to what changed, so every survey's figures are
    recomputed before they are read next."""
    Survey.objects.update(figures_threshold=None)


@transaction.atomic
def survey_delete(*, survey: Survey, by) -> None:
    """Remove a survey imported by mistake, with its results and figures; the findings
    accepted from it stay (they are the APV's own now)."""
    survey.delete()


@transaction.atomic
def absence_delete(*, absence: SicknessAbsence, by) -> None:
    absence.delete()


@transaction.atomic
def dimension_create(*, by, **fields) -> SurveyDimension:
    """Map a dimension of the survey tool to one of our factors."""
    dimension = SurveyDimension()
    apply_fields(dimension, fields, DIMENSION_FIELDS)
    validate(dimension)
    dimension.save()
    return dimension


@transaction.atomic
def dimension_update(*, by, dimension: SurveyDimension, **fields) -> SurveyDimension:
    """Rename a dimension or map it to another factor (results already imported keep theirs)."""
    apply_fields(dimension, fields, DIMENSION_FIELDS)
    validate(dimension)
    dimension.save()
    return dimension


@transaction.atomic
def dimension_delete(*, by, dimension: SurveyDimension) -> None:
    try:
        dimension.delete()
    except ProtectedError as error:  # pragma: no cover - nothing protects a dimension yet
        raise DomainError("dimension_in_use", str(error)) from error


@transaction.atomic
def proposals_decide(*, assessment, by, accept=(), reject=()) -> list[ProposalDecision]:
    """Accept (each becomes a risk finding with source "survey") or reject proposals of the
    APV, given as (survey id, factor id) pairs; a pair not proposed now is refused."""
    ensure_open(assessment)
    proposed = {(p.survey.pk, p.factor.pk): p for p in proposals_for(assessment)}
    wanted = [(key, True) for key in accept] + [(key, False) for key in reject]
    unknown = [key for key, _accepted in wanted if tuple(key) not in proposed]
    if unknown or len({tuple(key) for key, _a in wanted}) != len(wanted):
        message = _("This is not a proposal of the APV (any longer).")
        raise DomainError(
            "not_proposed",
            message,
            field="proposals",
            invalid_input=True,
            unmet=[Unmet("not_proposed", message)],
        )
    decisions = []
    for key, accepted in wanted:
        proposal: Proposal = proposed[tuple(key)]
        finding = None
        if accepted:
            finding = finding_create(
                assessment=assessment,
                by=by,
                title=proposal.title,
                description=proposal.description,
                factor=proposal.factor,
                kind=Finding.Kind.RISK,
                source=Finding.Source.SURVEY,
            )
        decisions.append(
            ProposalDecision.objects.create(
                assessment=assessment,
                survey=proposal.survey,
                factor=proposal.factor,
                accepted=accepted,
                finding=finding,
                decided_by=by,
            )
        )
    return decisions
