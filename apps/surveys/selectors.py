"""Scoped reads of survey figures and sickness absence: the heatmap, a unit's latest absence.
Every figure read here exists only because the anonymity rule lets it be shown."""

from __future__ import annotations

from django.db.models import QuerySet

from apps import access
from apps.factors.models import Factor
from apps.organisation.models import Unit, subtree_q

from .models import SicknessAbsence, Survey, SurveyFigure
from .proposals import chain_of, latest_surveys, nearest
from .services import figures_refresh


def surveys_for(user) -> QuerySet:
    """The surveys with figures in the user's scope, newest first (figures brought up to
    date first: after a unit moved or the threshold changed)."""
    figures_refresh()
    return access.surveys_visible_to(user).order_by("-conducted_on", "-pk")


def _survey_brief(survey: Survey | None) -> dict | None:
    if survey is None:
        return None
    return {"id": survey.pk, "name": survey.name, "conducted_on": survey.conducted_on}


def survey_heatmap(user, unit: Unit | None = None, survey: Survey | None = None) -> dict:
    """Unit × factor: the figures of `survey` (default: the latest the user may see) for the
    units in scope (below `unit`), each beside the same unit's figure in the survey before.

    Read as plain tuples, not model instances: a root coordinator's heatmap holds tens of
    thousands of figures (docs/performance.md)."""
    surveys = list(surveys_for(user))
    if survey is None:
        survey = surveys[0] if surveys else None
    previous = (
        next((s for s in surveys if s.conducted_on < survey.conducted_on), None) if survey else None
    )
    figures = access.survey_figures_visible_to(user).select_related(None)
    if unit is not None:
        figures = figures.filter(subtree_q([unit.path], "unit__path"))
    rows: dict[int, dict] = {}
    cells = []
    higher_is_better: dict[int, bool] = {}
    for unit_id, name, path, factor_id, score, respondents, higher in (
        figures.filter(survey=survey)
        .order_by("unit__path")
        .values_list(
            "unit_id",
            "unit__name",
            "unit__path",
            "factor_id",
            "score",
            "respondents",
            "higher_is_better",
        )
    ):
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = {"unit": unit_id, "unit_name": name, "path": path, "cells": {}}
        higher_is_better.setdefault(factor_id, higher)
        cells.append((row, factor_id, score, respondents))
    factors = {
        f.pk: f
        for f in Factor.objects.filter(pk__in=higher_is_better).only("code", "name", "domain")
    }
    before = {}
    if previous is not None and rows:
        before = {
            (unit_id, factor_id): score
            for unit_id, factor_id, score in figures.filter(survey=previous).values_list(
                "unit_id", "factor_id", "score"
            )
        }
    for row, factor_id, score, respondents in cells:
        row["cells"][factors[factor_id].code] = {
            "score": score,
            "respondents": respondents,
            "previous": before.get((row["unit"], factor_id)),
        }
    listed = [
        {
            "code": f.code,
            "name": f.name,
            "domain": f.domain,
            "higher_is_better": higher_is_better[f.pk],
        }
        for f in factors.values()
    ]
    return {
        "survey": _survey_brief(survey),
        "previous_survey": _survey_brief(previous),
        "factors": sorted(listed, key=lambda f: (f["domain"], f["name"])),
        "rows": list(rows.values()),
    }


def latest_absence(user, unit: Unit) -> SicknessAbsence | None:
    """The unit's sickness absence for its latest period, if the user may see it."""
    return (
        access.sickness_absence_visible_to(user)
        .filter(unit=unit)
        .order_by("-period_end", "-period_start")
        .first()
    )


def unit_survey(unit: Unit) -> dict:
    """The unit's figures in its latest survey, per factor its own or, where it had too few
    respondents, the nearest unit's above it, beside the same unit's figure in the survey
    before. For the APV report: whoever reads the APV may read these (see proposals)."""
    surveys = latest_surveys(unit)
    if not surveys:
        return {"survey": None, "rows": []}
    chain = chain_of(unit)
    figures = SurveyFigure.objects.filter(survey__in=surveys, unit_id__in=chain).select_related(
        "factor", "unit"
    )
    latest = nearest([f for f in figures if f.survey_id == surveys[0].pk], chain)
    before = {(f.unit_id, f.factor_id): f.score for f in figures if f.survey_id != surveys[0].pk}
    rows = [
        {
            "factor": figure.factor,
            "unit": figure.unit,
            "own": figure.unit_id == unit.pk,
            "score": figure.score,
            "respondents": figure.respondents,
            "previous": before.get((figure.unit_id, figure.factor_id)),
            "higher_is_better": figure.higher_is_better,
        }
        for figure in sorted(latest.values(), key=lambda f: (f.factor.domain, f.factor.name))
    ]
    return {
        "survey": surveys[0],
        "previous_survey": surveys[1] if len(surveys) > 1 else None,
        "rows": rows,
    }
