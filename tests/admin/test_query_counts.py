"""An admin list costs the same number of queries for 1 row as for 100: nothing is asked once
per row. Seen by the root coordinator, who sees every row; the admin shows 100 rows a page."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.reminders.models import Reminder
from tests.admin_helpers import client_for
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)


def _apv(unit, n):
    # A unit has one open APV at most: the others are earlier, closed rounds.
    return AssessmentFactory(
        unit=unit,
        phase="closed" if n else "follow_up",
        started_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
        title=f"APV {n}",
    )


def _reminder(org, n):
    action = ActionFactory(finding=FindingFactory(assessment=_apv(org.team, n)))
    return Reminder.objects.create(
        kind="action_due_soon",
        recipient=org.user("amr", "team"),
        reason="owner",
        subject_type=ContentType.objects.get_for_model(action),
        subject_id=action.pk,
        unit=org.team,
        due_on=timezone.localdate(),
    )


def _finding(org, n):
    finding = FindingFactory(
        assessment=_apv(org.team, n), confidential=n % 3 == 0, severity=2, extent=3
    )
    ActionFactory(finding=finding)
    return finding


BUILDERS = {
    # Open APVs, each in a unit of its own: the list says what each one is missing.
    "assessments_assessment": lambda org, n: AssessmentFactory(
        unit=UnitFactory(parent=org.team),
        phase=["identification", "involvement", "follow_up"][n % 3],
    ),
    "findings_finding": _finding,
    "findings_dialogue": lambda org, n: DialogueFactory(
        assessment=_apv(org.team, n), findings=[FindingFactory(assessment=_apv(org.sibling, n))]
    ),
    "actions_action": lambda org, n: ActionFactory(
        finding=FindingFactory(assessment=_apv(org.team, n), confidential=n % 3 == 0)
    ),
    "communications_communication": lambda org, n: CommunicationFactory(
        assessment=_apv(org.team, n)
    ),
    "organisation_unit": lambda org, n: UnitFactory(parent=org.dept),
    "organisation_roleassignment": lambda org, n: RoleAssignmentFactory(
        unit=org.team, user=UserFactory()
    ),
    "accounts_user": lambda org, n: RoleAssignmentFactory(unit=org.team, user=UserFactory()).user,
    "reminders_reminder": _reminder,
}


def queries(client, url) -> int:
    client.get(url)  # warm the caches a running server has warm (content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("admin_name", BUILDERS)
def test_a_list_costs_the_same_for_1_and_100_rows(org, admin_name):
    client = client_for(org.user("coordinator", "root"))
    url = reverse(f"admin:{admin_name}_changelist")
    build = BUILDERS[admin_name]
    build(org, 0)
    one = queries(client, url)
    for n in range(1, 100):
        build(org, n)
    assert queries(client, url) == one
