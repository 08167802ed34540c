"""`reminders/` (API.md): own reminders, a coordinator's in scope, filters; the calendar feed."""

import pytest
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from apps.reminders import services
from apps.reminders.models import CalendarFeed, Reminder
from tests.factories import ActionFactory, FindingFactory, UserFactory

from .conftest import AS_OF, day

pytestmark = pytest.mark.django_db

LIST = reverse("v1:reminder-list")
FEED = reverse("v1:reminder-calendar-feed")


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def recorded(org, action_due, apv):
    """Overdue and due-soon reminders in the team; one overdue in the other area."""
    action_due(-1)
    action_due(7)
    elsewhere = FindingFactory(assessment__unit=org.other_area)
    ActionFactory(finding=elsewhere, owner=org.user("employee", "other_area"), due_on=day(-1))
    services.reminders_record(as_of=AS_OF)
    return Reminder.objects.all()


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_unauthenticated_requests_get_401():
    assert APIClient().get(LIST).status_code == 401
    assert APIClient().get(FEED).status_code == 401


def test_everyone_sees_their_own_reminders_with_the_contract_fields(org, recorded, owner):
    response = client_for(owner).get(LIST)
    mine = sorted(recorded.filter(recipient=owner).values_list("pk", flat=True))
    assert ids(response) == mine and len(mine) == 2
    row = response.json()["results"][0]
    assert set(row) == {
        "id",
        "kind",
        "recipient",
        "subject_type",
        "subject_id",
        "due_on",
        "status",
        "sent_at",
    }
    assert row["subject_type"] == "action" and row["status"] == "pending"


def test_a_coordinator_sees_every_reminder_in_scope_and_no_more(org, recorded):
    in_area = recorded.filter(unit__path__startswith=org.area.path)
    assert ids(client_for(org.user("coordinator", "dept")).get(LIST)) == sorted(
        in_area.values_list("pk", flat=True)
    )
    assert ids(client_for(org.user("coordinator", "root")).get(LIST)) == sorted(
        recorded.values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", ["leader", "amr", "tr", "med"])
def test_other_roles_see_only_their_own(org, recorded, role):
    user = org.user(role, "dept")
    assert ids(client_for(user).get(LIST)) == []


def test_someone_elses_reminder_is_404(org, recorded, owner):
    theirs = recorded.exclude(recipient=owner).first()
    response = client_for(owner).get(reverse("v1:reminder-detail", args=[theirs.pk]))
    assert response.status_code == 404


def test_reminders_are_read_only(org, recorded, owner):
    client = client_for(org.user("coordinator", "root"))
    reminder = recorded.first()
    assert client.post(LIST, {}).status_code == 405
    detail = reverse("v1:reminder-detail", args=[reminder.pk])
    assert client.patch(detail, {"status": "sent"}).status_code == 405
    assert client.delete(detail).status_code == 405


def test_filters_by_kind_status_and_due_range(org, recorded):
    client = client_for(org.user("coordinator", "root"))
    overdue = recorded.filter(kind="action_overdue")
    assert ids(client.get(LIST, {"kind": "action_overdue"})) == sorted(
        overdue.values_list("pk", flat=True)
    )
    assert ids(client.get(LIST, {"status": "sent"})) == []
    soon = recorded.filter(due_on__gte=day(1))
    assert ids(client.get(LIST, {"due_after": day(1).isoformat()})) == sorted(
        soon.values_list("pk", flat=True)
    )
    assert ids(client.get(LIST, {"due_before": day(-1).isoformat()})) == sorted(
        overdue.values_list("pk", flat=True)
    )
    assert client.get(LIST, {"kind": "nonsense"}).status_code == 400


def test_the_schema_documents_the_resource(org):
    client = client_for(org.user("coordinator", "root"))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/reminders/" in schema["paths"]
    assert "/api/v1/reminders/calendar-feed/" in schema["paths"]


# --- the calendar feed ------------------------------------------------------------------------


def test_a_user_makes_a_secret_calendar_url_and_subscribes_to_their_deadlines(org, finding, owner):
    ActionFactory(finding=finding, owner=owner, due_on=day(10), title="Nye mødetider")
    ActionFactory(finding=finding, owner=owner, due_on=day(3), status="done", completed_on=AS_OF)
    ActionFactory(finding=finding, owner=org.user("leader", "team"), due_on=day(5))
    secret = FindingFactory(assessment=finding.assessment, title="Krænkelse", confidential=True)
    ActionFactory(finding=secret, owner=owner, due_on=day(12), title="Samtale med Jens")

    client = client_for(owner)
    assert client.get(FEED).json()["active"] is False
    created = client.post(FEED)
    assert created.status_code == 201
    url = created.json()["url"]
    assert url.startswith("http://localhost:8000/calendar/") and url.endswith(".ics")
    assert client.get(FEED).json()["active"] is True
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_digest__contains=token).exists()

    response = APIClient().get(url.removeprefix("http://localhost:8000"))  # no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == [
        "Frist: Nye mødetider",
        "Frist: tiltag under et fortroligt fund",
    ]
    assert events[0].decoded("dtstart") == day(10)
    text = response.content.decode()
    assert "Jens" not in text and "Krænkelse" not in text


def test_a_renewed_or_revoked_calendar_url_stops_working(org, owner):
    client = client_for(owner)
    old = client.post(FEED).json()["url"].removeprefix("http://localhost:8000")
    new = client.post(FEED).json()["url"].removeprefix("http://localhost:8000")
    anonymous = APIClient()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert client.delete(FEED).status_code == 204
    assert anonymous.get(new).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_a_deactivated_users_calendar_url_stops_working(org):
    user = UserFactory(username="fratraadt")
    token = services.calendar_feed_renew(user=user)
    path = f"/calendar/{token}.ics"
    assert APIClient().get(path).status_code == 200
    user.is_active = False
    user.save()
    assert APIClient().get(path).status_code == 404
