"""The benchmark's municipality generator, at a tiny size, so it cannot rot: it builds a valid
municipality the application reads as it reads one made through the services."""

import pytest

from apps import access
from apps.actions.models import Action
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.findings.models import Finding
from apps.organisation.models import Unit
from bench.municipality import generate

pytestmark = pytest.mark.django_db


def test_a_tiny_municipality_is_whole_and_readable():
    built = generate("tiny")
    assert Unit.objects.count() == built.units == 1 + 2 + 4 + 8 + 16
    assert Assessment.objects.count() == built.assessments
    assert Finding.objects.count() == built.findings
    assert Action.objects.count() == built.actions > built.findings
    # Paths are those the tree gives: a subtree is a prefix.
    for unit in Unit.objects.exclude(parent=None).select_related("parent"):
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
    # At most one open APV per unit, and every phase on the way.
    open_units = cycle.open_assessments().values_list("unit_id", flat=True)
    assert len(open_units) == len(set(open_units))
    # The access module reads it: the root coordinator sees everything, a team's AMR the team.
    from apps.accounts.models import User

    root = User.objects.get(username=built.root_coordinator)
    amr = User.objects.get(username=built.team_amr)
    assert access.findings_visible_to(root).count() == built.findings
    team = Unit.objects.get(pk=built.team_unit_id)
    seen = access.findings_visible_to(amr)
    assert seen.exists() and all(f.assessment.unit_id == team.pk for f in seen)
    # A second generation adds a second municipality beside the first (ids move on).
    again = generate("tiny")
    assert Unit.objects.count() == 2 * built.units
    assert again.root_coordinator != built.root_coordinator
