"""An anonymous concern leaves no trace of its sender: not in its row, not in its history, not
in the admin's log, not in the session, not in any log line written while it was sent; and it
keeps its date, not its time."""

import logging
from contextlib import contextmanager

import pytest
from django.contrib.admin.models import LogEntry
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.concerns.models import Concern
from tests.admin_helpers import client_for
from tests.factories import RoleAssignmentFactory, UserFactory

from .helpers import CODE, CONCERNS, RECEIPT, api

# Distinctive enough that finding one in a row or a log line can only mean the sender.
SENDER_ID = 987_654_321
IP = "203.0.113.77"
SEND = reverse("admin:concerns_concern_send")


@pytest.fixture
def sender(org):
    user = UserFactory(
        id=SENDER_ID,
        username="kirsten.afsender",
        email="kirsten.afsender@example.dk",
        first_name="Kirsten",
        last_name="Afsendersen",
    )
    RoleAssignmentFactory(user=user, unit=org.team, role="employee")
    return user


def traces(user) -> list[str]:
    return [str(user.pk), user.username, user.email, user.last_name, IP]


@contextmanager
def every_log_record(caplog):
    """Every record any logger writes, at DEBUG: caplog on the root and on every logger
    (the security log included), and its handler also on loggers that do not propagate."""
    caplog.set_level(logging.DEBUG)
    names = [
        name
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    ]
    for name in [*names, "apvtracker.security"]:
        caplog.set_level(logging.DEBUG, logger=name)
    silent = [logging.getLogger(n) for n in names if not logging.getLogger(n).propagate]
    for logger in silent:
        logger.addHandler(caplog.handler)
    caplog.clear()
    try:
        yield caplog.records
    finally:
        for logger in silent:
            logger.removeHandler(caplog.handler)


def record_text(record) -> str:
    return f"{record.name} {record.getMessage()} {record.__dict__!r}"


def row_values(concern) -> list[str]:
    """Every column of the concern's row and of each of its historical rows, as text."""
    rows = list(Concern.objects.filter(pk=concern.pk).values())
    rows += list(Concern.history.filter(id=concern.pk).values())
    return [str(value) for row in rows for value in row.values()]


def assert_no_trace(concern, user, records, session=None):
    values = row_values(concern)
    assert not [t for t in traces(user) if any(t in value for value in values)]
    leaked = [record_text(r) for r in records if any(t in record_text(r) for t in traces(user))]
    assert leaked == []
    assert not LogEntry.objects.filter(object_id=str(concern.pk)).exists()
    assert not LogEntry.objects.filter(user=user).exists()
    if session is not None:
        stored = repr(dict(session.items()))
        assert str(concern.pk) not in stored


def new_concern(before: set[int]) -> Concern:
    (concern,) = Concern.objects.exclude(pk__in=before)
    return concern


def test_the_sending_page_leaves_no_trace_of_an_anonymous_sender(org, sender, caplog):
    client = client_for(sender)
    before = set(Concern.objects.values_list("pk", flat=True))
    with every_log_record(caplog) as records:
        response = client.post(
            SEND,
            {"unit": org.team.pk, "text": "Vores leder råber ad os", "anonymous": "on"},
            REMOTE_ADDR=IP,
        )
        assert response.status_code == 200
        captured = list(records)
    concern = new_concern(before)
    assert concern.anonymous and concern.sender is None
    code = CODE.search(response.content.decode()).group()
    assert_no_trace(concern, sender, captured, session=client.session)
    # The code is shown in the answer to the post and kept nowhere but as its hash.
    assert code not in repr(dict(client.session.items()))
    assert code.replace("-", "") not in " ".join(row_values(concern))
    assert not Concern.history.filter(id=concern.pk).exists()


def test_the_api_leaves_no_trace_of_an_anonymous_sender(org, sender, caplog):
    client = api(sender, REMOTE_ADDR=IP)
    with every_log_record(caplog) as records:
        response = client.post(
            CONCERNS,
            {"unit": org.team.pk, "text": "Trusler fra en borger", "anonymous": True},
            format="json",
        )
        assert response.status_code == 201, response.data
        captured = list(records)
    assert response.data["id"] is None
    concern = Concern.objects.get(text="Trusler fra en borger")
    assert_no_trace(concern, sender, captured)
    # Following it by its code is no trace either.
    with every_log_record(caplog) as records:
        followed = client.post(RECEIPT, {"code": response.data["receipt_code"]}, format="json")
        assert followed.status_code == 200
        captured = list(records)
    assert_no_trace(concern, sender, captured)


def test_the_amrs_decision_keeps_it_anonymous(org, sender):
    response = api(sender).post(
        CONCERNS, {"unit": org.team.pk, "text": "Mobning i teamet", "anonymous": True}
    )
    concern = Concern.objects.get(text="Mobning i teamet")
    amr = org.user("amr", "team")
    decided = api(amr).post(
        f"{CONCERNS}{concern.pk}/decide/", {"decision": "answer", "answer": "Tak, jeg tager det op"}
    )
    assert decided.status_code == 200, decided.data
    assert response.data["receipt_code"]
    (version,) = Concern.history.filter(id=concern.pk)
    assert version.history_user == amr and version.history_type == "~"
    assert_no_trace(concern, sender, [])


def test_the_capture_is_alive(org, sender, caplog):
    """The same capture sees a security line that does name the person (a refused lookup)."""
    concern = Concern.objects.create(
        unit=org.sibling, text="x", created_on=timezone.localdate(), receipt_hash="0" * 64
    )
    with every_log_record(caplog) as records:
        api(sender, REMOTE_ADDR=IP).get(f"{CONCERNS}{concern.pk}/")
        captured = list(records)
    security = [r for r in captured if r.name == "apvtracker.security"]
    assert security and str(SENDER_ID) in security[0].getMessage()


def test_a_concern_keeps_its_date_not_its_time(org, sender):
    field = Concern._meta.get_field("created_on")
    assert isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    api(sender).post(CONCERNS, {"unit": org.team.pk, "text": "Støj", "anonymous": True})
    concern = Concern.objects.get(text="Støj")
    assert concern.created_on == timezone.localdate()
    stamped = [
        f.name
        for f in Concern._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and getattr(concern, f.name) is not None
    ]
    assert stamped == []


def test_ids_do_not_follow_the_order_of_sending(org, sender):
    ids = [
        api(sender).post(CONCERNS, {"unit": org.team.pk, "text": f"Nr. {n}"}).data["id"]
        for n in range(3)
    ]
    assert all(abs(a - b) > 1 for a, b in zip(ids, ids[1:], strict=False))
