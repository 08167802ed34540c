"""Against a real Redis and real Celery workers (subprocesses, not eager mode): each reminder is
delivered once when sweeps repeat or overlap, when a worker is killed mid-send or right after, and
a write never waits on a broker that is down.

The tests are transactional (the worker is another process and sees only what was committed),
and pass every date to the worker as `as_of`.
"""

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.queue import enqueue
from apps.reminders import tasks
from apps.reminders.models import Reminder

from .conftest import AS_OF, day, redis_server_available, unavailable, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OWNER = "employee_team@example.dk"
LEADER = "leader_team@example.dk"


def settled(expected_sent: int):
    """Wait until `expected_sent` reminders are sent and nothing is pending or in flight."""

    def check():
        statuses = list(Reminder.objects.values_list("status", flat=True))
        return statuses.count("sent") == expected_sent and not (
            {"pending", "sending"} & set(statuses)
        )

    wait_for(check, timeout=60, what=f"{expected_sent} reminders to be sent")


@pytest.mark.usefixtures("write_triggers_off")
def test_sweeping_twice_delivers_each_reminder_once(start_worker, mailbox, action_due):
    action_due(-1)
    start_worker()
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    settled(2)
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    enqueue(tasks.send_reminders, as_of=AS_OF.isoformat())
    time.sleep(1.5)
    settled(2)
    assert mailbox.recipients() == [OWNER, LEADER]


@pytest.mark.usefixtures("write_triggers_off")
def test_two_sweeps_at_once_deliver_each_reminder_once(start_worker, mailbox, action_due):
    for offset in (-1, -2, -8, 7):
        action_due(offset)
    start_worker("a")
    start_worker("b")
    for _ in range(4):
        enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    # 4 actions: the owner gets 4 reminders (one message), the leader 3 (one message).
    settled(7)
    time.sleep(1)
    assert sorted(mailbox.recipients()) == [OWNER, LEADER]


@pytest.mark.usefixtures("write_triggers_off")
def test_a_worker_killed_before_its_send_completes_delivers_exactly_once_after_restart(
    start_worker, mailbox, action_due, tmp_path
):
    action_due(7)
    marker = tmp_path / "stuck"
    stuck = start_worker(
        "stuck",
        APV_TEST_EMAIL_BACKEND="tests.reminders.mailgate.StuckEmailBackend",
        APV_TEST_STUCK_MARKER=marker,
    )
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    wait_for(marker.exists, what="the worker to start sending")
    stuck.kill()

    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts, reminder.sent_at) == ("sending", 1, None)
    assert mailbox.files() == []

    start_worker("restarted")
    # The killed worker's task comes back after the broker's visibility timeout, and the claim
    # is taken over once its lease has run out; a scheduled send would do the same.
    time.sleep(2.5)
    enqueue(tasks.send_reminders, as_of=AS_OF.isoformat())
    settled(1)
    time.sleep(4)  # room for the redelivered task to run too
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert mailbox.recipients() == [OWNER]


@pytest.mark.usefixtures("write_triggers_off")
def test_a_worker_killed_after_marking_sent_causes_no_second_delivery(
    start_worker, mailbox, action_due, tmp_path
):
    action_due(7)
    marker = tmp_path / "sent"
    paused = start_worker("paused", APV_TEST_PAUSE_AFTER_SEND=marker)
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    wait_for(marker.exists, what="the worker to finish sending")
    paused.kill()  # the send task was never acknowledged: the broker hands it out again
    send_task_ids = [
        line.split("send_reminders[", 1)[1].split("]", 1)[0]
        for line in paused.output().splitlines()
        if "send_reminders[" in line and "received" in line
    ]
    assert send_task_ids

    restarted = start_worker("restarted")
    wait_for(
        lambda: any(f"{task_id}] succeeded" in restarted.output() for task_id in send_task_ids),
        timeout=20,
        what="the unacknowledged send task to run again",
    )
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    time.sleep(1.5)
    settled(1)
    assert Reminder.objects.get().attempts == 1
    assert mailbox.recipients() == [OWNER]


@pytest.mark.usefixtures("write_triggers_off")
# The saves below would otherwise enqueue their own sweep for the real today, racing the
# test's sweep and sometimes folding two reminders into one digest.
@pytest.mark.usefixtures("write_triggers_off")
def test_a_changed_deadline_rearms_and_a_completed_action_stays_quiet(
    start_worker, mailbox, action_due
):
    late = action_due(-1)
    done = action_due(-2)
    start_worker()
    enqueue(tasks.sweep, as_of=AS_OF.isoformat())
    settled(4)
    assert len(mailbox.files()) == 2

    late.due_on = day(-3)  # a new deadline, and it has passed too
    late.save()
    done.status, done.completed_on = "done", AS_OF
    done.save()
    enqueue(tasks.sweep, as_of=day(8).isoformat())
    settled(6)
    assert len(mailbox.files()) == 4
    new = Reminder.objects.filter(subject_id=late.pk, due_on=day(-3))
    assert new.count() == 2
    assert not Reminder.objects.filter(subject_id=done.pk, period="w2").exists()


def test_a_write_through_a_service_triggers_its_reminders_without_a_sweep(
    start_worker, mailbox, finding, owner
):
    from apps.actions.services import action_create

    start_worker()
    action_create(finding=finding, by=owner, title="Ny frist", owner=owner, due_on=day(-400))
    wait_for(lambda: len(mailbox.files()) == 2, what="the reminders of the new action")
    assert mailbox.recipients() == [OWNER, LEADER]


@pytest.fixture
def stoppable_redis(request, transactional_db):
    """A private redis-server this test may stop and start (REDIS_URL's server stays alone)."""
    if not redis_server_available():
        unavailable("No redis-server to start for the broker outage test")
    proc = request.getfixturevalue("private_redis")
    yield proc
    if not proc.running():
        proc.start()


def test_with_the_broker_down_a_write_answers_at_once_and_reminders_follow(
    start_worker, stoppable_redis, mailbox, org, caplog
):
    import redis as redis_client

    from .conftest import celery_broker

    url = f"redis://{stoppable_redis.host}:{stoppable_redis.port}/0"
    redis_client.Redis.from_url(url).flushdb()
    leader = org.user("leader", "team")
    client = APIClient()
    client.force_authenticate(leader)
    # Entered late: its three-year revision is due about 30 days after AS_OF. The sweep below
    # runs as of AS_OF, a Friday, so no MED digest joins the revision reminders.
    started_on = day(-3 * 365 + 30)

    with celery_broker(url):
        worker = start_worker("outage", CELERY_BROKER_URL=url)
        stoppable_redis.stop()

        began = time.monotonic()
        response = client.post(
            reverse("v1:assessment-list"),
            {"unit": org.team.pk, "title": "APV 2023", "started_on": started_on.isoformat()},
            format="json",
        )
        elapsed = time.monotonic() - began
        assert response.status_code == 201, response.content
        assert elapsed < 2.0, f"the write waited {elapsed:.2f}s on the broker"
        assert "Could not enqueue apps.reminders.tasks.sweep." in caplog.text
        assert not Reminder.objects.exists()  # nothing could be enqueued, nothing is lost

        stoppable_redis.start()
        wait_for(
            lambda: worker.output().count("Connected to redis") >= 2,
            timeout=30,
            what="the worker to reconnect",
        )
        # Beat's next sweep catches up from the database.
        assert enqueue(tasks.sweep, as_of=AS_OF.isoformat())
        # The worker's consumer may still be in its reconnect backoff: the task waits in the
        # queue until it is back, which can take a while on a loaded machine.
        try:
            settled(2)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- worker log ---\n{worker.output()}") from None
    assert mailbox.recipients() == ["amr_team@example.dk", LEADER]
    assert all("skal revideres" in m.get_body(("plain",)).get_content() for m in mailbox.messages())
