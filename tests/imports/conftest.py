"""The worker fixtures of the reminder tests (a real Redis, real Celery workers as subprocesses),
for the import that runs in the background."""

from tests.reminders.conftest import (  # noqa: F401
    fresh_redis,
    mailbox,
    private_redis,
    redis_url,
    start_worker,
)
