"""Which survey figures an APV should consider as findings: a factor scoring below
APV_SURVEY_WEAK_BELOW, or falling APV_SURVEY_DROP points or more since the unit's previous
survey. Reads only figures (already anonymous); a small team whose own figure is not shown is
proposed its nearest parent's, and the proposal says so. Whoever reads the APV may read these
figures: those of its unit and the units above it (access.survey_figures_visible_to)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from apps.factors.models import Factor
from apps.organisation.models import Unit

from .models import ProposalDecision, Survey, SurveyFigure


def goodness(score: Decimal, higher_is_better: bool) -> Decimal:
    """The score on a scale where high is good, whatever the dimension's direction."""
    return score if higher_is_better else Decimal(100) - score


@dataclass(frozen=True)
class Proposal:
    survey: Survey
    factor: Factor
    unit: Unit  # whose figure it is: the APV's unit, or the nearest parent shown
    score: Decimal
    respondents: int
    higher_is_better: bool
    previous: Decimal | None
    weak: bool
    falling: bool
    for_unit: Unit

    @property
    def title(self) -> str:
        return _("Survey: %(factor)s scored %(score)s") % {
            "factor": self.factor.name,
            "score": number_format(self.score, 1),
        }

    @property
    def description(self) -> str:
        parts = [
            _("%(survey)s (%(date)s): %(score)s of 100, from %(respondents)s respondents.")
            % {
                "survey": self.survey.name,
                "date": date_format(self.survey.conducted_on, "j. F Y"),
                "score": number_format(self.score, 1),
                "respondents": self.respondents,
            }
        ]
        if not self.higher_is_better:
            parts.append(_("On this dimension a high score is a problem."))
        if self.previous is not None:
            parts.append(_("The previous survey: %s.") % number_format(self.previous, 1))
        if self.unit.pk != self.for_unit.pk:
            parts.append(
                _("The figure is that of %s: the unit had too few respondents to be shown alone.")
                % self.unit.name
            )
        return " ".join(parts)


def chain_of(unit: Unit) -> list[int]:
    """The unit and its ancestors, nearest first."""
    return list(reversed(unit.ancestor_ids))


def nearest(figures, chain) -> dict[int, SurveyFigure]:
    """Per factor, the figure of the unit nearest in `chain`."""
    rank = {unit_id: i for i, unit_id in enumerate(chain)}
    best: dict[int, SurveyFigure] = {}
    for figure in figures:
        current = best.get(figure.factor_id)
        if current is None or rank[figure.unit_id] < rank[current.unit_id]:
            best[figure.factor_id] = figure
    return best


def latest_surveys(unit: Unit, count: int = 2) -> list[Survey]:
    """The unit's latest surveys with a figure shown for it or a unit above it, newest first."""
    return list(
        Survey.objects.filter(figures__unit_id__in=chain_of(unit))
        .distinct()
        .order_by("-conducted_on", "-pk")[:count]
    )


def proposals_for(assessment) -> list[Proposal]:
    """The APV's proposed findings from its unit's latest survey, minus those decided."""
    unit = assessment.unit
    surveys = latest_surveys(unit)
    if not surveys:
        return []
    chain = chain_of(unit)
    figures = (
        SurveyFigure.objects.filter(survey__in=surveys, unit_id__in=chain)
        .select_related("factor", "unit", "survey")
        .order_by("factor__name")
    )
    latest = nearest([f for f in figures if f.survey_id == surveys[0].pk], chain)
    previous = nearest([f for f in figures if f.survey_id != surveys[0].pk], chain)
    decided = set(
        ProposalDecision.objects.filter(assessment=assessment, survey=surveys[0]).values_list(
            "factor_id", flat=True
        )
    )
    weak_below = Decimal(settings.APV_SURVEY_WEAK_BELOW)
    drop = Decimal(settings.APV_SURVEY_DROP)
    proposals = []
    for factor_id, figure in latest.items():
        if factor_id in decided:
            continue
        now = goodness(figure.score, figure.higher_is_better)
        before = previous.get(factor_id)
        if before is not None and before.unit_id != figure.unit_id:
            before = None  # the previous figure counted other people: no trend
        then = goodness(before.score, before.higher_is_better) if before else None
        weak = now < weak_below
        falling = then is not None and then - now >= drop
        if weak or falling:
            proposals.append(
                Proposal(
                    survey=figure.survey,
                    factor=figure.factor,
                    unit=figure.unit,
                    score=figure.score,
                    respondents=figure.respondents,
                    higher_is_better=figure.higher_is_better,
                    previous=before.score if before else None,
                    weak=weak,
                    falling=falling,
                    for_unit=unit,
                )
            )
    return proposals
