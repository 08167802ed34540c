"""Shared fixtures: a small organisation with a user for every role and position."""

from dataclasses import dataclass, field

import pytest
from django.utils import translation

from apps.organisation.models import Unit
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory


@dataclass
class Org:
    """root ─ area ─ dept ─ team (own unit), with sibling team, and another area."""

    root: Unit
    area: Unit
    dept: Unit
    team: Unit
    sibling: Unit
    other_area: Unit
    users: dict = field(default_factory=dict)

    def user(self, role, where="team"):
        return self.users[(role, where)]


ROLES = ["coordinator", "leader", "amr", "tr", "med", "employee"]


@pytest.fixture
def org(db):
    root = UnitFactory(name="Kommunen", kind="organisation")
    area = UnitFactory(name="Børn og Unge", kind="area", parent=root)
    dept = UnitFactory(name="Dagtilbud Nord", kind="department", parent=area)
    team = UnitFactory(name="Børnehuset Solsikken", kind="team", parent=dept)
    sibling = UnitFactory(name="Børnehuset Mælkebøtten", kind="team", parent=dept)
    other_area = UnitFactory(name="Ældre og Sundhed", kind="area", parent=root)
    o = Org(root, area, dept, team, sibling, other_area)
    for where in ("root", "dept", "team", "sibling", "other_area"):
        unit = getattr(o, where)
        for role in ROLES:
            user = UserFactory(username=f"{role}_{where}")
            RoleAssignmentFactory(user=user, unit=unit, role=role)
            o.users[(role, where)] = user
    return o


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield
