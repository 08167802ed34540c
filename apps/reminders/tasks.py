"""Celery tasks of the reminders: thin wrappers over the services.

Tasks take dates as ISO strings (`as_of`), so a back-fill or a test can sweep any day. Every
task is safe to run twice: the database, not the broker, knows what was sent.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from apps.core.queue import enqueue_on_commit

from . import services


class DeliveryError(Exception):
    """Some reminders could not be delivered and wait, pending, for a retry."""


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@shared_task(ignore_result=True)
def sweep(
    as_of: str | None = None,
    action_ids: list[int] | None = None,
    assessment_ids: list[int] | None = None,
) -> int:
    """Record the reminders due as of `as_of` (default today) and have them sent.

    Given ids, it looks only at those objects (what a change implies); those reminders go out
    at once within the send hours, else with the next scheduled send.
    """
    recorded = services.reminders_record(
        as_of=_date(as_of), action_ids=action_ids, assessment_ids=assessment_ids
    )
    targeted = action_ids is not None or assessment_ids is not None
    if not targeted or services.within_send_hours():
        enqueue_on_commit(send_reminders, as_of=as_of)
    return recorded


@shared_task(
    ignore_result=True,
    autoretry_for=(DeliveryError,),
    retry_backoff=30,
    retry_backoff_max=settings.APV_REMINDER_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=5,
)
def send_reminders(as_of: str | None = None) -> int:
    """Send the pending reminders; when some deliveries failed, retry with backoff."""
    result = services.reminders_send(as_of=_date(as_of))
    if result.retry:
        raise DeliveryError(f"{result.retry} reminders wait for another delivery attempt")
    return result.sent
