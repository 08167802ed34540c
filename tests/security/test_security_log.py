"""The security log: one JSON line per security event, with who, what, where and when (UTC),
and never a finding's text."""

import datetime
import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import AssessmentFactory, FindingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"
MARKER = "SIKKERHEDSLOG-7f3a"


@pytest.fixture
def events(caplog):
    """The security events logged during the test, as dicts (and every raw line)."""
    caplog.set_level(logging.INFO, logger="apvtracker.security")

    def read():
        lines = [r.getMessage() for r in caplog.records if r.name == "apvtracker.security"]
        for line in lines:
            assert MARKER not in line  # never a finding's text
        return [json.loads(line) for line in lines]

    return read


@pytest.fixture
def person(org):
    user = org.user("amr", "team")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def secret_finding(org, person):
    """A confidential finding in the team, reported by its AMR, with the marker in every text."""
    return FindingFactory(
        assessment=AssessmentFactory(unit=org.team),
        title=f"{MARKER} titel",
        description=f"{MARKER} beskrivelse",
        causes=f"{MARKER} årsager",
        confidential=True,
        reported_by=person,
    )


def of_kind(lines, event):
    return [line for line in lines if line["event"] == event]


def test_a_line_says_who_what_where_and_when_in_utc(person, events):
    Client(REMOTE_ADDR="10.1.2.3").post(
        "/admin/login/?next=/admin/", {"username": person.username, "password": PASSWORD}
    )
    [line] = of_kind(events(), "login")
    assert line["user_id"] == person.pk and line["username"] == person.username
    assert line["ip"] == "10.1.2.3" and line["path"] == "/admin/login/"
    assert line["method"] == "POST" and line["channel"] == "http"
    when = datetime.datetime.fromisoformat(line["time"])
    assert when.utcoffset() == datetime.timedelta(0)
    assert abs(datetime.datetime.now(datetime.UTC) - when) < datetime.timedelta(minutes=1)


def test_failed_logins_and_the_lock_out(person, events):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": person.username, "password": "wrong"})
    lines = events()
    failed = of_kind(lines, "login_failed")
    assert len(failed) == settings.AXES_FAILURE_LIMIT
    assert {line["attempted_username"] for line in failed} == {person.username}
    assert all("wrong" not in json.dumps(line) for line in lines)  # never the password
    [locked] = of_kind(lines, "locked_out")
    assert locked["attempted_username"] == person.username


def test_tokens_issued_revoked_at_logout_and_beyond_the_limit(person, events, settings):
    settings.APV_MAX_TOKENS_PER_USER = 2
    api = APIClient()
    tokens = [
        api.post("/api/v1/auth/token/", {"username": person.username, "password": PASSWORD}).json()[
            "token"
        ]
        for _ in range(3)
    ]
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens[-1]}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    lines = events()
    issued = of_kind(lines, "token_issued")
    assert [line["token_key"] for line in issued] == [
        t[: len(line["token_key"])] for t, line in zip(tokens, issued, strict=True)
    ]
    revoked = {line["reason"]: line["token_key"] for line in of_kind(lines, "token_revoked")}
    assert tokens[0].startswith(revoked["token_limit"])  # the oldest, over the limit of two
    assert tokens[-1].startswith(revoked["logout"])
    assert all(line["user_id"] == person.pk for line in issued)
    assert all(t not in json.dumps(lines) for t in tokens)  # never the secret itself


def test_a_refused_verb_is_a_403_line(org, events):
    api = APIClient()
    api.force_authenticate(org.user("employee", "team"))
    assessment = AssessmentFactory(unit=org.team)
    response = api.post("/api/v1/findings/", {"assessment": assessment.pk, "title": "x"})
    assert response.status_code == 403
    [line] = of_kind(events(), "access_refused")
    assert line["status"] == 403 and line["path"] == "/api/v1/findings/"
    assert line["user_id"] == org.user("employee", "team").pk


@pytest.mark.parametrize("path", ["/api/v1/findings/{id}/", "/admin/findings/finding/{id}/change/"])
def test_an_existing_object_out_of_reach_is_a_404_line_a_missing_one_is_not(
    org, secret_finding, events, path
):
    outsider = org.user("amr", "sibling")
    client = Client()
    client.force_login(outsider)
    assert client.get(path.format(id=secret_finding.pk)).status_code in (302, 404)
    assert client.get(path.format(id=secret_finding.pk + 10_000)).status_code in (302, 404)
    refused = of_kind(events(), "access_refused")
    assert [(line["model"], line["id"], line["status"]) for line in refused] == [
        ("findings.finding", str(secret_finding.pk), 404)
    ]
    assert refused[0]["user_id"] == outsider.pk


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/findings/{id}/",
        "/admin/findings/finding/{id}/change/",
        "/reports/assessments/{assessment}/",
    ],
)
def test_reading_a_confidential_finding_is_a_line_without_its_text(
    org, secret_finding, events, path
):
    reader = org.user("coordinator", "root")
    client = Client()
    client.force_login(reader)
    response = client.get(
        path.format(id=secret_finding.pk, assessment=secret_finding.assessment_id)
    )
    assert response.status_code == 200
    assert MARKER in response.content.decode()  # the reader does see it
    [line] = of_kind(events(), "confidential_finding_read")
    assert line["finding_ids"] == [secret_finding.pk]
    assert line["user_id"] == reader.pk


def test_a_public_finding_read_is_not_logged(org, events):
    finding = FindingFactory(assessment=AssessmentFactory(unit=org.team))
    client = Client()
    client.force_login(org.user("amr", "team"))
    assert client.get(f"/api/v1/findings/{finding.pk}/").status_code == 200
    assert of_kind(events(), "confidential_finding_read") == []


def test_the_lines_reach_their_own_file(person):
    path = settings.APV_SECURITY_LOG_FILE
    Client().post("/admin/login/", {"username": person.username, "password": "wrong"})
    for handler in logging.getLogger("apvtracker.security").handlers:
        handler.flush()
    with open(path, encoding="utf-8") as log_file:
        lines = [json.loads(line) for line in log_file if person.username in line]
    assert any(
        line["event"] == "login_failed" and line["attempted_username"] == person.username
        for line in lines
    )


def test_a_person_outside_ones_directory_is_a_404_line(org, events):
    outsider = org.user("amr", "sibling")
    stranger = org.user("employee", "other_area")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/admin/accounts/user/{stranger.pk}/change/").status_code in (302, 404)
    [line] = of_kind(events(), "access_refused")
    assert (line["model"], line["id"], line["status"]) == ("accounts.user", str(stranger.pk), 404)
