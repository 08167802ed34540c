"""Settings of the Celery worker that the reminder tests start as a subprocess: the test settings,
pointed at the test database, the test's Redis and a mail folder of the test's own."""

import os

from apvtracker.settings.test import *  # noqa: F403
from apvtracker.settings.test import DATABASES

# The test database pytest-django created (a file on SQLite, test_<name> on PostgreSQL).
DATABASES["default"]["NAME"] = os.environ["APV_TEST_DATABASE_NAME"]
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
# Short enough that a task of a killed worker comes back within the test.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("APV_TEST_VISIBILITY_TIMEOUT", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "max_retries": 0,
    "socket_connect_timeout": 1.0,
}
APV_REMINDER_RETRY_BACKOFF_MAX = 1
APV_REMINDER_LEASE_SECONDS = int(os.environ.get("APV_TEST_LEASE_SECONDS", "2"))
# Tests run at any hour; the send-hours rule has a test of its own.
APV_REMINDER_SEND_HOURS = (0, 24)
EMAIL_BACKEND = os.environ.get(
    "APV_TEST_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ["APV_TEST_MAIL_DIR"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
