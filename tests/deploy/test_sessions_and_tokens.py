"""A shared PC in a staff room must not stay logged in, and a person's tokens do not pile up."""

import time

import pytest
from django.conf import settings
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from apps.accounts import sessions

pytestmark = pytest.mark.django_db

PAGE = "/admin/findings/finding/"


def logged_in(org):
    client = Client()
    client.force_login(org.user("amr", "team"))
    assert client.get(PAGE).status_code == 200
    return client


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_idle_past_its_limit_is_logged_out(org):
    client = logged_in(org)
    age_session(client, apv_seen=settings.APV_SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.get(PAGE).status_code == 302  # and stays out


def test_a_busy_session_ends_at_its_absolute_limit(org):
    client = logged_in(org)
    age_session(client, apv_started=settings.SESSION_COOKIE_AGE + 5, apv_seen=30)
    assert client.get(PAGE).status_code == 302


def test_a_session_in_use_goes_on_and_remembers_the_request(org):
    client = logged_in(org)
    age_session(client, apv_seen=120)
    assert client.get(PAGE).status_code == 200
    assert int(time.time()) - client.session[sessions.SEEN] < 5


def test_over_the_token_cap_the_oldest_token_is_revoked_not_the_login(org, settings):
    settings.APV_MAX_TOKENS_PER_USER = 3
    user = org.user("amr", "team")
    user.set_password("demo-password")
    user.save()
    tokens = []
    for _ in range(4):
        response = APIClient().post(
            "/api/v1/auth/token/", {"username": user.username, "password": "demo-password"}
        )
        assert response.status_code == 200, response.content
        tokens.append(response.json()["token"])
    assert AuthToken.objects.filter(user=user).count() == 3

    def me(token):
        return APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").status_code

    assert me(tokens[0]) == 401
    assert [me(token) for token in tokens[1:]] == [200, 200, 200]
