"""Confidential findings: coordinators in scope, the reporter and the handlers only (DESIGN.md §6).

Handlers are, by default, the nearest AMR and leader of the finding's unit (DESIGN.md §2: the
holders on the unit itself, else on the nearest unit above that has one); when handlers are
named, only the named ones.
"""

import pytest

from apps import access
from apps.access import Verb
from apps.organisation.models import RoleAssignment
from tests.access.builders import assessment_on
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UserFactory,
)


@pytest.fixture
def reporter(org):
    """An employee of the team who reported the finding (not the fixture's team employee)."""
    user = UserFactory(username="reporter")
    RoleAssignmentFactory(user=user, unit=org.team, role="employee")
    return user


@pytest.fixture
def secret(org, reporter):
    """A confidential finding in the team, with no named handlers."""
    return FindingFactory(
        assessment=assessment_on(org.team),
        title="Chikane fra kollega",
        confidential=True,
        reported_by=reporter,
    )


def drop_role(org, role, where):
    RoleAssignment.objects.filter(role=role, unit=getattr(org, where)).delete()


def sees(user, finding) -> bool:
    return access.findings_visible_to(user).filter(pk=finding.pk).exists()


def who(*pairs):
    return [pytest.param(role, where, id=f"{role}_{where}") for role, where in pairs]


EVERYONE = [
    (role, where)
    for where in ("root", "dept", "team", "sibling", "other_area")
    for role in ("coordinator", "leader", "amr", "tr", "med", "employee")
]
COORDINATORS_IN_SCOPE = {("coordinator", "root"), ("coordinator", "dept"), ("coordinator", "team")}


# --- default handlers -----------------------------------------------------------------------

DEFAULT_READERS = COORDINATORS_IN_SCOPE | {("leader", "team"), ("amr", "team")}


@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        pytest.param(role, where, (role, where) in DEFAULT_READERS, id=f"{role}_{where}")
        for role, where in EVERYONE
    ],
)
def test_default_readers_are_coordinators_reporter_and_the_units_amr_and_leader(
    org, secret, role, where, expected
):
    user = org.user(role, where)
    assert sees(user, secret) is expected
    assert access.can(user, Verb.READ, secret) is expected
    assert access.is_handler(user, secret) is (
        (role, where) in {("leader", "team"), ("amr", "team")}
    )


def test_reporter_sees_their_confidential_finding(secret, reporter):
    assert sees(reporter, secret)


def test_reporter_outside_the_scope_still_sees_it(org):
    reporter = org.user("employee", "other_area")
    finding = FindingFactory(
        assessment=assessment_on(org.team), confidential=True, reported_by=reporter
    )
    assert sees(reporter, finding)


def test_a_non_confidential_finding_is_read_by_the_whole_unit(org, reporter):
    plain = FindingFactory(assessment=assessment_on(org.team), reported_by=reporter)
    for role in ("tr", "med", "employee"):
        assert sees(org.user(role, "team"), plain)
        assert sees(org.user(role, "dept"), plain)


@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        pytest.param("amr", "dept", True, id="amr_dept_becomes_handler"),
        pytest.param("amr", "root", False, id="amr_root_is_further_than_dept"),
        pytest.param("leader", "team", True, id="leader_team_still_handler"),
        pytest.param("leader", "dept", False, id="leader_dept_not_handler"),
        pytest.param("amr", "sibling", False, id="amr_sibling_not_handler"),
        pytest.param("tr", "team", False, id="tr_team_still_out"),
    ],
)
def test_without_a_team_amr_the_depts_amr_handles_it(org, secret, role, where, expected):
    drop_role(org, "amr", "team")
    assert sees(org.user(role, where), secret) is expected


def test_a_former_team_amr_loses_sight_of_it(org, secret):
    former = org.user("amr", "team")
    assert sees(former, secret)
    drop_role(org, "amr", "team")
    assert not sees(former, secret)


def test_with_no_amr_on_team_nor_dept_the_roots_amr_handles_it(org, secret):
    drop_role(org, "amr", "team")
    drop_role(org, "amr", "dept")
    assert sees(org.user("amr", "root"), secret)
    assert not sees(org.user("amr", "sibling"), secret)


def test_without_a_team_leader_the_depts_leader_handles_it(org, secret):
    drop_role(org, "leader", "team")
    assert sees(org.user("leader", "dept"), secret)
    assert not sees(org.user("leader", "root"), secret)
    assert not sees(org.user("amr", "dept"), secret)


def test_the_depts_amr_handles_a_dept_finding_but_not_a_team_one(org, secret):
    """One AMR on dept: the nearest for dept's own findings, not for the team's."""
    dept_secret = FindingFactory(assessment=assessment_on(org.dept), confidential=True)
    amr_dept = org.user("amr", "dept")
    assert sees(amr_dept, dept_secret)
    assert not sees(amr_dept, secret)
    assert not sees(org.user("amr", "team"), dept_secret)


def test_an_inactive_team_amr_does_not_hold_the_role(org, secret):
    """A deactivated user holds no role: `nearest_holders` (and so the reminders) then names
    the dept's AMR, and the default handlers must agree with it."""
    team_amr = org.user("amr", "team")
    team_amr.is_active = False
    team_amr.save()
    amr_dept = org.user("amr", "dept")

    assert list(access.nearest_holders(org.team, "amr")) == [amr_dept]
    assert sees(amr_dept, secret)
    assert access.is_handler(amr_dept, secret)
    assert not sees(org.user("amr", "root"), secret)


@pytest.mark.parametrize("drop", [None, "team", "team_and_dept"])
@pytest.mark.parametrize("role", ["amr", "leader"])
def test_default_handlers_are_the_nearest_holders(org, secret, role, drop):
    """Who sees the finding as a default handler is exactly `nearest_holders` of the unit."""
    if drop:
        drop_role(org, role, "team")
    if drop == "team_and_dept":
        drop_role(org, role, "dept")
    nearest = set(access.nearest_holders(org.team, role))
    holders = {org.user(role, where) for where in ("root", "dept", "team", "sibling")}

    assert len(nearest) == 1
    assert {user for user in holders if sees(user, secret)} == nearest


# --- named handlers -------------------------------------------------------------------------


@pytest.fixture
def named_secret(org, reporter):
    """Confidential, with the team's TR and the dept's leader named (the team leader is
    involved)."""
    return FindingFactory(
        assessment=assessment_on(org.team),
        confidential=True,
        reported_by=reporter,
        handlers=[org.user("tr", "team"), org.user("leader", "dept")],
    )


NAMED_READERS = COORDINATORS_IN_SCOPE | {("tr", "team"), ("leader", "dept")}


@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        pytest.param(role, where, (role, where) in NAMED_READERS, id=f"{role}_{where}")
        for role, where in EVERYONE
    ],
)
def test_named_handlers_replace_the_default_ones(org, named_secret, role, where, expected):
    user = org.user(role, where)
    assert sees(user, named_secret) is expected
    assert access.is_handler(user, named_secret) is (
        (role, where) in NAMED_READERS - COORDINATORS_IN_SCOPE
    )


def test_reporter_sees_it_when_handlers_are_named(named_secret, reporter):
    assert sees(reporter, named_secret)


def test_a_named_handler_outside_the_scope_sees_it(org, reporter):
    outsider = org.user("amr", "other_area")
    finding = FindingFactory(
        assessment=assessment_on(org.team), confidential=True, handlers=[outsider]
    )
    assert sees(outsider, finding)
    assert not sees(org.user("amr", "team"), finding)


# --- what hangs off a confidential finding --------------------------------------------------


@pytest.fixture
def around(org, secret):
    """A plain finding and the confidential one, each with an action, update and evaluation,
    both discussed in one dialogue."""
    assessment = secret.assessment
    plain = FindingFactory(assessment=assessment, title="Arbejdspres")
    items = {}
    for name, finding in (("plain", plain), ("secret", secret)):
        action = ActionFactory(finding=finding, owner=org.user("leader", "team"))
        items[name] = {
            "finding": finding,
            "action": action,
            "update": ActionUpdateFactory(action=action),
            "evaluation": EvaluationFactory(action=action),
        }
    items["dialogue"] = DialogueFactory(assessment=assessment, findings=[plain, secret])
    return items


OUTSIDERS = who(
    ("tr", "team"),
    ("med", "team"),
    ("employee", "team"),
    ("leader", "dept"),
    ("amr", "dept"),
    ("tr", "dept"),
    ("med", "root"),
)
INSIDERS = who(
    ("coordinator", "team"),
    ("coordinator", "root"),
    ("leader", "team"),
    ("amr", "team"),
)


def visible_links(user, dialogue):
    """The findings linked from `dialogue`, as `dialogues_visible_to` hands them out."""
    return {f.pk for f in access.dialogues_visible_to(user).get(pk=dialogue.pk).findings.all()}


@pytest.mark.parametrize(("role", "where"), OUTSIDERS)
def test_everything_of_a_confidential_finding_is_hidden_from_others(org, around, role, where):
    user = org.user(role, where)
    plain, secret = around["plain"], around["secret"]

    assert not sees(user, secret["finding"])
    assert secret["action"] not in access.actions_visible_to(user)
    assert secret["update"] not in access.action_updates_visible_to(user)
    assert secret["evaluation"] not in access.evaluations_visible_to(user)
    for key in ("finding", "action", "update", "evaluation"):
        assert access.can(user, Verb.READ, secret[key]) is False
    assert access.can(user, Verb.EDIT, secret["finding"]) is False
    assert access.can(user, Verb.EDIT_ACTIONS, secret["action"]) is False

    # The same user reads the plain finding's chain: the filter is the confidentiality.
    assert sees(user, plain["finding"])
    assert plain["action"] in access.actions_visible_to(user)
    assert plain["update"] in access.action_updates_visible_to(user)
    assert plain["evaluation"] in access.evaluations_visible_to(user)

    # The dialogue stays visible; only its link to the confidential finding is gone.
    assert around["dialogue"] in access.dialogues_visible_to(user)
    assert visible_links(user, around["dialogue"]) == {plain["finding"].pk}


@pytest.mark.parametrize(("role", "where"), who(("leader", "sibling"), ("amr", "other_area")))
def test_out_of_scope_users_see_neither_the_dialogue_nor_the_finding(org, around, role, where):
    user = org.user(role, where)
    assert around["dialogue"] not in access.dialogues_visible_to(user)
    assert around["secret"]["action"] not in access.actions_visible_to(user)


@pytest.mark.parametrize(("role", "where"), INSIDERS)
def test_readers_of_the_confidential_finding_see_its_chain(org, around, role, where):
    user = org.user(role, where)
    secret = around["secret"]

    assert secret["action"] in access.actions_visible_to(user)
    assert secret["update"] in access.action_updates_visible_to(user)
    assert secret["evaluation"] in access.evaluations_visible_to(user)
    assert visible_links(user, around["dialogue"]) == {
        around["plain"]["finding"].pk,
        secret["finding"].pk,
    }


def test_reporter_sees_the_dialogue_link(around, reporter):
    assert around["secret"]["finding"].pk in visible_links(reporter, around["dialogue"])


def test_dialogue_links_are_not_removed_from_the_data(org, around):
    """Hiding a link is a matter of reading, not of writing: the dialogue keeps both findings."""
    dialogue = around["dialogue"]
    assert visible_links(org.user("tr", "team"), dialogue) == {around["plain"]["finding"].pk}
    assert dialogue.findings.count() == 2


# --- owners of actions on confidential findings ---------------------------------------------


@pytest.mark.parametrize(("role", "where"), who(("employee", "team"), ("tr", "team")))
def test_the_owner_of_an_action_on_a_confidential_finding_sees_that_action(
    org, secret, role, where
):
    owner = org.user(role, where)
    own = ActionFactory(finding=secret, owner=owner)
    other = ActionFactory(finding=secret, owner=org.user("leader", "team"))

    visible = set(access.actions_visible_to(owner))
    assert own in visible
    assert other not in visible
    assert not sees(owner, secret)
    assert access.can(owner, Verb.READ, own) is True
    assert access.can(owner, Verb.UPDATE_ACTION, own) is True
    assert access.can(owner, Verb.READ, secret) is False


def test_a_superuser_sees_every_confidential_finding(org, secret, named_secret):
    superuser = UserFactory(username="admin", is_superuser=True)
    assert sees(superuser, secret)
    assert sees(superuser, named_secret)
