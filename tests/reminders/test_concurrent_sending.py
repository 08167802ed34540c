"""Senders running at once, each in its own database connection: every reminder is sent once,
one message per person. Transactional (the threads see only what was committed), so it lives
apart from the service tests, which share one organisation per module."""

import pytest

from apps.reminders import services
from apps.reminders.models import Reminder
from tests.factories import ActionFactory

from .conftest import AS_OF, day


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_senders_send_each_reminder_once_and_one_message_per_person(
    org, finding, mailoutbox, write_triggers_off
):
    import threading

    from django.db import connection

    people = [org.user(role, "team") for role in ("employee", "amr", "tr")]
    for person in people:
        for offset in (-1, -2, -9, 7):
            ActionFactory(finding=finding, owner=person, due_on=day(offset))
    recorded = services.reminders_record(as_of=AS_OF)
    results, errors = [], []

    def send():
        try:
            results.append(services.reminders_send(as_of=AS_OF))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (
        sum(r.sent for r in results) == recorded == Reminder.objects.filter(status="sent").count()
    )
    recipients = [m.to[0] for m in mailoutbox]
    assert sorted(recipients) == sorted(set(recipients))  # one message per person
    assert len(recipients) == len(people) + 1  # and the leader, in copy of the overdue ones
