"""Helping someone log in again, in the user admin: a coordinator whose scope holds every role
of the person lifts a lock-out (the right password works at once) or removes a lost phone's
authenticator; one outside is refused. Who is locked out shows in the list (one query for the
page) and in a filter, to those who can help."""

import json
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from apps.accounts import services
from apps.core.errors import DomainError
from tests.admin_helpers import client_for
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"
PASSWORD = "demo-password"  # tests/factories.py


def token_login(username, password=PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password})


def lock_out(user):
    statuses = [token_login(user.username, "wrong").status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert token_login(user.username).status_code == 429


def act(client, action, *users):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [u.pk for u in users]}, follow=True
    )


def notes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="apvtracker.security")
    return lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "apvtracker.security"
    ]


@pytest.fixture
def straddler(org):
    """An AMR of the team who is also an employee in another area: the department's
    coordinator sees them in the directory but may not manage them."""
    user = UserFactory(username="to_steder")
    RoleAssignmentFactory(user=user, unit=org.team, role="amr")
    RoleAssignmentFactory(user=user, unit=org.other_area, role="employee")
    return user


def test_a_coordinator_in_scope_lifts_a_lock_out_and_the_password_works_at_once(org, events):
    amr = org.user("amr", "team")
    lock_out(amr)
    coordinator = client_for(org.user("coordinator", "dept"))
    listed = coordinator.get(CHANGELIST + "?spaerret=ja")
    assert [u.username for u in listed.context["cl"].result_list] == [amr.username]

    done = act(coordinator, "lift_lockout", amr, org.user("leader", "team"))
    assert notes(done) == [
        "Spærringen er ophævet for 1 person, som kan logge ind igen nu.",
        "1 af de valgte var ikke spærret.",
    ]
    assert token_login(amr.username).status_code == 200
    assert not AccessAttempt.objects.filter(username=amr.username).exists()
    lifted = [e for e in events() if e["event"] == "lockout_lifted"]
    assert {(e["attempted_username"], e["username"]) for e in lifted} == {
        (amr.username, "coordinator_dept"),
        ("leader_team", "coordinator_dept"),
    }


def test_a_coordinator_outside_the_persons_scope_is_refused(org, straddler):
    lock_out(straddler)
    coordinator = org.user("coordinator", "dept")
    refused = act(client_for(coordinator), "lift_lockout", straddler)
    assert notes(refused) == [
        "1 person blev ikke ændret: det må du kun gøre for personer, hvis roller alle ligger "
        "inden for dit område."
    ]
    assert token_login(straddler.username).status_code == 429
    for service in (services.lockout_lift, services.second_factor_remove):
        with pytest.raises(DomainError) as refusal:
            service(by=coordinator, user=straddler)
        assert refusal.value.forbidden
    # A sibling team's coordinator does not even see the team's AMR: nothing is done.
    amr = org.user("amr", "team")
    lock_out(amr)
    sibling = client_for(org.user("coordinator", "sibling"))
    assert notes(act(sibling, "lift_lockout", amr)) == []
    assert token_login(amr.username).status_code == 429
    # The root's coordinator holds both roles in scope.
    act(client_for(org.user("coordinator", "root")), "lift_lockout", straddler)
    assert token_login(straddler.username).status_code == 200


def test_removing_a_lost_phone_sends_the_person_to_set_up_a_new_one(org, settings, events):
    settings.APV_REQUIRE_SECOND_FACTOR = True
    person = org.user("coordinator", "team")
    TOTPDevice.objects.create(user=person, name="gammel telefon", confirmed=True)
    # Their session, verified with the old phone.
    session = client_for(person)
    device = TOTPDevice.objects.get(user=person)
    stored = session.session
    stored["otp_device_id"] = device.persistent_id
    stored.save()
    assert session.get("/admin/").status_code == 200

    # A leader may not (no action offered); the sibling's coordinator is refused.
    leader = client_for(org.user("leader", "team"))
    assert "remove_second_factor" not in leader.get(CHANGELIST).content.decode()
    with pytest.raises(DomainError):
        services.second_factor_remove(by=org.user("coordinator", "sibling"), user=person)

    root = org.user("coordinator", "root")
    root_client = client_for(root)
    stored = root_client.session
    root_device = TOTPDevice.objects.create(user=root, name="telefon", confirmed=True)
    stored["otp_device_id"] = root_device.persistent_id
    stored.save()
    done = act(root_client, "remove_second_factor", person, org.user("amr", "team"))
    assert notes(done) == [
        "Godkendelsesappen er fjernet for 1 person, som opsætter en ny ved næste login.",
        "1 af de valgte havde ingen godkendelsesapp.",
    ]
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert session.get("/admin/")["Location"].startswith("/admin/totrin/")
    removed = [e for e in events() if e["event"] == "second_factor_removed"]
    assert {e["subject_user_id"] for e in removed} == {person.pk, org.user("amr", "team").pk}


def test_the_columns_cost_no_query_per_row_and_show_only_to_those_who_help(org):
    coordinator = client_for(org.user("coordinator", "root"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = coordinator.get(CHANGELIST)
        assert page.status_code == 200
        return len(captured), page

    before, _page = queries()
    for user in [org.user("amr", "team"), org.user("tr", "team"), org.user("med", "team")]:
        AccessAttempt.objects.create(
            username=user.username,
            ip_address="10.0.0.1",
            user_agent="test",
            failures_since_start=settings.AXES_FAILURE_LIMIT,
        )
        TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    after, page = queries()
    assert after == before
    html = page.content.decode()
    assert "column-locked_out" in html and "?godkendelsesapp=nej" in html
    rows = {u.username: u for u in page.context["cl"].result_list}
    assert rows["amr_team"].login_failures == settings.AXES_FAILURE_LIMIT
    assert rows["leader_team"].login_failures == 0
    assert rows["tr_team"].has_authenticator and not rows["leader_team"].has_authenticator

    employee = client_for(org.user("employee", "team")).get(CHANGELIST).content.decode()
    assert "column-locked_out" not in employee and "spaerret" not in employee
    assert "godkendelsesapp" not in employee


def test_anonymous_and_unscoped_callers_cannot_reach_the_actions(org):
    amr = org.user("amr", "team")
    lock_out(amr)
    assert (
        Client()
        .post(CHANGELIST, {"action": "lift_lockout", "_selected_action": [amr.pk]})["Location"]
        .startswith("/admin/login/")
    )
    leader = client_for(org.user("leader", "team"))
    leader.post(CHANGELIST, {"action": "lift_lockout", "_selected_action": [amr.pk]})
    assert token_login(amr.username).status_code == 429
