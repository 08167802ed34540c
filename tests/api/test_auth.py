"""Token authentication: hashed, expiring, revocable; 401 without credentials."""

import datetime

from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/auth/token/"


def test_token_login_returns_an_expiring_token_stored_hashed(org):
    user = org.user("amr", "team")
    response = APIClient().post(
        TOKEN_URL, {"username": user.username, "password": "demo-password"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=user)
    assert token not in (stored.digest, stored.token_key)  # only a digest is kept
    assert stored.expiry > timezone.now() + datetime.timedelta(hours=1)


def test_token_authenticates_and_logout_revokes_it(org):
    user = org.user("amr", "team")
    client = APIClient()
    token = client.post(
        TOKEN_URL, {"username": user.username, "password": "demo-password"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == user.username
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_wrong_password_and_missing_fields(org):
    user = org.user("amr", "team")
    wrong = APIClient().post(
        TOKEN_URL, {"username": user.username, "password": "nope"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["non_field_errors"]
    missing = APIClient().post(TOKEN_URL, {"username": user.username}, format="json")
    assert missing.status_code == 400
    assert "password" in missing.json()


def test_inactive_user_gets_no_token(org):
    user = org.user("amr", "team")
    user.is_active = False
    user.save()
    response = APIClient().post(
        TOKEN_URL, {"username": user.username, "password": "demo-password"}, format="json"
    )
    assert response.status_code == 400


def test_anonymous_requests_get_401_with_a_scheme(db):
    response = APIClient().get("/api/v1/assessments/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_malformed_json_is_400_not_500(org):
    client = APIClient()
    client.force_authenticate(org.user("amr", "team"))
    response = client.post("/api/v1/assessments/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
