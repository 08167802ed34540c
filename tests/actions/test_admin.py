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


# The add page's two attachment inlines (the list and the upload), left empty.
NO_ATTACHMENTS = {
    f"{prefix}-{field}": "0"
    for prefix in ("attachments", "attachments-2")
    for field in ("TOTAL_FORMS", "INITIAL_FORMS")
}


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
            **NO_ATTACHMENTS,
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
            **NO_ATTACHMENTS,
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


# Status updates in the admin: the owner (any role) and the TRIO post them; the page shows them.


def _post_update(client, action, **data):
    return client.post(reverse("admin:actions_action_post_update", args=[action.pk]), data)


@pytest.mark.parametrize("who", [("leader", "team"), ("employee", "team")])
def test_a_status_update_with_a_note_is_posted_from_the_action_page(org, finding, who):
    owner = org.user("employee", "team")
    action = ActionFactory(finding=finding, owner=owner, progress=10, status="planned")
    client = client_for(org.user(*who))
    page = client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "Ny statusopdatering" in page
    response = _post_update(
        client, action, status="in_progress", progress="60", note="Vikar fundet"
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 60)
    update = action.updates.get()
    assert (update.note, update.by) == ("Vikar fundet", org.user(*who))
    page = client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "Vikar fundet" in page


def test_a_med_member_may_not_post_updates_on_actions_they_do_not_own(org, finding):
    action = ActionFactory(finding=finding, owner=org.user("employee", "team"))
    client = client_for(org.user("med", "team"))
    page = client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "Ny statusopdatering" not in page
    assert _post_update(client, action, status="done", progress="100").status_code == 403
    assert not action.updates.exists()


def test_a_bad_update_changes_nothing_and_says_why(org, finding):
    action = ActionFactory(finding=finding, owner=org.user("employee", "team"), progress=10)
    client = client_for(org.user("leader", "team"))
    response = _post_update(client, action, status="in_progress", progress="140", note="x")
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("100" in m for m in messages)
    action.refresh_from_db()
    assert action.progress == 10 and not action.updates.exists()


def test_changing_status_on_the_form_records_an_update_too(org, finding):
    from tests.admin_helpers import form_data

    action = ActionFactory(finding=finding, owner=org.user("employee", "team"), status="planned")
    client = client_for(org.user("leader", "team"))
    url = reverse("admin:actions_action_change", args=[action.pk])
    response = client.post(url, form_data(client, url, status="in_progress", progress="30"))
    assert response.status_code == 302
    update = action.updates.get()
    assert (update.status, update.progress) == ("in_progress", 30)
