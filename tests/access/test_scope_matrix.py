"""Who sees what, and who may do what, by role and by where the role sits (DESIGN.md §6).

The `org` fixture: root ─ area ─ dept ─ team, `sibling` (another team under dept) and
`other_area` (under root); one user per role on root, dept, team, sibling and other_area.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.communications.models import Communication
from apps.findings.models import Finding
from apps.organisation.models import Unit
from tests.access.builders import SCOPED_MODELS, assessment_on, make
from tests.conftest import ROLES
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    CommunicationFactory,
    EvaluationFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UserFactory,
)

# (id, where the user holds the role, where the object lives, whether the user sees it)
POSITIONS = [
    pytest.param("team", "team", True, id="own_unit"),
    pytest.param("dept", "team", True, id="parent_dept"),
    pytest.param("root", "team", True, id="parent_root"),
    pytest.param("team", "dept", False, id="child"),
    pytest.param("sibling", "team", False, id="sibling"),
    pytest.param("other_area", "team", False, id="other_area"),
]

MODELS = [pytest.param(model, id=model.__name__) for model in SCOPED_MODELS]
ROLE_PARAMS = [pytest.param(role, id=role) for role in ROLES]


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ROLE_PARAMS)
@pytest.mark.parametrize(("user_at", "object_at", "sees"), POSITIONS)
def test_scoped_querysets_follow_the_unit_tree(org, model, role, user_at, object_at, sees):
    user = org.user(role, user_at)
    obj = make(model, getattr(org, object_at))

    assert (obj.pk in pks(access.visible(user, model))) is sees
    assert access.can(user, Verb.READ, obj) is sees


@pytest.mark.parametrize("model", MODELS)
def test_a_role_below_sees_nothing_of_the_units_above(org, model):
    """A team leader reads nothing that belongs to dept or root, whatever the model."""
    above = [make(model, org.dept), make(model, org.root)]
    visible = pks(access.visible(org.user("leader", "team"), model))
    assert not visible & {obj.pk for obj in above}


# --- can() per verb per role ----------------------------------------------------------------

# DESIGN.md §6, written out here rather than imported so that a change in the module shows.
ALLOWED = {
    Verb.READ: {"coordinator", "leader", "amr", "tr", "med", "employee"},
    Verb.EDIT: {"coordinator", "leader", "amr", "tr"},
    Verb.EDIT_ACTIONS: {"coordinator", "leader", "amr", "tr"},
    Verb.UPDATE_ACTION: {"coordinator", "leader", "amr", "tr"},
    Verb.APPROVE_PLAN: {"coordinator", "leader", "amr", "med"},
    Verb.REOPEN: {"coordinator", "leader"},
    Verb.DELETE: {"coordinator"},
    Verb.MANAGE: {"coordinator"},
}

# The object each verb is asked about.
VERB_TARGET = {
    Verb.READ: Assessment,
    Verb.EDIT: Finding,
    Verb.EDIT_ACTIONS: Action,
    Verb.UPDATE_ACTION: Action,
    Verb.APPROVE_PLAN: Assessment,
    Verb.REOPEN: Assessment,
    Verb.DELETE: Finding,
    Verb.MANAGE: Unit,
}

VERB_ROLE = [
    pytest.param(verb, role, role in ALLOWED[verb], id=f"{verb}-{role}")
    for verb in Verb
    for role in ROLES
]


@pytest.mark.parametrize("user_at", ["team", "dept", "root"])
@pytest.mark.parametrize(("verb", "role", "allowed"), VERB_ROLE)
def test_can_follows_the_role_table(org, verb, role, allowed, user_at):
    """The action's owner is someone else, so UPDATE_ACTION comes from the role alone."""
    obj = make(VERB_TARGET[verb], org.team)
    assert access.can(org.user(role, user_at), verb, obj) is allowed


@pytest.mark.parametrize(("verb", "role", "allowed"), VERB_ROLE)
def test_can_on_unit_follows_the_role_table(org, verb, role, allowed):
    assert access.can_on_unit(org.user(role, "dept"), verb, org.team) is allowed
    assert access.can_on_unit(org.user(role, "team"), verb, org.dept) is False


@pytest.mark.parametrize(("verb", "role", "allowed"), VERB_ROLE)
def test_may_ever_follows_the_role_table(org, verb, role, allowed):
    assert access.may_ever(org.user(role, "sibling"), verb) is allowed


@pytest.mark.parametrize("verb", [pytest.param(v, id=str(v)) for v in Verb])
@pytest.mark.parametrize("role", ROLE_PARAMS)
def test_no_verb_on_a_sibling_units_objects(org, verb, role):
    obj = make(VERB_TARGET[verb], org.team)
    assert access.can(org.user(role, "sibling"), verb, obj) is False


# --- superusers -----------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root_admin", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("where", ["team", "dept", "root", "other_area"])
@pytest.mark.parametrize("model", MODELS)
def test_superuser_without_roles_sees_everything(org, superuser, model, where):
    obj = make(model, getattr(org, where))
    assert obj.pk in pks(access.visible(superuser, model))


@pytest.mark.parametrize("verb", [pytest.param(v, id=str(v)) for v in Verb])
@pytest.mark.parametrize("where", ["team", "other_area"])
def test_superuser_may_do_every_verb_everywhere(org, superuser, verb, where):
    unit = getattr(org, where)
    assert access.can(superuser, verb, make(VERB_TARGET[verb], unit))
    assert access.can_on_unit(superuser, verb, unit)
    assert access.may_ever(superuser, verb)
    assert access.roles_on(superuser, unit) == {"coordinator"}


def test_superuser_sees_drafts_and_confidential_findings(org, superuser):
    assessment = assessment_on(org.other_area)
    draft = CommunicationFactory(assessment=assessment)
    secret = FindingFactory(assessment=assessment, confidential=True)
    assert draft in access.communications_visible_to(superuser)
    assert secret in access.findings_visible_to(superuser)


# --- inactive and anonymous users -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLE_PARAMS)
def test_inactive_users_see_nothing_and_may_nothing(org, role):
    user = org.user(role, "team")
    objects = {model: make(model, org.team) for model in SCOPED_MODELS}
    ActionFactory(finding=make(Finding, org.team), owner=user)
    user.is_active = False
    user.save()

    for model, obj in objects.items():
        assert not access.visible(user, model).exists(), model.__name__
        assert access.can(user, Verb.READ, obj) is False
    assert not access.users_visible_to(user).exists()
    assert access.roles_on(user, org.team) == set()
    assert not any(access.may_ever(user, verb) for verb in Verb)
    assert not any(access.can_on_unit(user, verb, org.team) for verb in Verb)


def test_inactive_superuser_sees_nothing(org, superuser):
    make(Assessment, org.team)
    superuser.is_active = False
    superuser.save()
    for model in SCOPED_MODELS:
        assert not access.visible(superuser, model).exists(), model.__name__
    assert not access.users_visible_to(superuser).exists()
    assert not access.may_ever(superuser, Verb.READ)
    assert access.can_manage_user(superuser, org.user("employee", "team")) is False


def test_anonymous_users_see_nothing(org):
    anonymous = AnonymousUser()
    for model in SCOPED_MODELS:
        make(model, org.team)
        assert not access.visible(anonymous, model).exists(), model.__name__
    assert not access.users_visible_to(anonymous).exists()
    assert not access.may_ever(anonymous, Verb.READ)
    assert access.can(anonymous, Verb.READ, org.team) is False


# --- communications: employees read only what is published ---------------------------------


@pytest.fixture
def communications(org):
    assessment = assessment_on(org.team)
    draft = CommunicationFactory(assessment=assessment)
    published = CommunicationFactory(assessment=assessment, published_at=timezone.now())
    return draft, published


@pytest.mark.parametrize("user_at", ["team", "dept", "root"])
@pytest.mark.parametrize("role", ROLE_PARAMS)
def test_only_employees_are_kept_from_drafts(org, communications, role, user_at):
    draft, published = communications
    user = org.user(role, user_at)
    visible = pks(access.communications_visible_to(user))

    assert published.pk in visible
    assert (draft.pk in visible) is (role != "employee")
    assert access.can(user, Verb.READ, draft) is (role != "employee")


def test_a_draft_reader_role_elsewhere_does_not_open_drafts_here(org, communications):
    draft, published = communications
    employee = org.user("employee", "team")
    RoleAssignmentFactory(user=employee, unit=org.sibling, role="leader")
    assert pks(access.communications_visible_to(employee)) == {published.pk}


def test_a_draft_reader_role_on_the_unit_opens_its_drafts(org, communications):
    draft, published = communications
    employee = org.user("employee", "dept")
    RoleAssignmentFactory(user=employee, unit=org.team, role="tr")
    assert {draft.pk, published.pk} <= pks(access.communications_visible_to(employee))


def test_publishing_a_draft_shows_it_to_employees(org, communications):
    draft, _ = communications
    employee = org.user("employee", "team")
    assert draft not in access.communications_visible_to(employee)
    Communication.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    assert draft in access.communications_visible_to(employee)


# --- action owners --------------------------------------------------------------------------


def test_employee_may_update_only_the_actions_they_own(org):
    employee = org.user("employee", "team")
    finding = make(Finding, org.team)
    own = ActionFactory(finding=finding, owner=employee)
    others = ActionFactory(finding=finding, owner=org.user("leader", "team"))

    assert access.can(employee, Verb.UPDATE_ACTION, own) is True
    assert access.can(employee, Verb.UPDATE_ACTION, others) is False
    # Owning the action lets them post updates, not edit the plan.
    assert access.can(employee, Verb.EDIT_ACTIONS, own) is False
    assert access.can(employee, Verb.DELETE, own) is False


def test_employee_may_ever_update_actions_only_once_they_own_one(org):
    employee = org.user("employee", "team")
    assert access.may_ever(employee, Verb.UPDATE_ACTION) is False
    ActionFactory(finding=make(Finding, org.team), owner=employee)
    assert access.may_ever(employee, Verb.UPDATE_ACTION) is True
    assert access.may_ever(employee, Verb.EDIT_ACTIONS) is False


def test_med_member_owning_an_action_may_update_it(org):
    med = org.user("med", "team")
    action = ActionFactory(finding=make(Finding, org.team), owner=med)
    other = ActionFactory(finding=action.finding)
    assert access.can(med, Verb.UPDATE_ACTION, action) is True
    assert access.can(med, Verb.UPDATE_ACTION, other) is False


@pytest.mark.parametrize(
    ("owner_key", "action_at"),
    [
        pytest.param(("employee", "sibling"), "team", id="sibling_employee"),
        pytest.param(("leader", "other_area"), "team", id="other_area_leader"),
        pytest.param(("employee", "team"), "dept", id="team_employee_on_a_dept_action"),
    ],
)
def test_owner_sees_their_action_even_outside_their_scope(org, owner_key, action_at):
    owner = org.user(*owner_key)
    finding = make(Finding, getattr(org, action_at))
    action = ActionFactory(finding=finding, owner=owner)
    not_theirs = ActionFactory(finding=finding)

    visible = pks(access.actions_visible_to(owner))
    assert action.pk in visible
    assert not_theirs.pk not in visible
    # The finding itself stays out of reach.
    assert finding not in access.findings_visible_to(owner)
    assert access.can(owner, Verb.READ, action) is True
    assert access.can(owner, Verb.UPDATE_ACTION, action) is True
    assert access.can(owner, Verb.EDIT_ACTIONS, action) is False


def test_owner_with_no_role_at_all_sees_their_action(org):
    owner = UserFactory(username="outsider")
    action = ActionFactory(finding=make(Finding, org.team), owner=owner)
    assert list(access.actions_visible_to(owner)) == [action]
    assert access.may_ever(owner, Verb.UPDATE_ACTION) is True
    assert access.may_ever(owner, Verb.READ) is False


def test_updates_and_evaluations_follow_their_action(org):
    action = make(Action, org.team)
    update = ActionUpdateFactory(action=action)
    evaluation = EvaluationFactory(action=action)
    team_employee = org.user("employee", "team")
    sibling_leader = org.user("leader", "sibling")

    assert update in access.action_updates_visible_to(team_employee)
    assert evaluation in access.evaluations_visible_to(team_employee)
    assert update not in access.action_updates_visible_to(sibling_leader)
    assert evaluation not in access.evaluations_visible_to(sibling_leader)


# --- roles_on -------------------------------------------------------------------------------


def test_roles_on_collects_roles_held_on_the_unit_and_above(org):
    user = org.user("amr", "dept")
    RoleAssignmentFactory(user=user, unit=org.root, role="med")
    RoleAssignmentFactory(user=user, unit=org.sibling, role="leader")
    assert access.roles_on(user, org.team) == {"amr", "med"}
    assert access.roles_on(user, org.sibling) == {"amr", "med", "leader"}
    assert access.roles_on(user, org.other_area) == {"med"}
    assert access.roles_on(user, org.area) == {"med"}
