"""The leader writes the action plan in the admin: owners, deadlines, overdue markers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.actions.models import Action
from apps.assessments.models import Assessment
from tests.admin_helpers import changelist_titles, client_for
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

ACTIONS = reverse("admin:actions_action_changelist")


@pytest.fixture
def finding(org):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    return FindingFactory(assessment=apv, status="confirmed", title="Travlhed")


def test_leader_adds_an_action_with_owner_and_deadline(org, finding):
    leader = org.user("leader", "team")
    owner = org.user("employee", "team")
    due = timezone.localdate() + datetime.timedelta(days=60)
    response = client_for(leader).post(
        reverse("admin:actions_action_add"),
        {
            "finding": finding.pk,
            "title": "Fast pause i ydertimerne",
            "description": "Vagtplanen ændres",
            "level": "group",
            "owner": owner.pk,
            "due_on": due.isoformat(),
            "status": "planned",
            "progress": "0",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
            "evaluations-TOTAL_FORMS": "0",
            "evaluations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(title="Fast pause i ydertimerne")
    assert (action.owner, action.due_on) == (owner, due)


def test_adding_an_action_withdraws_an_approval(org, finding):
    Assessment.objects.filter(pk=finding.assessment_id).update(
        plan_approved_at=timezone.now(), plan_approval_forum="amo"
    )
    client_for(org.user("leader", "team")).post(
        reverse("admin:actions_action_add"),
        {
            "finding": finding.pk,
            "title": "Nyt tiltag",
            "owner": org.user("leader", "team").pk,
            "due_on": "2027-01-31",
            "status": "planned",
            "progress": "0",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
            "evaluations-TOTAL_FORMS": "0",
            "evaluations-INITIAL_FORMS": "0",
        },
    )
    assert Action.objects.filter(title="Nyt tiltag").exists()
    assert Assessment.objects.get(pk=finding.assessment_id).plan_approved_at is None


def test_overdue_filter_and_scope(org, finding):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActionFactory(finding=finding, title="For sent", due_on=yesterday)
    ActionFactory(finding=finding, title="I god tid")
    sibling_apv = AssessmentFactory(unit=org.sibling)
    ActionFactory(finding=FindingFactory(assessment=sibling_apv), title="Naboens", due_on=yesterday)
    client = client_for(org.user("leader", "team"))
    assert changelist_titles(client, ACTIONS) == {"For sent", "I god tid"}
    assert changelist_titles(client, ACTIONS + "?overdue=yes") == {"For sent"}


def test_employee_sees_actions_but_cannot_add(org, finding):
    ActionFactory(finding=finding, title="Synligt tiltag")
    client = client_for(org.user("employee", "team"))
    assert changelist_titles(client, ACTIONS) == {"Synligt tiltag"}
    assert client.get(reverse("admin:actions_action_add")).status_code == 403
