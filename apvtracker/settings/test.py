"""Settings for the test suite: fast hashing, mail kept in memory."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

VAR_DIR.mkdir(exist_ok=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
# Attachment files of the tests go to a folder of this run, removed when the run ends (a test
# counting files sets its own). The worker tests' Celery processes import these settings too:
# only the process that made the folder removes it.
MEDIA_ROOT = tempfile.mkdtemp(prefix="apv-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# runserver-style static serving is not needed in tests; whitenoise would warn about STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the Celery worker that the reminder tests start opens the same test
    # database. One file per test run, so that runs side by side do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
# Tests that need a real broker point Celery at Redis themselves; everything else that enqueues
# (after a commit) goes to memory.
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Each test process counts its own requests, and the suite asks far more often than people do:
# the throttling test sets the real rates itself.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
APV_THROTTLE_RATES = {
    "login": "10000/min",
    "dashboard": "10000/min",
    "export": "10000/min",
    "receipt": "10000/min",
}
