"""Five wrong passwords for a username lock it out for a while (django-axes), on the admin's
login page and on the token endpoint alike; never by address, which a municipality shares."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"


@pytest.fixture
def person(org):
    user = org.user("amr", "team")
    user.set_password(PASSWORD)
    user.save()
    return user


def admin_login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )


def token_login(username, password, address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/token/", {"username": username, "password": password}
    )


def cool_off_passes():
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))


def test_the_admin_refuses_the_right_password_after_five_wrong_ones(person):
    statuses = [admin_login(person.username, "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then the lock-out
    refused = admin_login(person.username, PASSWORD)
    assert refused.status_code == 429
    assert "For mange mislykkede login" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0

    cool_off_passes()
    assert admin_login(person.username, PASSWORD).status_code == 302  # logged in


def test_the_token_endpoint_refuses_the_right_password_after_five_wrong_ones(person):
    statuses = [token_login(person.username, "wrong").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]  # the fifth failure locks
    refused = token_login(person.username, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "token" not in refused.json()

    cool_off_passes()
    assert token_login(person.username, PASSWORD).status_code == 200


def test_failures_from_one_address_do_not_lock_out_another_user(person, org):
    other = org.user("leader", "team")
    other.set_password(PASSWORD)
    other.save()
    for _ in range(5):
        token_login(person.username, "wrong", address="10.9.9.9")
    assert token_login(other.username, PASSWORD, address="10.9.9.9").status_code == 200


def test_a_right_password_before_the_limit_starts_the_count_again(person):
    for _ in range(4):
        token_login(person.username, "wrong")
    assert token_login(person.username, PASSWORD).status_code == 200
    for _ in range(4):
        token_login(person.username, "wrong")
    assert token_login(person.username, PASSWORD).status_code == 200
