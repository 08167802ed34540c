"""The sweep's cost grows with what is due, not once per reminder: recording 100 due reminders
asks the database as often as recording 10 (but for inserting them, a batch at a time)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.reminders import services
from apps.reminders.models import Reminder
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory, UnitFactory

from .conftest import AS_OF, day

pytestmark = pytest.mark.django_db


def _due(org, n):
    """n overdue actions, each in a team of its own under the department (own leader: none,
    so the department's is the nearest), half of them under confidential findings."""
    for i in range(n):
        unit = UnitFactory(parent=org.dept, name=f"Team {i}")
        apv = AssessmentFactory(unit=unit, started_on=datetime.date(2025, 1, 1))
        finding = FindingFactory(assessment=apv, confidential=i % 2 == 0)
        ActionFactory(finding=finding, owner=org.user("employee", "team"), due_on=day(-3))


def _queries_to_record() -> tuple[int, int, int]:
    """Queries to record what is due: other than the inserts, the inserts (which the database
    takes in batches of its size), and how many reminders were recorded."""
    with CaptureQueriesContext(connection) as captured:
        recorded = services.reminders_record(as_of=AS_OF)
    inserts = sum(1 for q in captured.captured_queries if q["sql"].lstrip().startswith("INSERT"))
    return len(captured) - inserts, inserts, recorded


def test_recording_costs_the_same_for_10_and_100_due(org, write_triggers_off):
    _due(org, 10)
    services.reminders_record(as_of=AS_OF)  # warm what a running worker has warm
    Reminder.objects.all().delete()
    ten, _inserts, recorded_ten = _queries_to_record()
    Reminder.objects.all().delete()
    _due(org, 90)
    hundred, inserts, recorded_hundred = _queries_to_record()
    assert recorded_hundred > recorded_ten >= 10
    assert hundred == ten
    assert inserts <= 1 + recorded_hundred // 50  # a constant per batch
