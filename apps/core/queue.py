"""Publishing Celery tasks from a request or a service without ever waiting on the broker."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> bool:
    """Publish `task` now; when the broker is unreachable, log it and go on.

    Callers in a request must never wait on the broker: the connection timeout and the publish
    retry policy in settings keep this short, and whatever is not enqueued is caught up by a
    scheduled task (the reminders' sweep) or stays visible as waiting (an import run).
    """
    try:
        task.apply_async(kwargs=kwargs)
    except Exception:
        logger.warning("Could not enqueue %s.", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """Publish `task` once the current transaction has committed (so it sees the data)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
