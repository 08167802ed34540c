"""Shared fixtures: a small organisation with a user for every role and position.

The organisation is built once per test module, inside a transaction that is rolled back after
the module; each test runs in a savepoint of its own (pytest-django's `db`), so it sees the
organisation fresh and leaves nothing behind. A module with a transactional test (a live
server, a worker in another process) builds it per test instead: other processes see only
what was committed.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import translation

from apps.accounts.models import User
from apps.organisation.models import Unit
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory

UNITS = ("root", "area", "dept", "team", "sibling", "other_area")


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


def build_org() -> dict:
    """Create the organisation; returns the ids of its units and users."""
    root = UnitFactory(name="Kommunen", kind="organisation")
    area = UnitFactory(name="Børn og Unge", kind="area", parent=root)
    dept = UnitFactory(name="Dagtilbud Nord", kind="department", parent=area)
    team = UnitFactory(name="Børnehuset Solsikken", kind="team", parent=dept)
    sibling = UnitFactory(name="Børnehuset Mælkebøtten", kind="team", parent=dept)
    other_area = UnitFactory(name="Ældre og Sundhed", kind="area", parent=root)
    units = dict(zip(UNITS, (root, area, dept, team, sibling, other_area), strict=True))
    users = {}
    for where in ("root", "dept", "team", "sibling", "other_area"):
        for role in ROLES:
            user = UserFactory(username=f"{role}_{where}")
            RoleAssignmentFactory(user=user, unit=units[where], role=role)
            users[(role, where)] = user.pk
    return {"units": {name: unit.pk for name, unit in units.items()}, "users": users}


def load_org(ids: dict) -> Org:
    """Fresh objects for one test (two queries): nothing a test sets on them reaches another."""
    units = Unit.objects.in_bulk(ids["units"].values())
    users = User.objects.in_bulk(ids["users"].values())
    org = Org(*(units[ids["units"][name]] for name in UNITS))
    org.users = {key: users[pk] for key, pk in ids["users"].items()}
    return org


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # A test of the organisation uses the database: say so, before pytest-django sorts the
    # tests by how they use it (transactional ones last, as they empty the database), so that
    # it sets the database up and runs these among the others in savepoints.
    for item in items:
        if "org" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.fixture(scope="module")
def module_org(request, django_db_setup, django_db_blocker):
    """The module's organisation (its ids), or None where the module builds one per test."""
    items = [i for i in request.session.items if i.module is request.module]
    if any(_transactional(item) for item in items):
        yield None
        return
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            ids = build_org()
        except BaseException:
            block.__exit__(None, None, None)
            raise
    yield ids
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture
def org(request, module_org):
    if module_org is None:
        request.getfixturevalue("transactional_db" if _transactional(request.node) else "db")
        return load_org(build_org())
    request.getfixturevalue("db")
    return load_org(module_org)


# A transactional test empties the database when it ends. The next module puts back what the
# migrations seeded (factors, the beat schedule): the suite runs in parallel, and the tests of a
# worker process may come after a transactional module in any order.
_emptied = False


@pytest.fixture(autouse=True, scope="module")
def migrated_data(request, django_db_blocker):
    global _emptied
    if _emptied:
        from django.db import connections

        with django_db_blocker.unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
        _emptied = False
    yield


@pytest.fixture(autouse=True)
def note_an_emptied_database(request):
    yield
    if _transactional(request.node):
        global _emptied
        _emptied = True


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield
