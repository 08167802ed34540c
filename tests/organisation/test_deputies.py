"""Role periods and deputies (issue 14): a role counts from its first to its last day; a deputy
stands in for a holder during a period with the holder's role on the holder's unit and nothing
more (not the findings the holder is named to handle), and receives the holder's reminders only
during that period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps import access
from apps.access import Verb
from apps.core.errors import DomainError
from apps.organisation import services
from apps.organisation.models import RoleAssignment
from apps.reminders import services as reminders
from apps.reminders.models import Reminder
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory, UserFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def amr_assignment(org):
    return RoleAssignment.objects.get(user=org.user("amr", "team"), unit=org.team, role="amr")


@pytest.fixture
def deputy(org):
    return UserFactory(username="vikar")


def test_a_role_counts_from_its_first_to_its_last_day(org):
    held = amr_assignment(org)
    amr = org.user("amr", "team")
    assert Verb.EDIT in {v for v in Verb if access.can_on_unit(amr, v, org.team)}
    services.role_assignment_update(by=None, role_assignment=held, ends_on=days(-1))
    assert not access.can_on_unit(amr, Verb.READ, org.team)
    services.role_assignment_update(by=None, role_assignment=held, starts_on=days(1), ends_on=None)
    assert not access.can_on_unit(amr, Verb.READ, org.team)
    services.role_assignment_update(by=None, role_assignment=held, starts_on=TODAY)
    assert access.can_on_unit(amr, Verb.EDIT, org.team)


def test_a_period_cannot_end_before_it_starts(org, danish):
    with pytest.raises(DomainError) as refused:
        services.role_assignment_update(
            by=None, role_assignment=amr_assignment(org), starts_on=days(5), ends_on=days(1)
        )
    assert refused.value.field == "ends_on"
    assert refused.value.message == "Perioden kan ikke slutte, før den begynder."


def test_a_deputy_holds_the_holders_role_during_the_period_only(org, deputy):
    stand_in = services.role_assignment_create(
        by=None, user=deputy, stands_in_for=amr_assignment(org), starts_on=days(1), ends_on=days(14)
    )
    assert (stand_in.unit, stand_in.role) == (org.team, "amr")
    assert not access.can_on_unit(deputy, Verb.READ, org.team)
    services.role_assignment_update(by=None, role_assignment=stand_in, starts_on=TODAY)
    assert access.can_on_unit(deputy, Verb.EDIT, org.team)
    assert not access.can_on_unit(deputy, Verb.READ, org.sibling)
    # A stand-in ends with the role it stands in for.
    services.role_assignment_update(by=None, role_assignment=amr_assignment(org), ends_on=days(-1))
    assert not access.can_on_unit(deputy, Verb.READ, org.team)


def test_a_deputy_handles_the_units_confidential_findings_but_not_the_holders_named_ones(
    org, deputy
):
    apv = AssessmentFactory(unit=org.team)
    by_default = FindingFactory(assessment=apv, confidential=True)
    named_elsewhere = FindingFactory(
        assessment=AssessmentFactory(unit=org.sibling), confidential=True
    )
    named_elsewhere.handlers.set([org.user("amr", "team")])
    services.role_assignment_create(
        by=None, user=deputy, stands_in_for=amr_assignment(org), starts_on=TODAY, ends_on=days(7)
    )
    assert access.can(deputy, Verb.READ, by_default)
    assert access.can(org.user("amr", "team"), Verb.READ, named_elsewhere)
    assert not access.can(deputy, Verb.READ, named_elsewhere)


def test_nobody_stands_in_for_themselves_or_for_a_deputy_or_without_a_period(org, deputy):
    held = amr_assignment(org)
    with pytest.raises(DomainError) as refused:
        services.role_assignment_create(
            by=None,
            user=org.user("amr", "team"),
            stands_in_for=held,
            starts_on=TODAY,
            ends_on=days(1),
        )
    assert refused.value.field == "user"
    with pytest.raises(DomainError) as refused:
        services.role_assignment_create(by=None, user=deputy, stands_in_for=held, starts_on=TODAY)
    assert refused.value.field == "ends_on"
    stand_in = services.role_assignment_create(
        by=None, user=deputy, stands_in_for=held, starts_on=TODAY, ends_on=days(1)
    )
    with pytest.raises(DomainError) as refused:
        services.role_assignment_create(
            by=None,
            user=org.user("tr", "team"),
            stands_in_for=stand_in,
            starts_on=TODAY,
            ends_on=days(1),
        )
    assert refused.value.field == "stands_in_for"


def test_the_deputy_gets_the_holders_reminders_only_during_the_period(org, deputy, mailoutbox):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    action = ActionFactory(
        finding=FindingFactory(assessment=apv), owner=org.user("employee", "team"), due_on=days(-3)
    )
    leader_assignment = RoleAssignment.objects.get(user=org.user("leader", "team"), role="leader")
    services.role_assignment_create(
        by=None, user=deputy, stands_in_for=leader_assignment, starts_on=days(1), ends_on=days(7)
    )

    def overdue_to(as_of):
        return sorted(
            d.recipient.username
            for d in reminders.reminders_due(as_of=as_of, action_ids=[action.pk])
            if d.kind == Reminder.Kind.ACTION_OVERDUE
        )

    assert "vikar" not in overdue_to(TODAY)
    services.role_assignment_update(
        by=None, role_assignment=deputy.role_assignments.get(), starts_on=TODAY
    )
    assert "vikar" in overdue_to(TODAY)
    assert "leader_team" in overdue_to(TODAY)  # the holder on holiday still gets it
    # Recorded during the period, but the period ended before sending: it is not sent.
    reminders.reminders_record(action_ids=[action.pk])
    services.role_assignment_update(
        by=None,
        role_assignment=deputy.role_assignments.get(),
        ends_on=days(-1),
        starts_on=days(-5),
    )
    reminders.reminders_send()
    assert not [m for m in mailoutbox if m.to == ["vikar@example.dk"]]
    assert [m for m in mailoutbox if m.to == ["leader_team@example.dk"]]


def test_a_coordinator_names_a_deputy_in_the_admin_without_choosing_unit_or_role(
    org, deputy, client
):
    client.force_login(org.user("coordinator", "root"))
    response = client.post(
        reverse("admin:organisation_roleassignment_add"),
        {
            "user": deputy.pk,
            "stands_in_for": amr_assignment(org).pk,
            "starts_on": TODAY.strftime("%d.%m.%Y"),
            "ends_on": days(14).strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    stand_in = deputy.role_assignments.get()
    assert (stand_in.unit, stand_in.role, stand_in.ends_on) == (org.team, "amr", days(14))


def test_the_api_names_a_deputy_only_on_the_holders_unit_and_role(org, deputy):
    api = APIClient()
    api.force_authenticate(org.user("coordinator", "dept"))
    data = {
        "user": deputy.pk,
        "unit": org.sibling.pk,
        "role": "amr",
        "stands_in_for": amr_assignment(org).pk,
        "starts_on": TODAY.isoformat(),
        "ends_on": days(3).isoformat(),
    }
    refused = api.post("/api/v1/role-assignments/", data, format="json")
    assert refused.status_code == 400
    assert "stands_in_for" in refused.json()
    created = api.post("/api/v1/role-assignments/", {**data, "unit": org.team.pk}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["stands_in_for"] == amr_assignment(org).pk
