"""`actions/`, `actions/{id}/updates/`, `evaluations/`: who may do what, input, rules, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.actions.models import Action, ActionUpdate, Evaluation
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    EvaluationFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UserFactory,
)

ACTIONS = "/api/v1/actions/"
EVALUATIONS = "/api/v1/evaluations/"
ACTION_FIELDS = {
    "id",
    "finding",
    "title",
    "description",
    "level",
    "approach",
    "owner",
    "due_on",
    "status",
    "progress",
    "is_overdue",
    "completed_on",
    "evaluation_due_on",
}


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def detail(action):
    return f"{ACTIONS}{action.pk}/"


def updates(action):
    return f"{ACTIONS}{action.pk}/updates/"


def ids(response):
    assert response.status_code == 200, response.data
    return {row["id"] for row in response.data["results"]}


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def assessment(org):
    return AssessmentFactory(unit=org.team, phase="follow_up")


@pytest.fixture
def finding(assessment):
    return FindingFactory(assessment=assessment, status="confirmed")


@pytest.fixture
def employee(org):
    return org.user("employee")


@pytest.fixture
def action(finding, employee):
    """An action of the team owned by the team's employee."""
    return ActionFactory(finding=finding, owner=employee, progress=10, status="planned")


@pytest.fixture
def sibling_action(org):
    return ActionFactory(finding=FindingFactory(assessment=AssessmentFactory(unit=org.sibling)))


# --- authentication and the verbs of each role ---------------------------------------------


def test_unauthenticated_is_401(action):
    assert client().get(ACTIONS).status_code == 401
    assert client().get(updates(action)).status_code == 401


@pytest.mark.parametrize("role", ["leader", "amr"])
def test_the_teams_leader_and_amr_create_read_and_edit(org, finding, role):
    api = client(org.user(role))
    owner = org.user("tr")
    created = api.post(
        ACTIONS,
        {
            "finding": finding.pk,
            "title": "Skærmvægge i personalerummet",
            "description": "Indkøb og opsætning",
            "level": "group",
            "owner": owner.pk,
            "due_on": str(days(30)),
        },
    )
    assert created.status_code == 201, created.data
    assert set(created.data) == ACTION_FIELDS
    assert created.data["owner"] == owner.pk
    assert created.data["status"] == "planned"
    assert created.data["is_overdue"] is False
    action_id = created.data["id"]

    assert api.get(f"{ACTIONS}{action_id}/").data["title"] == "Skærmvægge i personalerummet"
    assert action_id in ids(api.get(ACTIONS))

    changed = api.patch(
        f"{ACTIONS}{action_id}/", {"title": "Skærmvægge", "status": "in_progress", "progress": 40}
    )
    assert changed.status_code == 200, changed.data
    action = Action.objects.get(pk=action_id)
    assert (action.title, action.status, action.progress) == ("Skærmvægge", "in_progress", 40)

    # Deleting is for coordinators; everyone else cancels.
    assert api.delete(f"{ACTIONS}{action_id}/").status_code == 403
    assert api.patch(f"{ACTIONS}{action_id}/", {"status": "cancelled"}).status_code == 200


@pytest.mark.parametrize("role", ["med", "employee"])
def test_med_and_employees_may_read_but_not_write(org, finding, action, role):
    api = client(org.user(role))
    assert api.get(detail(action)).status_code == 200
    assert action.pk in ids(api.get(ACTIONS))
    assert api.post(ACTIONS, {"finding": finding.pk, "title": "x"}).status_code == 403
    assert api.patch(detail(action), {"title": "x"}).status_code == 403
    assert api.delete(detail(action)).status_code == 403
    assert Action.objects.get(pk=action.pk).title == action.title


def test_a_sibling_amr_gets_404_and_does_not_see_it_in_lists(org, action, sibling_action):
    api = client(org.user("amr", "sibling"))
    assert api.get(detail(action)).status_code == 404
    assert api.patch(detail(action), {"title": "x"}).status_code == 404
    assert api.get(updates(action)).status_code == 404
    assert api.post(updates(action), {"progress": 50}).status_code == 404
    assert ids(api.get(ACTIONS)) == {sibling_action.pk}


def test_a_sibling_amr_cannot_create_on_a_finding_it_cannot_read(org, finding):
    response = client(org.user("amr", "sibling")).post(
        ACTIONS, {"finding": finding.pk, "title": "x"}
    )
    assert response.status_code == 400
    assert response.data["finding"][0].code == "does_not_exist"


def test_readable_but_not_yours_to_change_is_403(org, finding, action):
    # MED over the team (reads it) and AMR elsewhere (may edit actions somewhere): the verb is
    # allowed at all, the object is readable, but this unit's plan is not theirs to change.
    user = UserFactory(username="med_and_amr")
    RoleAssignmentFactory(user=user, unit=org.dept, role="med")
    RoleAssignmentFactory(user=user, unit=org.other_area, role="amr")
    api = client(user)
    assert api.post(ACTIONS, {"finding": finding.pk, "title": "x"}).status_code == 403
    assert api.patch(detail(action), {"title": "x"}).status_code == 403
    assert api.post(updates(action), {"progress": 50}).status_code == 403
    assert api.post(ACTIONS, {"finding": 987654, "title": "x"}).status_code == 400


# --- deleting -------------------------------------------------------------------------------


def test_the_coordinator_deletes_an_action_entered_by_mistake(org, action):
    response = client(org.user("coordinator", "root")).delete(detail(action))
    assert response.status_code == 204
    assert not Action.objects.filter(pk=action.pk).exists()


def test_nothing_is_deleted_in_a_closed_apv(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", closed_on=today())
    action = ActionFactory(finding=FindingFactory(assessment=closed))
    response = client(org.user("coordinator", "root")).delete(detail(action))
    assert response.status_code == 409
    assert [u["code"] for u in response.data["unmet"]] == ["assessment_closed"]
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_closed_apv_takes_no_new_actions(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", closed_on=today())
    finding = FindingFactory(assessment=closed)
    response = client(org.user("leader")).post(ACTIONS, {"finding": finding.pk, "title": "x"})
    assert response.status_code == 409
    assert not Action.objects.filter(finding=finding).exists()


# --- input ----------------------------------------------------------------------------------


def test_an_owner_outside_the_callers_directory_does_not_exist(org, finding):
    stranger = UserFactory(username="stranger")  # no role anywhere: not in a leader's directory
    response = client(org.user("leader")).post(
        ACTIONS, {"finding": finding.pk, "title": "x", "owner": stranger.pk}
    )
    assert response.status_code == 400
    assert response.data["owner"][0].code == "does_not_exist"

    other_area = org.user("employee", "other_area")
    response = client(org.user("leader")).post(
        ACTIONS, {"finding": finding.pk, "title": "x", "owner": other_area.pk}
    )
    assert response.status_code == 400
    assert response.data["owner"][0].code == "does_not_exist"


def test_sending_back_the_current_owner_is_not_a_change_even_if_out_of_the_directory(org, finding):
    stranger = UserFactory(username="stranger")
    action = ActionFactory(finding=finding, owner=stranger)
    api = client(org.user("leader"))
    row = api.get(detail(action)).data
    response = api.patch(detail(action), {"owner": row["owner"], "finding": row["finding"]})
    assert response.status_code == 200, response.data


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": "finished"}, "status"),
        ({"level": "everyone"}, "level"),
        ({"due_on": "next week"}, "due_on"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_400_naming_the_field(org, action, payload, field):
    response = client(org.user("leader")).patch(detail(action), payload)
    assert response.status_code == 400
    assert field in response.data


def test_a_new_action_needs_a_finding_and_a_title(org):
    response = client(org.user("leader")).post(ACTIONS, {})
    assert response.status_code == 400
    assert {"finding", "title"} <= set(response.data)


def test_malformed_json_is_400(org):
    response = client(org.user("leader")).post(
        ACTIONS, data="{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_an_action_cannot_move_to_another_finding(org, action, assessment):
    other = FindingFactory(assessment=assessment)
    response = client(org.user("leader")).patch(detail(action), {"finding": other.pk})
    assert response.status_code == 400
    assert "finding" in response.data
    assert Action.objects.get(pk=action.pk).finding_id == action.finding_id


def test_a_due_date_in_the_past_is_accepted_and_overdue_at_once(org, finding):
    response = client(org.user("leader")).post(
        ACTIONS, {"finding": finding.pk, "title": "Sent indtastet", "due_on": str(days(-3))}
    )
    assert response.status_code == 201, response.data
    assert response.data["is_overdue"] is True


def test_done_sets_the_completion_date_and_the_evaluation_due_date(org, action):
    response = client(org.user("amr")).patch(detail(action), {"status": "done"})
    assert response.status_code == 200, response.data
    assert response.data["completed_on"] == str(today())
    assert response.data["evaluation_due_on"] == str(days(30))
    assert response.data["progress"] == 100
    assert response.data["is_overdue"] is False

    reopened = client(org.user("amr")).patch(detail(action), {"status": "in_progress"})
    assert (reopened.data["completed_on"], reopened.data["evaluation_due_on"]) == (None, None)


# --- the plan's approval --------------------------------------------------------------------


@pytest.fixture
def approved_plan(org):
    return AssessmentFactory(
        unit=org.team,
        phase="prioritisation",
        plan_approved_at=timezone.now(),
        plan_approved_by=org.user("med"),
        plan_approval_forum="med",
    )


def test_adding_an_action_in_prioritisation_withdraws_the_plans_approval(org, approved_plan):
    finding = FindingFactory(assessment=approved_plan, status="confirmed")
    response = client(org.user("leader")).post(
        ACTIONS,
        {"finding": finding.pk, "title": "Nyt", "owner": org.user("amr").pk, "due_on": "2030-1-1"},
    )
    assert response.status_code == 201, response.data
    approved_plan.refresh_from_db()
    assert approved_plan.plan_approved_at is None
    assert approved_plan.plan_approved_by is None


def test_moving_a_deadline_in_prioritisation_withdraws_the_approval_too(org, approved_plan):
    action = ActionFactory(finding=FindingFactory(assessment=approved_plan))
    response = client(org.user("tr")).patch(detail(action), {"due_on": str(days(60))})
    assert response.status_code == 200, response.data
    approved_plan.refresh_from_db()
    assert approved_plan.plan_approved_at is None


# --- progress updates -----------------------------------------------------------------------


def test_the_employee_who_owns_an_action_posts_an_update_but_cannot_patch_it(employee, action):
    api = client(employee)
    response = api.post(
        updates(action), {"progress": 60, "status": "in_progress", "note": "Bestilt"}
    )
    assert response.status_code == 201, response.data
    assert set(response.data) == {"id", "progress", "status", "note", "by", "at"}
    assert (response.data["progress"], response.data["status"]) == (60, "in_progress")
    assert response.data["by"] == employee.pk

    action.refresh_from_db()
    assert (action.progress, action.status) == (60, "in_progress")
    update = ActionUpdate.objects.get(action=action)
    assert (update.by, update.note, update.progress) == (employee, "Bestilt", 60)

    assert api.patch(detail(action), {"progress": 70}).status_code == 403
    assert Action.objects.get(pk=action.pk).progress == 60


def test_an_owner_reporting_done_completes_the_action(employee, action):
    response = client(employee).post(updates(action), {"status": "done", "note": "Færdig"})
    assert response.status_code == 201, response.data
    assert response.data["progress"] == 100
    action.refresh_from_db()
    assert action.completed_on == today()
    assert action.evaluation_due_on == days(30)


def test_an_employee_who_owns_nothing_here_may_not_post(org, action, finding):
    other = UserFactory(username="colleague")
    RoleAssignmentFactory(user=other, unit=org.team, role="employee")
    ActionFactory(finding=finding, owner=other)  # owns another action of the same APV
    assert client(other).post(updates(action), {"progress": 50}).status_code == 403
    # The team's fixture employee owns `action`; the dept's employee owns nothing at all.
    assert client(org.user("employee", "dept")).post(updates(action), {}).status_code == 403
    assert not ActionUpdate.objects.exists()


def test_a_med_member_may_read_updates_but_not_post_them(org, action):
    ActionUpdateFactory(action=action)
    api = client(org.user("med"))
    assert api.post(updates(action), {"progress": 50}).status_code == 403
    assert len(api.get(updates(action)).data["results"]) == 1


@pytest.mark.parametrize("role", ["leader", "amr", "tr"])
def test_the_trio_posts_updates_on_actions_they_do_not_own(org, action, role):
    response = client(org.user(role)).post(updates(action), {"progress": 30})
    assert response.status_code == 201, response.data
    assert Action.objects.get(pk=action.pk).progress == 30


def test_updates_are_listed_newest_first_and_paginated(org, action):
    older = ActionUpdateFactory(action=action, at=timezone.now() - datetime.timedelta(days=2))
    newer = ActionUpdateFactory(action=action, at=timezone.now())
    ActionUpdateFactory()  # another action's note
    response = client(org.user("employee")).get(updates(action))
    assert response.status_code == 200
    assert response.data["count"] == 2
    assert [row["id"] for row in response.data["results"]] == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "payload, field",
    [({"progress": 101}, "progress"), ({"status": "halfway"}, "status")],
)
def test_a_bad_update_is_400_and_changes_nothing(employee, action, payload, field):
    response = client(employee).post(updates(action), payload)
    assert response.status_code == 400
    assert field in response.data
    assert not ActionUpdate.objects.exists()
    assert Action.objects.get(pk=action.pk).progress == 10


def test_no_updates_in_a_closed_apv(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", closed_on=today())
    action = ActionFactory(finding=FindingFactory(assessment=closed), owner=org.user("employee"))
    response = client(org.user("employee")).post(updates(action), {"progress": 90})
    assert response.status_code == 409
    assert not ActionUpdate.objects.exists()


# --- confidential findings ------------------------------------------------------------------


@pytest.fixture
def secret_action(org, assessment):
    secret = FindingFactory(assessment=assessment, confidential=True, title="Chikane")
    return ActionFactory(finding=secret, owner=org.user("leader"))


@pytest.mark.parametrize("role", ["tr", "med", "employee"])
def test_actions_of_a_confidential_finding_are_absent_for_others(org, secret_action, role):
    api = client(org.user(role))
    assert secret_action.pk not in ids(api.get(ACTIONS))
    assert api.get(detail(secret_action)).status_code == 404
    assert api.get(updates(secret_action)).status_code == 404


@pytest.mark.parametrize("role", ["tr", "employee"])
def test_the_owner_of_such_an_action_sees_it_all_the_same(org, secret_action, role):
    owner = org.user(role)
    Action.objects.filter(pk=secret_action.pk).update(owner=owner)
    api = client(owner)
    assert secret_action.pk in ids(api.get(ACTIONS))
    assert api.post(updates(secret_action), {"progress": 20}).status_code == 201


@pytest.mark.parametrize("role", ["leader", "amr"])
def test_the_handlers_see_the_actions_of_a_confidential_finding(org, secret_action, role):
    assert secret_action.pk in ids(client(org.user(role)).get(ACTIONS))


def test_a_confidential_finding_one_cannot_read_does_not_exist_for_new_actions(org, secret_action):
    response = client(org.user("tr")).post(
        ACTIONS, {"finding": secret_action.finding_id, "title": "x"}
    )
    assert response.status_code == 400
    assert response.data["finding"][0].code == "does_not_exist"
    assert "Chikane" not in str(response.data)


# --- filters, ordering, search --------------------------------------------------------------


def test_the_overdue_filter(org, finding):
    late = ActionFactory(finding=finding, due_on=days(-1), status="in_progress")
    late_but_done = ActionFactory(
        finding=finding, due_on=days(-1), status="done", completed_on=today(), progress=100
    )
    late_but_cancelled = ActionFactory(finding=finding, due_on=days(-5), status="cancelled")
    due_today = ActionFactory(finding=finding, due_on=today())
    no_date = ActionFactory(finding=finding, due_on=None)
    api = client(org.user("leader"))
    assert ids(api.get(ACTIONS, {"overdue": "true"})) == {late.pk}
    assert ids(api.get(ACTIONS, {"overdue": "false"})) == {
        late_but_done.pk,
        late_but_cancelled.pk,
        due_today.pk,
        no_date.pk,
    }


def test_filters_by_reference_enumeration_and_date(org, finding, assessment):
    mine = ActionFactory(
        finding=finding, owner=org.user("amr"), status="in_progress", level="group"
    )
    other_finding = FindingFactory(assessment=assessment)
    theirs = ActionFactory(finding=other_finding, due_on=days(90), status="planned")
    done = ActionFactory(
        finding=other_finding,
        status="done",
        completed_on=days(-10),
        evaluation_due_on=days(20),
        progress=100,
    )
    api = client(org.user("leader", "dept"))
    assert ids(api.get(ACTIONS, {"finding": finding.pk})) == {mine.pk}
    assert ids(api.get(ACTIONS, {"owner": org.user("amr").pk})) == {mine.pk}
    assert ids(api.get(ACTIONS, {"status": ["planned", "done"]})) == {theirs.pk, done.pk}
    assert ids(api.get(ACTIONS, {"level": "group"})) == {mine.pk}
    assert ids(api.get(ACTIONS, {"due_after": str(days(60))})) == {theirs.pk}
    assert ids(api.get(ACTIONS, {"due_before": str(days(60))})) == {mine.pk, done.pk}
    assert ids(api.get(ACTIONS, {"completed_after": str(days(-11))})) == {done.pk}
    assert ids(api.get(ACTIONS, {"completed_before": str(days(-11))})) == set()
    assert ids(api.get(ACTIONS, {"assessment": assessment.pk})) == {mine.pk, theirs.pk, done.pk}


def test_the_unit_filter_covers_the_subtree(org, action, sibling_action):
    elsewhere = ActionFactory(
        finding=FindingFactory(assessment=AssessmentFactory(unit=org.other_area))
    )
    api = client(org.user("coordinator", "root"))
    assert ids(api.get(ACTIONS, {"unit": org.dept.pk})) == {action.pk, sibling_action.pk}
    assert ids(api.get(ACTIONS, {"unit": org.team.pk})) == {action.pk}
    assert ids(api.get(ACTIONS, {"unit": org.other_area.pk})) == {elsewhere.pk}


def test_a_filter_on_something_out_of_scope_is_an_invalid_choice(org, action, sibling_action):
    api = client(org.user("amr"))
    for params in (
        {"unit": org.sibling.pk},
        {"finding": sibling_action.finding_id},
        {"assessment": sibling_action.finding.assessment_id},
        {"owner": org.user("employee", "other_area").pk},
    ):
        response = api.get(ACTIONS, params)
        assert response.status_code == 400, params
        assert set(response.data) == set(params)
        # The same answer as for an id that does not exist at all.
        missing = api.get(ACTIONS, {next(iter(params)): 987654})
        assert missing.status_code == 400


def test_ordering_and_search(org, finding):
    a = ActionFactory(finding=finding, title="Bedre lys", progress=80, due_on=days(5))
    b = ActionFactory(finding=finding, title="Ny stol", description="lys ved bordet", progress=20)
    c = ActionFactory(finding=finding, title="Møde", progress=50, due_on=days(1))
    api = client(org.user("leader"))
    ordered = api.get(ACTIONS, {"ordering": "-progress"}).data["results"]
    assert [row["id"] for row in ordered] == [a.pk, c.pk, b.pk]
    by_due = api.get(ACTIONS).data["results"]
    assert [row["id"] for row in by_due] == [c.pk, a.pk, b.pk]
    assert ids(api.get(ACTIONS, {"search": "lys"})) == {a.pk, b.pk}


def test_page_size_is_capped_not_refused(org, finding):
    ActionFactory.create_batch(3, finding=finding)
    response = client(org.user("leader")).get(ACTIONS, {"page_size": 10_000})
    assert response.status_code == 200
    assert response.data["count"] == 3


# --- evaluations ----------------------------------------------------------------------------


@pytest.fixture
def done_action(finding):
    return ActionFactory(
        finding=finding,
        status="done",
        progress=100,
        completed_on=today(),
        evaluation_due_on=days(30),
    )


@pytest.mark.parametrize("role", ["leader", "amr", "tr"])
def test_the_trio_evaluates_a_done_action(org, done_action, role):
    user = org.user(role)
    response = client(user).post(
        EVALUATIONS,
        {"action": done_action.pk, "effect": "better", "decision": "keep", "notes": "Virker"},
    )
    assert response.status_code == 201, response.data
    assert set(response.data) == {
        "id",
        "action",
        "effect",
        "notes",
        "decision",
        "evaluated_on",
        "by",
    }
    assert response.data["by"] == user.pk
    assert response.data["evaluated_on"] == str(today())
    evaluation = Evaluation.objects.get(pk=response.data["id"])
    assert (evaluation.by, evaluation.action) == (user, done_action)


def test_by_cannot_be_forged(org, done_action):
    response = client(org.user("amr")).post(
        EVALUATIONS,
        {
            "action": done_action.pk,
            "effect": "worse",
            "decision": "new_action",
            "by": org.user("leader").pk,
        },
    )
    assert response.status_code == 201
    assert response.data["by"] == org.user("amr").pk


@pytest.mark.parametrize("role", ["med", "employee"])
def test_med_and_employees_may_not_evaluate(org, done_action, role):
    response = client(org.user(role)).post(
        EVALUATIONS, {"action": done_action.pk, "effect": "better", "decision": "keep"}
    )
    assert response.status_code == 403


def test_evaluations_are_kept_not_edited(org, done_action):
    evaluation = EvaluationFactory(action=done_action)
    api = client(org.user("coordinator", "root"))
    url = f"{EVALUATIONS}{evaluation.pk}/"
    assert api.get(url).status_code == 200
    assert api.patch(url, {"notes": "x"}).status_code == 405
    assert api.delete(url).status_code == 405


def test_evaluations_of_another_unit_are_404_and_absent(org, done_action, sibling_action):
    ours = EvaluationFactory(action=done_action)
    theirs = EvaluationFactory(action=sibling_action)
    api = client(org.user("amr", "sibling"))
    assert api.get(f"{EVALUATIONS}{ours.pk}/").status_code == 404
    assert ids(api.get(EVALUATIONS)) == {theirs.pk}
    response = api.post(
        EVALUATIONS, {"action": done_action.pk, "effect": "better", "decision": "keep"}
    )
    assert response.status_code == 400
    assert response.data["action"][0].code == "does_not_exist"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"effect": "great", "decision": "keep"}, "effect"),
        ({"effect": "better", "decision": "forget"}, "decision"),
        ({"effect": "better", "decision": "keep", "evaluated_on": "soon"}, "evaluated_on"),
    ],
)
def test_bad_evaluations_are_400(org, done_action, payload, field):
    response = client(org.user("amr")).post(EVALUATIONS, {"action": done_action.pk, **payload})
    assert response.status_code == 400
    assert field in response.data


def test_no_evaluations_in_a_closed_apv(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", closed_on=today())
    action = ActionFactory(
        finding=FindingFactory(assessment=closed),
        status="done",
        completed_on=today(),
        progress=100,
    )
    response = client(org.user("amr")).post(
        EVALUATIONS, {"action": action.pk, "effect": "better", "decision": "keep"}
    )
    assert response.status_code == 409


def test_evaluation_filters(org, finding, assessment, done_action, sibling_action):
    kept = EvaluationFactory(action=done_action, effect="better", decision="keep")
    other = ActionFactory(finding=FindingFactory(assessment=assessment))
    worse = EvaluationFactory(
        action=other, effect="worse", decision="new_action", evaluated_on=days(-40)
    )
    elsewhere = EvaluationFactory(action=sibling_action)
    api = client(org.user("coordinator", "root"))
    assert ids(api.get(EVALUATIONS, {"action": done_action.pk})) == {kept.pk}
    assert ids(api.get(EVALUATIONS, {"finding": finding.pk})) == {kept.pk}
    assert ids(api.get(EVALUATIONS, {"assessment": assessment.pk})) == {kept.pk, worse.pk}
    assert ids(api.get(EVALUATIONS, {"unit": org.team.pk})) == {kept.pk, worse.pk}
    assert ids(api.get(EVALUATIONS, {"unit": org.dept.pk})) == {kept.pk, worse.pk, elsewhere.pk}
    assert ids(api.get(EVALUATIONS, {"effect": "worse"})) == {worse.pk}
    assert ids(api.get(EVALUATIONS, {"decision": "new_action"})) == {worse.pk}
    assert ids(api.get(EVALUATIONS, {"evaluated_before": str(days(-30))})) == {worse.pk}
    assert ids(api.get(EVALUATIONS, {"evaluated_after": str(days(-30))})) == {
        kept.pk,
        elsewhere.pk,
    }


def test_evaluations_of_a_confidential_finding_are_absent_for_others(org, assessment):
    secret = FindingFactory(assessment=assessment, confidential=True)
    evaluation = EvaluationFactory(action=ActionFactory(finding=secret))
    assert evaluation.pk not in ids(client(org.user("tr")).get(EVALUATIONS))
    assert evaluation.pk in ids(client(org.user("amr")).get(EVALUATIONS))


# --- the number of queries does not grow with the page --------------------------------------


def queries_for(api, url, page_size):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.data["results"]) == page_size
    return len(captured)


@pytest.fixture
def many_actions(org, assessment):
    owners = [UserFactory() for _ in range(3)]
    return [
        ActionFactory(
            finding=FindingFactory(assessment=assessment, confidential=i % 4 == 0),
            owner=owners[i % 3],
        )
        for i in range(22)
    ]


def test_the_action_list_costs_the_same_for_1_or_20_rows(org, many_actions):
    api = client(org.user("amr"))
    assert queries_for(api, ACTIONS, 1) == queries_for(api, ACTIONS, 20)


def test_the_update_list_costs_the_same_for_1_or_20_rows(org, action):
    for _ in range(22):
        ActionUpdateFactory(action=action, by=UserFactory())
    api = client(org.user("employee"))
    assert queries_for(api, updates(action), 1) == queries_for(api, updates(action), 20)


def test_the_evaluation_list_costs_the_same_for_1_or_20_rows(org, many_actions):
    for action in many_actions:
        EvaluationFactory(action=action, by=UserFactory())
    api = client(org.user("leader"))
    assert queries_for(api, EVALUATIONS, 1) == queries_for(api, EVALUATIONS, 20)
