"""`me/`, `users/`, `units/` and `role-assignments/` over HTTP: the directory, who may manage
whom and what, the tree kept valid, and lists whose query count does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.organisation.models import RoleAssignment, Unit
from tests.conftest import ROLES
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory

API = "/api/v1"
STRONG_PASSWORD = "Solsikke-2026-kode"


def client_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.json()


def ids(response):
    return {row["id"] for row in ok(response)["results"]}


def usernames(response):
    return {row["username"] for row in ok(response)["results"]}


def holders(org, *wheres):
    return {org.user(role, where).username for role in ROLES for where in wheres}


@pytest.fixture
def roleless(db):
    return UserFactory(username="new_hire")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


# --- 401 ------------------------------------------------------------------------------------


ANONYMOUS_CALLS = [
    ("get", "me/"),
    ("get", "users/"),
    ("post", "users/"),
    ("get", "users/{user}/"),
    ("patch", "users/{user}/"),
    ("get", "units/"),
    ("post", "units/"),
    ("get", "units/{unit}/"),
    ("patch", "units/{unit}/"),
    ("get", "role-assignments/"),
    ("post", "role-assignments/"),
    ("get", "role-assignments/{role}/"),
    ("delete", "role-assignments/{role}/"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS_CALLS, ids=lambda x: x)
def test_anonymous_gets_401_on_every_route(org, method, path):
    employee = org.user("employee", "team")
    role = RoleAssignment.objects.get(user=employee)
    url = f"{API}/" + path.format(user=employee.pk, unit=org.team.pk, role=role.pk)
    response = getattr(APIClient(), method)(url, {})
    assert response.status_code == 401
    assert "results" not in response.json()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


# --- me -------------------------------------------------------------------------------------


def test_me_shows_the_caller_and_their_roles(org):
    amr = org.user("amr", "team")
    RoleAssignmentFactory(user=amr, unit=org.sibling, role="med")
    me = ok(client_as(amr).get(f"{API}/me/"))
    assert me["id"] == amr.pk
    assert me["username"] == "amr_team"
    assert set(me) == {"id", "username", "first_name", "last_name", "email", "roles"}
    assert sorted(me["roles"], key=lambda r: r["role"]) == [
        {"unit": org.team.pk, "role": "amr"},
        {"unit": org.sibling.pk, "role": "med"},
    ]


def test_me_works_for_a_user_with_no_role(roleless):
    me = ok(client_as(roleless).get(f"{API}/me/"))
    assert me["username"] == "new_hire"
    assert me["roles"] == []


# --- the directory --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_directory_is_the_holders_in_scope(org, roleless, role):
    expected = holders(org, "team")
    if role == "coordinator":
        expected.add("new_hire")
    response = client_as(org.user(role, "team")).get(f"{API}/users/", {"page_size": 200})
    assert usernames(response) == expected


def test_a_department_sees_its_teams(org):
    response = client_as(org.user("leader", "dept")).get(f"{API}/users/", {"page_size": 200})
    assert usernames(response) == holders(org, "dept", "team", "sibling")


def test_a_user_outside_the_directory_is_404(org):
    outsider = org.user("employee", "other_area")
    client = client_as(org.user("leader", "team"))
    assert client.get(f"{API}/users/{outsider.pk}/").status_code == 404
    assert ok(client.get(f"{API}/users/{org.user('employee', 'team').pk}/"))["id"]


def test_user_filters_unit_and_role_mean_one_assignment(org):
    client = client_as(org.user("coordinator", "root"))
    # Holds a leader role in other_area and an employee role in the team.
    commuter = UserFactory(username="commuter")
    RoleAssignmentFactory(user=commuter, unit=org.other_area, role="leader")
    RoleAssignmentFactory(user=commuter, unit=org.team, role="employee")

    leaders_in_dept = client.get(f"{API}/users/", {"unit": org.dept.pk, "role": "leader"})
    assert usernames(leaders_in_dept) == {"leader_dept", "leader_team", "leader_sibling"}

    in_team = usernames(client.get(f"{API}/users/", {"unit": org.team.pk, "page_size": 200}))
    assert in_team == holders(org, "team") | {"commuter"}

    leaders = usernames(client.get(f"{API}/users/", {"role": "leader", "page_size": 200}))
    assert "commuter" in leaders
    assert "employee_team" not in leaders


def test_user_filter_role_counts_only_assignments_the_caller_sees(org):
    commuter = UserFactory(username="commuter")
    RoleAssignmentFactory(user=commuter, unit=org.other_area, role="leader")
    RoleAssignmentFactory(user=commuter, unit=org.team, role="employee")
    client = client_as(org.user("employee", "team"))
    assert "commuter" in usernames(client.get(f"{API}/users/", {"role": "employee"}))
    assert "commuter" not in usernames(client.get(f"{API}/users/", {"role": "leader"}))


def test_user_filter_unit_out_of_scope_is_400(org):
    response = client_as(org.user("coordinator", "team")).get(
        f"{API}/users/", {"unit": org.other_area.pk}
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_user_filter_is_active_and_search(org):
    employee = org.user("employee", "team")
    employee.is_active = False
    employee.last_name = "Mælkebøtte"
    employee.save()
    client = client_as(org.user("coordinator", "team"))
    assert usernames(client.get(f"{API}/users/", {"is_active": "false"})) == {"employee_team"}
    assert usernames(client.get(f"{API}/users/", {"search": "mælkebøtte"})) == {"employee_team"}
    assert usernames(client.get(f"{API}/users/", {"search": "amr_team@example"})) == {"amr_team"}


# --- creating and editing users -------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r != "coordinator"])
def test_only_coordinators_create_users(org, role):
    response = client_as(org.user(role, "root")).post(
        f"{API}/users/", {"username": "ny.bruger", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="ny.bruger").exists()


def test_a_coordinator_creates_a_user_with_a_hashed_password(org):
    client = client_as(org.user("coordinator", "team"))
    created = ok(
        client.post(
            f"{API}/users/",
            {
                "username": "ny.bruger",
                "first_name": "Ny",
                "email": "ny@example.dk",
                "password": STRONG_PASSWORD,
            },
        ),
        201,
    )
    assert "password" not in created
    assert created["is_active"] is True
    user = User.objects.get(pk=created["id"])
    assert STRONG_PASSWORD not in user.password
    assert user.check_password(STRONG_PASSWORD)
    # A user with no role yet is in the coordinator's directory, never with a password.
    listed = ok(client.get(f"{API}/users/", {"search": "ny.bruger"}))["results"]
    assert listed == [created]
    assert "password" not in ok(client.get(f"{API}/users/{user.pk}/"))


def test_a_user_created_without_a_password_cannot_log_in(org):
    created = ok(
        client_as(org.user("coordinator", "team")).post(
            f"{API}/users/", {"username": "sso.bruger"}
        ),
        201,
    )
    user = User.objects.get(pk=created["id"])
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("kort1", id="too-short"),
        pytest.param("12345678901", id="numeric"),
        pytest.param("password123", id="common"),
        pytest.param("ny.bruger.2026", id="like-the-username"),
    ],
)
def test_a_weak_password_is_400_on_password(org, password):
    response = client_as(org.user("coordinator", "team")).post(
        f"{API}/users/", {"username": "ny.bruger.2026", "password": password}
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["password"]
    assert not User.objects.filter(username="ny.bruger.2026").exists()


def test_a_taken_username_is_400(org):
    response = client_as(org.user("coordinator", "team")).post(
        f"{API}/users/", {"username": "employee_other_area"}
    )
    assert response.status_code == 400
    assert "username" in response.json()


def test_a_department_coordinator_edits_a_team_user(org):
    target = org.user("employee", "team")
    client = client_as(org.user("coordinator", "dept"))
    updated = ok(
        client.patch(
            f"{API}/users/{target.pk}/", {"last_name": "Hansen", "password": STRONG_PASSWORD}
        )
    )
    assert updated["last_name"] == "Hansen"
    assert "password" not in updated
    target.refresh_from_db()
    assert target.check_password(STRONG_PASSWORD)


def test_no_escalation_through_a_user_with_a_role_elsewhere(org):
    """The other area's coordinator also sits in the team: the department may not edit them."""
    target = org.user("coordinator", "other_area")
    RoleAssignmentFactory(user=target, unit=org.team, role="employee")
    client = client_as(org.user("coordinator", "dept"))
    assert client.get(f"{API}/users/{target.pk}/").status_code == 200
    response = client.patch(f"{API}/users/{target.pk}/", {"password": STRONG_PASSWORD})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.check_password("demo-password")
    # The root's coordinator has every role of theirs in scope.
    ok(
        client_as(org.user("coordinator", "root")).patch(
            f"{API}/users/{target.pk}/", {"first_name": "Rettet"}
        )
    )


def test_a_superuser_is_edited_only_by_a_superuser(org, superuser):
    client = client_as(org.user("coordinator", "root"))
    assert client.get(f"{API}/users/{superuser.pk}/").status_code == 200  # no role yet
    assert client.patch(f"{API}/users/{superuser.pk}/", {"is_active": False}).status_code == 403
    other_admin = UserFactory(username="admin2", is_superuser=True)
    ok(client_as(other_admin).patch(f"{API}/users/{superuser.pk}/", {"first_name": "Admin"}))


def test_editing_a_user_outside_the_directory_is_404_and_a_leader_gets_403(org):
    outsider = org.user("employee", "other_area")
    coordinator = client_as(org.user("coordinator", "team"))
    assert coordinator.patch(f"{API}/users/{outsider.pk}/", {"first_name": "X"}).status_code == 404
    leader = client_as(org.user("leader", "team"))
    target = org.user("employee", "team")
    assert leader.patch(f"{API}/users/{target.pk}/", {"first_name": "X"}).status_code == 403
    # Not even themselves: users are managed by coordinators.
    me = org.user("leader", "team")
    assert leader.patch(f"{API}/users/{me.pk}/", {"first_name": "X"}).status_code == 403


def test_deactivate_instead_of_delete(org):
    target = org.user("employee", "team")
    client = client_as(org.user("coordinator", "team"))
    assert client.delete(f"{API}/users/{target.pk}/").status_code == 405
    assert ok(client.patch(f"{API}/users/{target.pk}/", {"is_active": False}))["is_active"] is False
    target.refresh_from_db()
    assert not target.is_active


def test_a_new_password_revokes_the_users_tokens(org):
    target = org.user("employee", "team")
    AuthToken.objects.create(user=target)
    client = client_as(org.user("coordinator", "team"))
    ok(client.patch(f"{API}/users/{target.pk}/", {"first_name": "Ny"}))
    assert AuthToken.objects.filter(user=target).count() == 1
    ok(client.patch(f"{API}/users/{target.pk}/", {"password": STRONG_PASSWORD}))
    assert AuthToken.objects.filter(user=target).count() == 0


def test_a_weak_new_password_is_400_and_keeps_the_old(org):
    target = org.user("employee", "team")
    response = client_as(org.user("coordinator", "team")).patch(
        f"{API}/users/{target.pk}/", {"password": "123"}
    )
    assert response.status_code == 400
    assert "password" in response.json()
    target.refresh_from_db()
    assert target.check_password("demo-password")


# --- units ----------------------------------------------------------------------------------


def test_units_in_scope_and_within(org):
    dept_leader = client_as(org.user("leader", "dept"))
    assert ids(dept_leader.get(f"{API}/units/")) == {org.dept.pk, org.team.pk, org.sibling.pk}
    root_coordinator = client_as(org.user("coordinator", "root"))
    within_dept = root_coordinator.get(f"{API}/units/", {"within": org.dept.pk})
    assert ids(within_dept) == {org.dept.pk, org.team.pk, org.sibling.pk}
    assert ids(dept_leader.get(f"{API}/units/", {"within": org.team.pk})) == {org.team.pk}

    row = ok(dept_leader.get(f"{API}/units/{org.team.pk}/"))
    assert row == {
        "id": org.team.pk,
        "name": org.team.name,
        "external_id": None,
        "kind": "team",
        "parent": org.dept.pk,
        "path": org.team.path,
        "headcount": org.team.headcount,
    }


def test_within_a_unit_out_of_scope_is_400_does_not_exist(org):
    response = client_as(org.user("coordinator", "dept")).get(
        f"{API}/units/", {"within": org.other_area.pk}
    )
    assert response.status_code == 400
    assert "within" in response.json()
    detail = client_as(org.user("coordinator", "dept")).get(f"{API}/units/{org.other_area.pk}/")
    assert detail.status_code == 404


def test_a_coordinator_creates_a_unit_in_scope(org):
    created = ok(
        client_as(org.user("coordinator", "dept")).post(
            f"{API}/units/",
            {"name": "Vuggestuen", "parent": org.team.pk, "headcount": 7, "path": "/x/"},
        ),
        201,
    )
    unit = Unit.objects.get(pk=created["id"])
    assert created["path"] == unit.path == f"{org.team.path}{unit.pk}/"
    assert (created["parent"], created["headcount"], created["kind"]) == (org.team.pk, 7, "team")


def test_a_parent_out_of_scope_does_not_exist(org):
    response = client_as(org.user("coordinator", "dept")).post(
        f"{API}/units/", {"name": "Ny", "parent": org.other_area.pk}
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    assert not Unit.objects.filter(name="Ny").exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "coordinator"])
def test_only_coordinators_create_units(org, role):
    response = client_as(org.user(role, "dept")).post(
        f"{API}/units/", {"name": "Ny", "parent": org.team.pk}
    )
    assert response.status_code == 403


def test_a_readable_parent_the_coordinator_cannot_manage_is_403(org):
    """A team's coordinator who is also the department's AMR reads the department only."""
    coordinator = org.user("coordinator", "team")
    RoleAssignmentFactory(user=coordinator, unit=org.dept, role="amr")
    client = client_as(coordinator)
    assert client.get(f"{API}/units/{org.dept.pk}/").status_code == 200
    response = client.post(f"{API}/units/", {"name": "Ny", "parent": org.dept.pk})
    assert response.status_code == 403
    # Moving a unit there is refused the same way, and so is editing the department.
    nursery = UnitFactory(name="Vuggestuen", parent=org.team)
    moved = client.patch(f"{API}/units/{nursery.pk}/", {"parent": org.dept.pk})
    assert moved.status_code == 403
    renamed = client.patch(f"{API}/units/{org.dept.pk}/", {"name": "X"})
    assert renamed.status_code == 403
    # Sending the current parent back is not a move: the team is theirs to edit.
    edited = client.patch(f"{API}/units/{org.team.pk}/", {"parent": org.dept.pk, "headcount": 9})
    assert ok(edited)["headcount"] == 9


def test_only_a_superuser_creates_a_root_unit(org, superuser):
    coordinator = client_as(org.user("coordinator", "root"))
    assert coordinator.post(f"{API}/units/", {"name": "Region"}).status_code == 403
    assert coordinator.post(f"{API}/units/", {"name": "Region", "parent": None}).status_code == 403
    created = ok(client_as(superuser).post(f"{API}/units/", {"name": "Region"}), 201)
    assert created["parent"] is None
    assert created["path"] == f"/{created['id']}/"


def test_a_negative_headcount_is_400(org):
    client = client_as(org.user("coordinator", "dept"))
    response = client.post(f"{API}/units/", {"name": "Ny", "parent": org.team.pk, "headcount": -1})
    assert response.status_code == 400
    assert "headcount" in response.json()
    patched = client.patch(f"{API}/units/{org.team.pk}/", {"headcount": -3})
    assert patched.status_code == 400
    assert "headcount" in patched.json()


def test_a_coordinator_renames_and_moves_a_unit_with_its_subtree(org):
    nursery = UnitFactory(name="Vuggestuen", parent=org.team)
    client = client_as(org.user("coordinator", "dept"))
    moved = ok(
        client.patch(f"{API}/units/{org.team.pk}/", {"parent": org.sibling.pk, "headcount": 12})
    )
    assert moved["parent"] == org.sibling.pk
    assert moved["path"] == f"{org.sibling.path}{org.team.pk}/"
    assert moved["headcount"] == 12
    nursery.refresh_from_db()
    assert nursery.path == f"{org.sibling.path}{org.team.pk}/{nursery.pk}/"


@pytest.mark.parametrize("target", ["dept", "team"])
def test_a_unit_cannot_move_under_itself_or_its_subtree(org, target):
    response = client_as(org.user("coordinator", "root")).patch(
        f"{API}/units/{org.dept.pk}/", {"parent": getattr(org, target).pk}
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    org.dept.refresh_from_db()
    assert org.dept.parent_id == org.area.pk


def test_unit_edits_follow_the_order_of_checks(org):
    team_coordinator = client_as(org.user("coordinator", "team"))
    team = f"{API}/units/{org.team.pk}/"
    # Out of scope: 404, whatever the body says.
    assert team_coordinator.patch(f"{API}/units/{org.dept.pk}/", {"parent": 0}).status_code == 404
    # Moving into a unit the caller cannot read: "does not exist".
    moved = team_coordinator.patch(team, {"parent": org.sibling.pk})
    assert moved.status_code == 400
    assert "parent" in moved.json()
    # To the top: administrators only.
    assert team_coordinator.patch(team, {"parent": None}).status_code == 403
    # A leader never manages units; nobody deletes them over the API.
    assert client_as(org.user("leader", "team")).patch(team, {"headcount": 1}).status_code == 403
    assert team_coordinator.delete(team).status_code == 405


# --- role assignments -----------------------------------------------------------------------


def test_a_coordinator_assigns_a_role_in_scope(org, roleless):
    coordinator = org.user("coordinator", "dept")
    created = ok(
        client_as(coordinator).post(
            f"{API}/role-assignments/", {"user": roleless.pk, "unit": org.team.pk, "role": "leader"}
        ),
        201,
    )
    assignment = RoleAssignment.objects.get(pk=created["id"])
    assert (assignment.user, assignment.unit, assignment.role) == (roleless, org.team, "leader")
    assert created == {
        "id": assignment.pk,
        "user": roleless.pk,
        "unit": org.team.pk,
        "role": "leader",
        "starts_on": None,
        "ends_on": None,
        "stands_in_for": None,
    }
    assert assignment.history.latest().history_user == coordinator


@pytest.mark.parametrize("role", [r for r in ROLES if r != "coordinator"])
def test_only_coordinators_assign_roles(org, roleless, role):
    response = client_as(org.user(role, "root")).post(
        f"{API}/role-assignments/", {"user": roleless.pk, "unit": org.team.pk, "role": "employee"}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=roleless).exists()


def test_a_duplicate_or_unknown_role_is_400(org):
    client = client_as(org.user("coordinator", "dept"))
    employee = org.user("employee", "team")
    duplicate = client.post(
        f"{API}/role-assignments/", {"user": employee.pk, "unit": org.team.pk, "role": "employee"}
    )
    assert duplicate.status_code == 400, duplicate.content
    assert "non_field_errors" in duplicate.json()
    unknown = client.post(
        f"{API}/role-assignments/", {"user": employee.pk, "unit": org.team.pk, "role": "boss"}
    )
    assert unknown.status_code == 400
    assert "role" in unknown.json()
    assert RoleAssignment.objects.filter(user=employee).count() == 1


def test_a_user_or_unit_out_of_scope_does_not_exist(org, roleless):
    client = client_as(org.user("coordinator", "dept"))
    outsider = org.user("employee", "other_area")
    response = client.post(
        f"{API}/role-assignments/", {"user": outsider.pk, "unit": org.team.pk, "role": "tr"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["user"]
    response = client.post(
        f"{API}/role-assignments/", {"user": roleless.pk, "unit": org.other_area.pk, "role": "tr"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["unit"]


def test_a_readable_unit_the_coordinator_cannot_manage_is_403(org, roleless):
    coordinator = org.user("coordinator", "team")
    RoleAssignmentFactory(user=coordinator, unit=org.dept, role="amr")
    response = client_as(coordinator).post(
        f"{API}/role-assignments/", {"user": roleless.pk, "unit": org.dept.pk, "role": "employee"}
    )
    assert response.status_code == 403
    # Their AMR role on the department is readable to them, not theirs to remove.
    own = RoleAssignment.objects.get(user=coordinator, unit=org.dept)
    assert client_as(coordinator).delete(f"{API}/role-assignments/{own.pk}/").status_code == 403


def test_a_coordinator_removes_a_role_in_scope(org):
    assignment = RoleAssignment.objects.get(user=org.user("leader", "team"))
    coordinator = org.user("coordinator", "dept")
    url = f"{API}/role-assignments/{assignment.pk}/"
    assert client_as(org.user("leader", "dept")).delete(url).status_code == 403
    assert client_as(org.user("coordinator", "other_area")).delete(url).status_code == 404
    assert client_as(coordinator).delete(url).status_code == 204
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert assignment.history.latest().history_type == "-"
    assert assignment.history.latest().history_user == coordinator


def test_role_assignment_scope_and_filters(org):
    leader_client = client_as(org.user("leader", "dept"))
    in_scope = set(
        RoleAssignment.objects.filter(unit__in=[org.dept, org.team, org.sibling]).values_list(
            "pk", flat=True
        )
    )
    assert ids(leader_client.get(f"{API}/role-assignments/", {"page_size": 200})) == in_scope

    team_rows = ok(leader_client.get(f"{API}/role-assignments/", {"unit": org.team.pk}))
    assert {row["unit"] for row in team_rows["results"]} == {org.team.pk}
    assert team_rows["count"] == len(ROLES)

    tr = org.user("tr", "sibling")
    rows = ok(leader_client.get(f"{API}/role-assignments/", {"user": tr.pk}))["results"]
    assert rows == [
        {
            "id": rows[0]["id"],
            "user": tr.pk,
            "unit": org.sibling.pk,
            "role": "tr",
            "starts_on": None,
            "ends_on": None,
            "stands_in_for": None,
        }
    ]

    amrs = ok(leader_client.get(f"{API}/role-assignments/", {"role": ["amr", "tr"]}))
    assert amrs["count"] == 6

    out = leader_client.get(f"{API}/role-assignments/", {"user": org.user("tr", "other_area").pk})
    assert out.status_code == 400
    out = leader_client.get(f"{API}/role-assignments/", {"unit": org.other_area.pk})
    assert out.status_code == 400


def test_patch_on_a_role_assignment_is_not_allowed(org):
    assignment = RoleAssignment.objects.get(user=org.user("leader", "team"))
    response = client_as(org.user("coordinator", "root")).patch(
        f"{API}/role-assignments/{assignment.pk}/", {"role": "amr"}
    )
    assert response.status_code == 405


# --- query counts ---------------------------------------------------------------------------


@pytest.fixture
def crowd(org):
    """20 more units, users and assignments under the team."""
    for n in range(20):
        unit = UnitFactory(name=f"Stue {n}", parent=org.team)
        RoleAssignmentFactory(user=UserFactory(username=f"crowd{n}"), unit=unit, role="employee")
    return org


@pytest.mark.parametrize("path", ["users/", "units/", "role-assignments/"])
@pytest.mark.parametrize("who", ["coordinator", "employee"])
def test_list_queries_do_not_grow_with_the_page(crowd, path, who):
    user_pk = crowd.user(who, "root").pk

    def count(page_size):
        # A fresh user object, as each real request has (the access module caches on it).
        client = client_as(User.objects.get(pk=user_pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/{path}", {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        return len(queries)

    assert count(1) == count(20)


def test_me_queries_do_not_grow_with_the_roles(org):
    user = org.user("amr", "team")

    def count():
        client = client_as(User.objects.get(pk=user.pk))
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(f"{API}/me/"))
        return len(queries)

    before = count()
    for unit in (org.sibling, org.other_area, org.root):
        RoleAssignmentFactory(user=user, unit=unit, role="med")
    assert count() == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"name": "Ny", "parent": "abc"}, id="parent-not-a-number"),
        pytest.param({"name": "Ny", "parent": 10**9}, id="parent-unknown"),
        pytest.param([{"name": "Ny"}], id="a-list"),
    ],
)
def test_malformed_unit_input_is_400(org, body):
    response = client_as(org.user("coordinator", "dept")).post(f"{API}/units/", body)
    assert response.status_code == 400, response.content
