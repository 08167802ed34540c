"""Measuring one size of the municipality: generation, HTTP figures with their budgets, the
reminder sweep and sending, and concurrent load. Run by bench/run.py, once per size, in a process
of its own (Django is set up for that size's database): `python -m bench.measure SIZE URL OUT`.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = [
    ("findings", ""),
    ("findings", "status=open"),
    ("actions", ""),
    ("actions", "overdue=true"),
    ("assessments", ""),
    ("dialogues", ""),
    ("communications", ""),
    ("evaluations", ""),
    ("units", ""),
    ("role-assignments", ""),
    ("users", ""),
    ("factors", ""),
    ("reminders", ""),
    ("survey-figures", ""),
    ("sickness-absence", ""),
    ("surveys", ""),
]
DASHBOARDS = ["summary", "units", "heatmap", "overdue", "revisions", "survey-heatmap"]
# Sending is measured on this many people's messages (the rest of the sweep stays pending).
SEND_SAMPLE = 1000
ADMIN = [
    "assessments/assessment",
    "findings/finding",
    "findings/dialogue",
    "actions/action",
    "communications/communication",
    "organisation/unit",
    "organisation/roleassignment",
    "accounts/user",
    "reminders/reminder",
]


@dataclass
class Figure:
    what: str
    who: str
    size: str
    times: list[float]
    budget: float | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with two workers on the benchmark's database, on loopback."""

    def __init__(self, database_url: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "apvtracker.settings.local",
            "DEBUG": "False",
            "CELERY_BROKER_URL": "memory://",
            # The benchmark asks far more often than a person: it measures, it is not throttled.
            "APV_THROTTLE_LOGIN": "1000000/min",
            "APV_THROTTLE_DASHBOARD": "1000000/min",
        }
        command = [
            sys.executable, "-m", "gunicorn", "apvtracker.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def __enter__(self):
        import requests

        for _ in range(100):
            try:
                requests.get(f"{self.url}/admin/login/", timeout=5)
                return self
            # Not listening yet, or a worker still starting on a busy machine.
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        self.__exit__()  # not left running when the measurement stops here
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


def _credentials(username: str) -> dict:
    """A token for the API and a session for the admin, made in the database directly."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from knox.models import AuthToken

    from apps.accounts.models import User

    user = User.objects.get(username=username)
    _instance, token = AuthToken.objects.create(user=user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"user": user, "token": token, "session": session.session_key}


def _timings(session, url: str, headers: dict, repeat: int) -> list[float]:
    session.get(url, headers=headers)  # warm: the first request of a worker compiles templates
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = session.get(url, headers=headers)
        times.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
    return times


def _prefixes(user) -> list[str]:
    from apps import access

    if user.is_superuser:
        return ["/%"]
    return [f"{g.path}%" for g in access.grants(user)]


def measure_http(report: Report, size: str, server: Server, people: dict, repeat: int) -> None:
    import requests

    from bench.budgets import connect, dashboard_budget, list_budget, proposals_budget

    http = requests.Session()
    conn = connect(os.environ["DATABASE_URL"])
    today = datetime.date.today()
    for who, person in people.items():
        api = {"Authorization": f"Token {person['token']}"}
        me = statistics.median(_timings(http, f"{server.url}/api/v1/me/", api, repeat))
        report.figures.append(Figure("me/ (an authenticated request)", who, size, [me]))
        prefixes = _prefixes(person["user"])
        for resource, query in LISTS:
            url = f"{server.url}/api/v1/{resource}/?page_size=50" + (f"&{query}" if query else "")
            extra = {"status=open": "t.status = 'open'"}.get(query, "")
            if query == "overdue=true":
                extra = f"t.status NOT IN ('done', 'cancelled') AND t.due_on < '{today}'"
            budget = min(list_budget(conn, resource, prefixes, extra) for _ in range(3)) + me
            name = f"{resource}/" + (f"?{query}" if query else "")
            report.figures.append(Figure(name, who, size, _timings(http, url, api, repeat), budget))
        for panel in DASHBOARDS:
            url = f"{server.url}/api/v1/dashboard/{panel}/"
            budget = min(dashboard_budget(conn, panel, prefixes, today) for _ in range(3)) + me
            report.figures.append(
                Figure(f"dashboard/{panel}/", who, size, _timings(http, url, api, repeat), budget)
            )
        if "apv" in person:
            # The proposed findings where the person's own unit's open APV starts.
            url = f"{server.url}/api/v1/assessments/{person['apv']}/survey-proposals/"
            apv, chain = person["apv"], person["chain"]
            budget = min(proposals_budget(conn, apv, prefixes, chain) for _ in range(3)) + me
            report.figures.append(
                Figure(
                    "assessments/‹their APV›/survey-proposals/",
                    who,
                    size,
                    _timings(http, url, api, repeat),
                    budget,
                )
            )
    root = people["root coordinator"]
    cookies = {"Cookie": f"sessionid={root['session']}"}
    for page in ADMIN:
        url = f"{server.url}/admin/{page}/"
        report.figures.append(
            Figure(
                f"/admin/{page}/", "root coordinator", size, _timings(http, url, cookies, repeat)
            )
        )
    from apps.assessments import cycle

    apv = cycle.open_assessments().order_by("-pk").first()
    url = f"{server.url}/admin/assessments/assessment/{apv.pk}/change/"
    report.figures.append(
        Figure("APV page (admin)", "root coordinator", size, _timings(http, url, cookies, repeat))
    )
    conn.close()


def measure_sweep(report: Report, size: str) -> None:
    from django.test.utils import override_settings

    from apps.reminders import services
    from apps.reminders.models import Reminder

    today = datetime.date.today()
    began = time.perf_counter()
    recorded = services.reminders_record(as_of=today)
    first = time.perf_counter() - began
    began = time.perf_counter()
    again = services.reminders_record(as_of=today)
    second = time.perf_counter() - began
    report.figures.append(
        Figure(f"sweep, everything due ({recorded:,} reminders)", "–", size, [first])
    )
    report.figures.append(Figure(f"sweep again, nothing new ({again} new)", "–", size, [second]))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        began = time.perf_counter()
        result = services.reminders_send(as_of=today, limit=SEND_SAMPLE)
        one = time.perf_counter() - began
    rate_one = result.messages / one if one else 0
    report.notes.append(
        f"{size}: one sender sent {result.messages:,} messages ({result.sent:,} reminders) in "
        f"{one:.1f} s: {rate_one:,.0f} messages per second."
    )
    # Those reminders once more, and as many again, by two senders at once, each in a process
    # of its own.
    Reminder.objects.exclude(status=Reminder.Status.PENDING).update(
        status=Reminder.Status.PENDING, claim=None, lease_until=None, attempts=0
    )
    senders = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.send", today.isoformat(), str(SEND_SAMPLE)],
            cwd=ROOT,
            env={**os.environ},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for sender in senders:
        assert sender.stdout.readline().strip() == "ready"
    for sender in senders:
        sender.stdin.write("go\n")
        sender.stdin.flush()
    outputs = [sender.communicate()[0].split() for sender in senders]
    messages = sum(int(out[0]) for out in outputs)
    two = max(float(out[3]) for out in outputs) - min(float(out[2]) for out in outputs)
    # Each person's reminders are claimed by one sender: nobody is in both senders' lists.
    duplicates = len(set(outputs[0][4].split(",")) & set(outputs[1][4].split(",")) - {""})
    rate_two = messages / two if two else 0
    report.notes.append(
        f"{size}: two senders sent {messages:,} messages in {two:.1f} s: {rate_two:,.0f} per "
        f"second, {rate_one and rate_two / rate_one:.2f}× one sender; people sent to twice: "
        f"{duplicates}."
    )


def measure_load(report: Report, size: str, server: Server, people: dict, seconds: int) -> None:
    """20 concurrent clients on a mixed read workload, then one; loopback only."""
    import csv
    import tempfile

    results = {}
    for users in (1, 20):
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "BENCH_TOKENS": ",".join(p["token"] for p in people.values()),
            }
            subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                    "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                    "--host", server.url, "--csv", f"{tmp}/load", "--only-summary",
                ],
                cwd=ROOT, env=env, check=True, capture_output=True,
            )  # fmt: skip
            with open(f"{tmp}/load_stats.csv") as f:
                total = next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")
            results[users] = (float(total["Requests/s"]), int(total["Failure Count"]))
    (one, _), (many, failures) = results[1], results[20]
    report.notes.append(
        f"{size}: 20 concurrent clients: {many:,.1f} requests per second, {failures} errors; one "
        f"client: {one:,.1f} per second ({many / one if one else 0:.2f}×)."
    )


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "apvtracker.settings.local"
    os.environ["DEBUG"] = "False"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    import django

    django.setup()


def main() -> None:
    size, database_url, out, repeat, load_seconds = sys.argv[1:6]
    _setup_django(database_url)
    from django.core.management import call_command

    from bench.municipality import generate

    report = Report()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    built = generate(size)
    generation = time.perf_counter() - began
    report.notes.append(
        f"{size}: {built.units:,} units, {built.users:,} people, {built.assessments:,} APVs, "
        f"{built.findings:,} findings, {built.actions:,} actions; generated in {generation:.0f} s."
    )
    surveys = built.surveys
    report.notes.append(
        f"{size}: the import of a municipality's survey (`survey_import`, one file of every "
        f"unit on every dimension, the figures included): "
        + "; ".join(
            f"{s.name}, {s.rows:,} results, {s.figures:,} figures shown, {s.seconds:.1f} s"
            for s in surveys
        )
        + f". Sickness absence (`absence_import`): {built.absence.rows:,} rows in "
        f"{built.absence.seconds:.1f} s."
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    people = {
        "root coordinator": _credentials(built.root_coordinator),
        "area MED member": _credentials(built.area_med),
        "team AMR": _credentials(built.team_amr),
    }
    from apps.assessments import cycle
    from apps.organisation.models import Unit

    # The team AMR's own unit's open APV, for its survey proposals.
    team = Unit.objects.get(pk=built.team_unit_id)
    people["team AMR"]["apv"] = cycle.open_assessments().get(unit=team).pk
    people["team AMR"]["chain"] = team.ancestor_ids

    def save():  # after each phase: a long run that fails late keeps what it measured
        Path(out).write_text(
            json.dumps({"figures": [asdict(f) for f in report.figures], "notes": report.notes})
        )

    with Server(database_url) as server:
        measure_http(report, size, server, people, int(repeat))
        save()
        measure_load(report, size, server, people, int(load_seconds))
        save()
    measure_sweep(report, size)
    report.figures.append(
        Figure("import of a municipality's survey", "–", size, [s.seconds for s in surveys])
    )
    save()


if __name__ == "__main__":
    main()
