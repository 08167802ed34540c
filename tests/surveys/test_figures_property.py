"""The anonymity rule as the tracker stores it: for random unit trees and respondent counts
imported through the service, every figure that exists to be shown (the API, the admin, the
dashboard and the report read nothing else) comes from at least the threshold, is the true
subtree figure, and no group below the threshold can be worked out from them by subtraction."""

import datetime
import math
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.organisation.models import Unit
from apps.surveys.imports import SurveyRow
from apps.surveys.models import SurveyDimension, SurveyFigure
from apps.surveys.services import survey_import

from .test_anonymity import _leaks, _truth

SURVEY_DATE = datetime.date(2026, 11, 4)


@st.composite
def trees(draw):
    size = draw(st.integers(1, 10))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    respondents = [draw(st.one_of(st.integers(0, 4), st.integers(0, 12))) for _ in parents]
    scores = [draw(st.integers(0, 100)) for _ in parents]
    threshold = draw(st.integers(2, 6))
    return parents, respondents, scores, threshold


@pytest.mark.django_db
@settings(
    deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(trees())
def test_no_stored_figure_gives_a_small_group_away(tree):
    parents, respondents, scores, threshold = tree
    dimension = SurveyDimension.objects.select_related("factor").get(name="Stress")
    with transaction.atomic(), override_settings(APV_ANONYMITY_THRESHOLD=threshold):
        units = []
        for index, parent in enumerate(parents):
            parent_unit = units[parent] if parent is not None else None
            units.append(Unit.objects.create(name=f"Enhed {index}", parent=parent_unit))
        rows = [
            SurveyRow(2 + i, ("Måling", SURVEY_DATE), unit, dimension, Decimal(s), n)
            for i, (unit, n, s) in enumerate(zip(units, respondents, scores, strict=True))
            if n
        ]
        if rows:
            survey_import(rows, by=None)
        ids = {unit.pk: i for i, unit in enumerate(units)}
        tree_parents = {
            u.pk: (units[p].pk if p is not None else None)
            for u, p in zip(units, parents, strict=True)
        }
        own = {u.pk: (n, float(s)) for u, n, s in zip(units, respondents, scores, strict=True) if n}
        figures = {f.unit_id: f for f in SurveyFigure.objects.filter(unit_id__in=ids)}
        truth = _truth(tree_parents, own)
        for unit_id, figure in figures.items():
            count, mean = truth[unit_id]
            assert figure.respondents == count >= threshold
            assert math.isclose(float(figure.score), mean, abs_tol=0.05 + 1e-9)
        assert _leaks(set(figures), tree_parents, own, threshold) == []
        transaction.set_rollback(True)
