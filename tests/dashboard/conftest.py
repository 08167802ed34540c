"""The small fixture every dashboard aggregate is counted against by hand."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, AssessmentFactory, FindingFactory, factor

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def numbers(org):
    """Team: APV in prioritisation with 3 findings (1 confidential) and 4 actions.
    Sibling: APV in follow_up with 1 finding and 2 actions. Other area: closed APV, revision
    due in 30 days."""
    team = AssessmentFactory(unit=org.team, phase="prioritisation")
    workload = FindingFactory(assessment=team, factor=factor("arbejdsmaengde"), status="confirmed")
    FindingFactory(assessment=team, factor=factor("stoette"), status="open")
    harassment = FindingFactory(
        assessment=team, factor=factor("seksuel_chikane"), status="confirmed", confidential=True
    )
    ActionFactory(finding=workload, due_on=TODAY - 3 * DAY)  # overdue
    ActionFactory(finding=workload, due_on=TODAY + 10 * DAY)
    ActionFactory(
        finding=workload, status="done", due_on=TODAY - 5 * DAY, completed_on=TODAY - 6 * DAY
    )
    ActionFactory(finding=harassment, due_on=TODAY - DAY)  # overdue, confidential finding

    sibling = AssessmentFactory(unit=org.sibling, phase="follow_up")
    noise = FindingFactory(assessment=sibling, factor=factor("stoej"), status="confirmed")
    ActionFactory(
        finding=noise, status="done", due_on=TODAY - 10 * DAY, completed_on=TODAY - 2 * DAY
    )
    ActionFactory(finding=noise, status="cancelled")

    AssessmentFactory(unit=org.other_area, phase="closed", next_revision_due=TODAY + 30 * DAY)
