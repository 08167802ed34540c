"""The user directory and who may manage whom (DESIGN.md §6, "Users are a directory")."""

import pytest

from apps import access
from apps.access import Verb
from tests.conftest import ROLES
from tests.factories import RoleAssignmentFactory, UserFactory


def holders(org, *wheres):
    return {org.user(role, where) for role in ROLES for where in wheres}


def directory(user):
    return set(access.users_visible_to(user))


@pytest.fixture
def roleless(db):
    return UserFactory(username="new_hire")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


# --- the directory --------------------------------------------------------------------------

# Where the viewer holds their role → whose holders they list.
DIRECTORY_SCOPE = [
    pytest.param("team", ("team",), id="team"),
    pytest.param("sibling", ("sibling",), id="sibling"),
    pytest.param("dept", ("dept", "team", "sibling"), id="dept"),
    pytest.param("other_area", ("other_area",), id="other_area"),
    pytest.param("root", ("root", "dept", "team", "sibling", "other_area"), id="root"),
]


@pytest.mark.parametrize("role", [pytest.param(r, id=r) for r in ROLES])
@pytest.mark.parametrize(("where", "in_scope"), DIRECTORY_SCOPE)
def test_directory_lists_the_holders_of_roles_in_scope(org, roleless, role, where, in_scope):
    viewer = org.user(role, where)
    expected = holders(org, *in_scope)
    if role == "coordinator":
        expected.add(roleless)

    assert directory(viewer) == expected


def test_a_user_is_listed_for_any_one_role_in_scope(org):
    """Holding a role here and another elsewhere is enough to be in this directory."""
    commuter = UserFactory(username="commuter")
    RoleAssignmentFactory(user=commuter, unit=org.other_area, role="leader")
    assert commuter not in directory(org.user("employee", "team"))

    RoleAssignmentFactory(user=commuter, unit=org.team, role="employee")
    assert commuter in directory(org.user("employee", "team"))
    assert commuter in directory(org.user("employee", "other_area"))
    assert commuter not in directory(org.user("employee", "sibling"))


@pytest.mark.parametrize("role", [pytest.param(r, id=r) for r in ROLES if r != "coordinator"])
def test_only_coordinators_see_users_with_no_role(org, roleless, role):
    assert roleless not in directory(org.user(role, "root"))
    assert roleless in directory(org.user("coordinator", "team"))


def test_a_user_with_no_role_sees_only_themselves(org, roleless):
    assert directory(roleless) == {roleless}


def test_everyone_sees_themselves(org):
    for user in org.users.values():
        assert user in directory(user)
        assert access.can(user, Verb.READ, user)


def test_can_read_a_user_follows_the_directory(org):
    viewer = org.user("leader", "dept")
    assert access.can(viewer, Verb.READ, org.user("employee", "team")) is True
    assert access.can(viewer, Verb.READ, org.user("employee", "root")) is False
    assert access.can(viewer, Verb.READ, org.user("employee", "other_area")) is False


def test_superuser_sees_every_user(org, roleless, superuser):
    assert directory(superuser) == set(org.users.values()) | {roleless, superuser}


def test_inactive_user_sees_no_one(org):
    coordinator = org.user("coordinator", "root")
    coordinator.is_active = False
    coordinator.save()
    assert directory(coordinator) == set()


# --- can_manage_user ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        pytest.param(("coordinator", "dept"), ("employee", "team"), True, id="dept_on_team"),
        pytest.param(("coordinator", "dept"), ("leader", "sibling"), True, id="dept_on_sibling"),
        pytest.param(("coordinator", "dept"), ("tr", "dept"), True, id="dept_on_own_unit"),
        pytest.param(
            ("coordinator", "dept"), ("coordinator", "team"), True, id="dept_on_team_coord"
        ),
        pytest.param(("coordinator", "dept"), ("coordinator", "root"), False, id="dept_on_root"),
        pytest.param(
            ("coordinator", "dept"), ("employee", "other_area"), False, id="dept_on_other"
        ),
        pytest.param(("coordinator", "team"), ("amr", "dept"), False, id="team_on_parent"),
        pytest.param(("coordinator", "team"), ("amr", "sibling"), False, id="team_on_sibling"),
        pytest.param(("coordinator", "root"), ("med", "other_area"), True, id="root_on_anyone"),
        pytest.param(("leader", "root"), ("employee", "team"), False, id="leader_is_no_manager"),
        pytest.param(("amr", "dept"), ("employee", "team"), False, id="amr_is_no_manager"),
        pytest.param(("employee", "team"), ("employee", "team"), False, id="employee_on_self"),
    ],
)
def test_coordinator_manages_users_whose_roles_lie_in_scope(org, actor, target, allowed):
    actor, target = org.user(*actor), org.user(*target)
    assert access.can_manage_user(actor, target) is allowed
    assert access.can(actor, Verb.MANAGE, target) is allowed


def test_every_role_of_the_target_must_lie_in_scope(org):
    target = org.user("employee", "team")
    dept_coordinator = org.user("coordinator", "dept")
    assert access.can_manage_user(dept_coordinator, target)

    RoleAssignmentFactory(user=target, unit=org.other_area, role="med")
    assert not access.can_manage_user(dept_coordinator, target)
    assert access.can_manage_user(org.user("coordinator", "root"), target)


def test_coordinator_roles_in_two_places_cover_both(org):
    target = org.user("employee", "team")
    RoleAssignmentFactory(user=target, unit=org.other_area, role="med")
    actor = org.user("coordinator", "dept")
    RoleAssignmentFactory(user=actor, unit=org.other_area, role="coordinator")
    assert access.can_manage_user(actor, target)


def test_only_the_coordinator_role_gives_the_scope(org):
    """A leader of other_area who coordinates dept manages no one in other_area."""
    actor = org.user("coordinator", "dept")
    RoleAssignmentFactory(user=actor, unit=org.other_area, role="leader")
    assert not access.can_manage_user(actor, org.user("employee", "other_area"))


def test_coordinator_may_manage_a_user_with_no_role(org, roleless):
    assert access.can_manage_user(org.user("coordinator", "team"), roleless)
    assert not access.can_manage_user(org.user("leader", "root"), roleless)


@pytest.mark.parametrize("role_on_team", [None, "employee"])
def test_no_coordinator_manages_a_superuser(org, superuser, role_on_team):
    if role_on_team:
        RoleAssignmentFactory(user=superuser, unit=org.team, role=role_on_team)
    assert not access.can_manage_user(org.user("coordinator", "root"), superuser)
    assert not access.can(org.user("coordinator", "root"), Verb.MANAGE, superuser)


def test_a_superuser_manages_everyone(org, superuser, roleless):
    other_superuser = UserFactory(username="admin2", is_superuser=True)
    for target in [*org.users.values(), roleless, other_superuser]:
        assert access.can_manage_user(superuser, target)


def test_an_inactive_coordinator_manages_no_one(org):
    coordinator = org.user("coordinator", "root")
    coordinator.is_active = False
    coordinator.save()
    assert not access.can_manage_user(coordinator, org.user("employee", "team"))
