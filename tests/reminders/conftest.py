"""Fixtures of the reminder tests: dates, a small APV with people, and for the worker tests a real
Redis and real Celery workers running as subprocesses against the test database.

Redis comes from REDIS_URL when it is set (its databases 9 and up, which the tests empty);
otherwise a private redis-server is started through pytest-redis. With CI=true a missing Redis
fails the tests; it never skips them.
"""

from __future__ import annotations

import datetime
import email
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools
from pytest_redis import factories

from apvtracker.celery import app as celery_app
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory

BASE_DIR = Path(settings.BASE_DIR)
IN_CI = os.environ.get("CI", "").lower() == "true"
# A Friday: no weekly digest is due on it or the day before (tests of the digest use MONDAY).
AS_OF = datetime.date(2026, 3, 6)
MONDAY = datetime.date(2026, 3, 9)
# The worker tests' database on REDIS_URL's server: one per pytest-xdist process (9, 10, …),
# since each test empties it and its workers take every task on it.
TEST_REDIS_DB = 9 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)

private_redis = factories.redis_proc(port=None)


def day(offset: int, base: datetime.date = AS_OF) -> datetime.date:
    return base + datetime.timedelta(days=offset)


def unavailable(reason: str):
    """A missing Redis fails in CI and skips elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a test that cannot reach what it needs fails)")
    pytest.skip(reason)


def redis_server_available() -> bool:
    return bool(shutil.which("redis-server") or Path("/usr/bin/redis-server").exists())


@pytest.fixture(scope="session")
def redis_url(request) -> str:
    """The broker of the worker tests: REDIS_URL's server, else a private redis-server."""
    given = os.environ.get("REDIS_URL")
    if given:
        parsed = urlparse(given)
        url = urlunparse(parsed._replace(path=f"/{TEST_REDIS_DB}"))
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            pytest.fail(f"REDIS_URL={given} is set but Redis does not answer: {error}")
        return url
    if not redis_server_available():
        unavailable("No REDIS_URL and no redis-server to start")
    proc = request.getfixturevalue("private_redis")
    return f"redis://{proc.host}:{proc.port}/0"


@pytest.fixture
def fresh_redis(redis_url):
    """An empty broker database for the test."""
    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


@contextmanager
def celery_broker(url: str):
    """Point this process's Celery app at `url` (the test settings use memory://)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options

    def reset_pools():
        # Connections and producers are pooled per broker URL: drop them all.
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_url = url
    conf.broker_transport_options = {"max_retries": 0, "socket_connect_timeout": 1.0}
    reset_pools()
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved
        reset_pools()


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


@dataclass
class Mailbox:
    """The folder the worker's file-based e-mail backend writes to: one file per message."""

    path: Path

    def files(self) -> list[Path]:
        return sorted(p for p in self.path.iterdir() if p.is_file())

    def messages(self) -> list[email.message.EmailMessage]:
        found = []
        for file in self.files():
            for chunk in file.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip(), policy=policy.default))
        return found

    def recipients(self) -> list[str]:
        return sorted(str(m["To"]) for m in self.messages())


@dataclass
class Worker:
    """A `celery worker --pool=solo` subprocess on the test database."""

    name: str
    process: subprocess.Popen
    log: Path
    extra_env: dict = field(default_factory=dict)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, as when a machine dies."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def mailbox(tmp_path) -> Mailbox:
    path = tmp_path / "mail"
    path.mkdir()
    return Mailbox(path)


@pytest.fixture
def start_worker(transactional_db, fresh_redis, mailbox, tmp_path):
    """Start workers on the test database and the test's Redis; all are stopped afterwards.

    The tests that use it are transactional: the worker is another process and sees only what
    was committed.
    """
    started: list[Worker] = []
    database = connection.settings_dict["NAME"]

    def start(name: str = "w1", wait: bool = True, **extra_env) -> Worker:
        log = tmp_path / f"worker-{name}-{len(started)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
            "PYTHONPATH": str(BASE_DIR),
            "CELERY_BROKER_URL": fresh_redis,
            "APV_TEST_DATABASE_NAME": str(database),
            "APV_TEST_MAIL_DIR": str(mailbox.path),
            **{key: str(value) for key, value in extra_env.items()},
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "apvtracker",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            f"--hostname={name}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--include=tests.reminders.worker_hooks",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(name, process, log, extra_env)
        started.append(worker)
        if wait:
            wait_for(
                lambda: " ready." in worker.output() or process.poll() is not None,
                timeout=30,
                what=f"worker {name} to start",
            )
            assert process.poll() is None, worker.output()
        return worker

    with celery_broker(fresh_redis):
        yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def write_triggers_off():
    """Saves in this process do not enqueue their targeted sweep (which would sweep for the real
    today): the test drives the sweeps with its own `as_of`."""
    from apps.reminders import signals

    signals.disconnect()
    yield
    signals.connect()


# --- a small APV with people --------------------------------------------------------------------


@pytest.fixture
def apv(org):
    """An APV of the team in follow-up, with one risk finding."""
    assessment = AssessmentFactory(unit=org.team, phase="follow_up", started_on=day(-200))
    return assessment


@pytest.fixture
def finding(apv):
    return FindingFactory(assessment=apv, title="For meget arbejde", status="confirmed")


@pytest.fixture
def owner(org):
    return org.user("employee", "team")


@pytest.fixture
def action_due(finding, owner):
    """An action of the team owned by an employee, due on `day(offset)`."""

    def make(offset: int, base: datetime.date = AS_OF, **fields):
        return ActionFactory(finding=finding, owner=owner, due_on=day(offset, base), **fields)

    return make
