"""Several actions and findings at once from the admin lists, through the services: what
changed and what was refused is said, and a refused object is left whole."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from apps.actions.models import Action
from apps.findings.models import Finding
from tests.admin_helpers import client_for
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

ACTIONS = reverse("admin:actions_action_changelist")
FINDINGS = reverse("admin:findings_finding_changelist")


@pytest.fixture
def plan(org):
    apv = AssessmentFactory(unit=org.team, phase="follow_up")
    finding = FindingFactory(assessment=apv, status="confirmed")
    closed = AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2024, 1, 1))
    old = ActionFactory(finding=FindingFactory(assessment=closed), title="Gammelt tiltag")
    actions = [ActionFactory(finding=finding, title=f"Tiltag {n}") for n in range(3)]
    return actions, old


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_leader_reassigns_three_actions_at_once(org, plan):
    actions, _old = plan
    new_owner = org.user("employee", "team")
    due = datetime.date(2027, 2, 1)
    client = client_for(org.user("leader", "team"))
    selected = [str(a.pk) for a in actions]
    # The action asks what to change first ...
    page = client.post(
        ACTIONS, {"action": "change_selected", helpers.ACTION_CHECKBOX_NAME: selected}
    )
    assert page.status_code == 200 and "Tiltag 2" in page.content.decode()
    # ... then changes them all, through the services.
    response = client.post(
        ACTIONS,
        {
            "action": "change_selected",
            helpers.ACTION_CHECKBOX_NAME: selected,
            "apply": "1",
            "owner": new_owner.pk,
            "due_on": due.isoformat(),
            "status": "in_progress",
        },
        follow=True,
    )
    assert "Ændret: 3." in " ".join(messages_of(response))
    for action in Action.objects.filter(pk__in=selected):
        assert (action.owner, action.due_on, action.status) == (new_owner, due, "in_progress")
        assert action.updates.filter(status="in_progress").exists()


def test_refusals_are_reported_and_leave_their_action_whole(org, plan):
    actions, old = plan
    client = client_for(org.user("leader", "team"))
    selected = [str(actions[0].pk), str(old.pk)]
    response = client.post(
        ACTIONS,
        {
            "action": "change_selected",
            helpers.ACTION_CHECKBOX_NAME: selected,
            "apply": "1",
            "due_on": "2027-03-01",
        },
        follow=True,
    )
    text = " ".join(messages_of(response))
    assert "Ændret: 1." in text and "Gammelt tiltag" in text
    old.refresh_from_db()
    assert old.due_on != datetime.date(2027, 3, 1)


def test_nothing_chosen_is_a_question_not_a_change(org, plan):
    actions, _old = plan
    response = client_for(org.user("leader", "team")).post(
        ACTIONS,
        {"action": "change_selected", helpers.ACTION_CHECKBOX_NAME: [actions[0].pk], "apply": "1"},
    )
    assert response.status_code == 200
    assert "Vælg, hvad der skal ændres." in response.content.decode()


def test_a_med_member_is_not_offered_the_bulk_change(org, plan):
    page = client_for(org.user("med", "team")).get(ACTIONS).content.decode()
    assert 'value="change_selected"' not in page


def test_findings_are_confirmed_and_dismissed_several_at_once(org):
    apv = AssessmentFactory(unit=org.team, phase="involvement")
    findings = [FindingFactory(assessment=apv, status="open") for _ in range(3)]
    client = client_for(org.user("amr", "team"))
    response = client.post(
        FINDINGS,
        {"action": "confirm", helpers.ACTION_CHECKBOX_NAME: [f.pk for f in findings[:2]]},
        follow=True,
    )
    assert "Bekræftet: 2." in " ".join(messages_of(response))
    assert sorted(Finding.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "open",
    ]


def test_findings_changed_in_place_on_the_apv_page_go_through_the_service(org):
    from tests.admin_helpers import form_data

    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    finding = FindingFactory(assessment=apv, status="confirmed")
    client = client_for(org.user("amr", "team"))
    url = reverse("admin:assessments_assessment_change", args=[apv.pk])
    data = form_data(client, url)
    prefix = next(k for k in data if k.endswith("-0-id")).removesuffix("-0-id")
    data.update(
        {f"{prefix}-0-severity": "3", f"{prefix}-0-extent": "4", f"{prefix}-0-priority": "1"}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:600]
    finding.refresh_from_db()
    assert (finding.severity, finding.extent, finding.priority) == (3, 4, 1)
