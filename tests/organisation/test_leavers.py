"""A person leaves (issue 14): their roles end, their way in closes, their open actions go to a
successor who may read them, else the unit's leader, else a handler of a confidential finding,
else a coordinator; each new owner is reminded once, saying why; history keeps their name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.conversation.models import InboxItem
from apps.organisation.leavers import person_leave
from apps.organisation.models import RoleAssignment
from apps.organisation.services import role_assignment_delete
from apps.reminders import services as reminders
from apps.reminders.models import CalendarFeed, Reminder
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

TODAY = timezone.localdate()


@pytest.fixture
def plan(org):
    """The team's APV: an open action of the team's AMR, a done one, and an open one under a
    confidential finding the AMR handles."""
    amr = org.user("amr", "team")
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    open_action = ActionFactory(finding=FindingFactory(assessment=apv), owner=amr)
    done = ActionFactory(
        finding=FindingFactory(assessment=apv), owner=amr, status="done", completed_on=TODAY
    )
    secret = FindingFactory(assessment=apv, confidential=True, reported_by=org.user("tr", "team"))
    hidden = ActionFactory(finding=secret, owner=amr)
    return amr, open_action, done, hidden


def test_the_leavers_open_actions_go_to_the_units_leader_and_done_ones_stay(org, plan):
    amr, open_action, done, hidden = plan
    handovers = person_leave(by=org.user("coordinator", "root"), user=amr)
    leader = org.user("leader", "team")
    assert [(h.action.pk, h.owner, h.why) for h in handovers] == [
        (open_action.pk, leader, "leader"),
        (hidden.pk, leader, "leader"),  # the leader handles the confidential finding by default
    ]
    assert Action.objects.get(pk=open_action.pk).owner == leader
    assert Action.objects.get(pk=done.pk).owner == amr
    # It is in the new owner's inbox too.
    assert InboxItem.objects.filter(
        recipient=leader, kind="action_assigned", action=open_action
    ).exists()
    # The history keeps who owned it before.
    assert Action.objects.get(pk=open_action.pk).history.earliest().owner == amr


def test_leaving_ends_the_roles_and_closes_every_way_in(org, plan):
    amr = plan[0]
    AuthToken.objects.create(user=amr)
    CalendarFeed.objects.create(user=amr, token_digest="x" * 64)
    person_leave(by=None, user=amr)
    amr.refresh_from_db()
    assert not amr.is_active
    assert RoleAssignment.objects.filter(user=amr).get().ends_on == TODAY - datetime.timedelta(1)
    assert not RoleAssignment.objects.in_effect().filter(user=amr).exists()
    assert not AuthToken.objects.filter(user=amr).exists()
    assert not CalendarFeed.objects.filter(user=amr).exists()


def test_a_named_successor_takes_over_what_they_may_read(org, plan):
    amr, open_action, _done, hidden = plan
    successor = org.user("amr", "sibling")  # a sibling team's AMR: reads nothing of the team
    RoleAssignment.objects.create(user=successor, unit=org.team, role="employee")
    handovers = person_leave(by=None, user=amr, successor=successor)
    # The open action is readable to an employee of the team; the confidential one is not.
    assert {(h.action.pk, h.owner.username, h.why) for h in handovers} == {
        (open_action.pk, successor.username, "successor"),
        (hidden.pk, "leader_team", "leader"),
    }
    assert not access.can(successor, Verb.READ, hidden.finding)


def test_under_a_confidential_finding_only_a_handler_takes_over(org, plan):
    amr, _open, _done, hidden = plan
    # The finding concerns the leader: the AMR of the department handles it instead.
    hidden.finding.handlers.set([org.user("amr", "dept")])
    handovers = {h.action.pk: h for h in person_leave(by=None, user=amr)}
    assert (handovers[hidden.pk].owner.username, handovers[hidden.pk].why) == (
        "amr_dept",
        "handler",
    )


def test_a_coordinator_takes_over_where_nobody_else_may(org, plan):
    amr, open_action, _done, _hidden = plan
    for leader in RoleAssignment.objects.filter(role="leader"):
        role_assignment_delete(by=None, role_assignment=leader)
    handovers = {h.action.pk: h for h in person_leave(by=None, user=amr)}
    assert handovers[open_action.pk].owner.username == "coordinator_team"
    assert handovers[open_action.pk].why == "coordinator"


def test_each_new_owner_is_reminded_once_saying_why(org, plan, mailoutbox):
    amr, open_action, _done, hidden = plan
    person_leave(by=None, user=amr)
    rows = Reminder.objects.filter(kind=Reminder.Kind.ACTION_REASSIGNED)
    assert sorted(rows.values_list("recipient__username", "subject_id")) == sorted(
        [("leader_team", open_action.pk), ("leader_team", hidden.pk)]
    )
    # Leaving again (a second click, a re-import) hands nothing over twice.
    person_leave(by=None, user=amr)
    assert rows.count() == 2
    result = reminders.reminders_send()
    assert result.sent == 2
    [mail] = [m for m in mailoutbox if m.to == ["leader_team@example.dk"]]
    assert mail.subject == "APV-trackeren: 2 påmindelser til dig"
    assert f"Tiltaget »{open_action.title}« er overdraget til dig" in mail.body
    assert "fordi den, der var ansvarlig for det, er fratrådt" in mail.body
    # The confidential one is not named.
    assert hidden.title not in mail.body
    assert "Et tiltag under et fortroligt fund er overdraget til dig" in mail.body
    assert reminders.reminders_send().sent == 0


def test_an_inactive_or_same_successor_is_refused(org, plan):
    from apps.core.errors import DomainError

    amr = plan[0]
    with pytest.raises(DomainError) as refused:
        person_leave(by=None, user=amr, successor=amr)
    assert refused.value.field == "successor"
    assert amr.is_active


def test_the_coordinator_unticks_active_in_the_admin(org, plan, client):
    amr, open_action, _done, _hidden = plan
    coordinator = org.user("coordinator", "root")
    client.force_login(coordinator)
    url = reverse("admin:accounts_user_change", args=[amr.pk])
    page = client.get(url)
    assert "Når personen fratræder" in page.content.decode()
    successor = org.user("tr", "team")
    form = {
        "username": amr.username,
        "first_name": amr.first_name,
        "last_name": "",
        "email": amr.email,
        "successor": successor.pk,
        "date_joined_0": amr.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": "08:00:00",
        "role_assignments-TOTAL_FORMS": 0,
        "role_assignments-INITIAL_FORMS": 0,
    }
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    assert "overdraget til" in response.content.decode()
    amr.refresh_from_db()
    assert not amr.is_active
    assert Action.objects.get(pk=open_action.pk).owner == successor


def test_the_api_deactivates_with_a_successor(org, plan):
    amr, open_action, _done, _hidden = plan
    api = APIClient()
    api.force_authenticate(org.user("coordinator", "root"))
    successor = org.user("tr", "team")
    response = api.patch(
        f"/api/v1/users/{amr.pk}/", {"is_active": False, "successor": successor.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert "successor" not in response.json()
    assert Action.objects.get(pk=open_action.pk).owner == successor
