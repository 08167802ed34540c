"""The per-person export (GDPR art. 15): the person's own data, no one else's confidential
finding, run only by a coordinator whose scope holds every role of the person."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.errors import DomainError
from apps.findings import services as finding_services
from apps.privacy.selectors import person_export
from tests.conftest import load_org
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    CommunicationFactory,
    EvaluationFactory,
    PhaseTransitionFactory,
    RoleAssignmentFactory,
    factor,
)

from .world import MARKER, OWN, build_world, login_rows


@pytest.fixture(scope="module")
def module_world(module_org, django_db_blocker):
    with django_db_blocker.unblock():
        return build_world(load_org(module_org))


@pytest.fixture
def world(org, module_world):
    return module_world


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def fresh(user):
    """The person as a new request would load them (nothing the access module remembered)."""
    return type(user).objects.get(pk=user.pk)


def test_the_export_holds_the_persons_own_data(org, world):
    subject = org.user("employee", "team")
    data = person_export(subject=subject, by=org.user("coordinator", "team"))

    assert data["user"]["username"] == subject.username
    assert data["user"]["email"] == subject.email
    assert [(r["unit"], r["role"]) for r in data["roles"]] == [(org.team.name, "employee")]
    # Their own confidential finding, with its text: theirs to read.
    reported = {f["title"]: f for f in data["findings_reported"]}
    assert reported[f"Mit fund {OWN}"]["description"] == f"Det jeg oplevede {OWN}"
    assert reported[f"Mit fund {OWN}"]["confidential"] is True
    assert "Støj i frokoststuen" in reported
    (owned,) = data["actions_owned"]
    assert (owned["id"], owned["title"]) == (world["action"], "Samtale om trivsel")
    assert [u["note"] for u in data["action_updates"]] == ["Samtalen er aftalt"]
    assert [e["notes"] for e in data["evaluations"]] == ["Det hjalp"]
    assert [t["comment"] for t in data["phase_transitions"]] == ["Videre efter mødet"]
    assert [c["where_we_are"] for c in data["communications"]] == ["Vi har talt sammen om trivslen"]
    assert [(r["kind"], r["about"]) for r in data["reminders"]] == [
        ("action_due_soon", "Samtale om trivsel")
    ]
    assert len(data["calendar_feeds"]) == 1 and len(data["api_tokens"]) == 1
    attempts = data["login_attempts"]
    assert {row["ip_address"] for rows in attempts.values() for row in rows} == {"10.1.2.3"}
    assert [len(rows) for rows in attempts.values()] == [1, 1, 1]
    assert {"model": "actions.action", "id": world["action"]} in [
        {"model": h["model"], "id": h["id"]} for h in data["history"]
    ]


def test_no_secret_is_in_it_neither_password_nor_tokens(org, world):
    subject = org.user("employee", "team")
    text = dump(person_export(subject=subject, by=org.user("coordinator", "team")))

    assert "password" not in text and subject.password not in text
    assert world["api_token"] not in text and world["api_token"][:8] not in text
    assert world["calendar_token"] not in text and world["calendar_token"][:8] not in text
    assert "digest" not in text


def test_another_persons_confidential_finding_is_only_a_label(org, world):
    subject = org.user("employee", "team")
    for by in (org.user("coordinator", "team"), None):
        data = person_export(subject=subject, by=by)
        assert MARKER not in dump(data)
        (owned,) = data["actions_owned"]
        assert owned["finding"] == {"title": "Fortroligt fund"}
        assert data["action_updates"][0]["action"]["finding"] == {"title": "Fortroligt fund"}


def test_only_a_coordinator_whose_scope_holds_every_role_of_the_person_may_run_it(org, world):
    subject = org.user("employee", "team")
    for where in ("team", "dept", "root"):
        assert person_export(subject=subject, by=org.user("coordinator", where))
    for by in (
        org.user("coordinator", "sibling"),
        org.user("coordinator", "other_area"),
        org.user("leader", "team"),
        subject,
    ):
        with pytest.raises(DomainError) as refused:
            person_export(subject=subject, by=by)
        assert (refused.value.code, refused.value.forbidden) == ("person_export_forbidden", True)

    # A second role in another area: the department's coordinator no longer covers the person.
    RoleAssignmentFactory(user=subject, unit=org.other_area, role="med")
    subject = fresh(subject)
    with pytest.raises(DomainError, match="koordinator"):
        person_export(subject=subject, by=org.user("coordinator", "dept"))
    assert person_export(subject=subject, by=org.user("coordinator", "root"))


def test_a_finding_the_runner_may_not_read_stays_a_label_though_the_person_may(org, world):
    """The team's leader is named to handle a confidential finding in another area: their
    export shows its text when the machine's operator runs it, not to the team's coordinator,
    whose scope does not hold that finding."""
    leader = org.user("leader", "team")
    elsewhere = finding_services.finding_create(
        assessment=AssessmentFactory(unit=org.other_area),
        by=org.user("amr", "other_area"),
        title="Andetsteds KANARIE-ANDET-77",
        factor=factor("chikane"),
        confidential=True,
        handlers=[leader],
    )

    by_coordinator = person_export(subject=leader, by=org.user("coordinator", "team"))
    assert "KANARIE-ANDET-77" not in dump(by_coordinator)
    assert by_coordinator["findings_handled"] == [{"title": "Fortroligt fund"}]
    by_operator = person_export(subject=leader, by=None)
    assert [f["id"] for f in by_operator["findings_handled"]] == [elsewhere.pk]
    assert "KANARIE-ANDET-77" in dump(by_operator)


def test_queries_do_not_grow_with_the_rows(org, world):
    subject, by = org.user("employee", "team"), org.user("coordinator", "team")
    person_export(subject=subject, by=by)  # warms what outlives a request (content types)

    def queries() -> tuple[int, dict]:
        # Fresh people, as in a new request: nothing the access module remembered about them.
        with CaptureQueriesContext(connection) as captured:
            data = person_export(subject=fresh(subject), by=fresh(by))
        return len(captured.captured_queries), data

    few, _data = queries()
    action = ActionFactory(finding_id=world["secret"], owner=subject, title="Endnu et tiltag")
    ActionFactory(finding_id=world["own"], owner=subject)
    ActionUpdateFactory(action=action, by=subject)
    EvaluationFactory(action=action, by=subject)
    PhaseTransitionFactory(assessment_id=world["apv"], by=subject)
    CommunicationFactory(assessment_id=world["apv"], created_by=subject)
    login_rows(subject.username, "10.1.2.4")
    more, data = queries()

    assert len(data["actions_owned"]) == 3 and len(data["evaluations"]) == 2
    assert more == few


def test_each_export_is_logged_with_the_persons_id(org, world, events):
    subject, by = org.user("employee", "team"), org.user("coordinator", "team")
    person_export(subject=subject, by=by)
    person_export(subject=subject)

    lines = events("person_exported")
    assert [(e["subject_user_id"], e["user_id"]) for e in lines] == [
        (subject.pk, by.pk),
        (subject.pk, None),
    ]
