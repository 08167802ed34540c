"""After the login: the session is renewed against the provider (a person disabled there is
logged out here within OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS), the API is never redirected to the
provider, logging out logs out at the provider, and the second factor for coordinators."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.test import Client
from rest_framework.test import APIClient

from .conftest import follow_provider, sso_login, sso_on

pytestmark = pytest.mark.django_db


def expire(client):
    """As if OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS (and then some) had passed."""
    session = client.session
    session["oidc_id_token_expiration"] = 0
    session.save()


@pytest.fixture
def amr_client(sso, person, org):
    person.email = org.user("amr", "team").email
    client = Client()
    assert sso_login(client).status_code == 302
    return client


def test_a_renewal_at_the_provider_keeps_the_session(amr_client, sso, org):
    expire(amr_client)
    response = amr_client.get("/admin/")
    assert response["Location"].startswith(sso.issuer + "/authorize")
    assert parse_qs(urlsplit(response["Location"]).query)["prompt"] == ["none"]
    back = follow_provider(amr_client, response)
    assert back["Location"] == "/admin/"
    assert amr_client.get("/admin/").status_code == 200
    assert int(amr_client.session[SESSION_KEY]) == org.user("amr", "team").pk


def test_a_person_disabled_at_the_provider_is_logged_out_at_the_renewal(
    amr_client, sso, person, events
):
    assert amr_client.get("/admin/").status_code == 200
    person.enabled = False
    expire(amr_client)
    back = follow_provider(amr_client, amr_client.get("/admin/"))
    assert back["Location"] == "/admin/login/"
    assert SESSION_KEY not in amr_client.session
    assert amr_client.get("/admin/").status_code == 302
    refusal = [e for e in events() if e["event"] == "sso_refused"][-1]
    assert refusal["reason"] == "provider_login_required" and refusal["refresh"] is True
    page = amr_client.get("/admin/login/").content.decode()
    assert "Dit login hos Nordby Kommunes login er afsluttet" in page


def test_the_api_is_never_sent_to_the_provider(amr_client):
    assert amr_client.get("/api/v1/assessments/").status_code == 200
    expire(amr_client)
    stale = amr_client.get("/api/v1/assessments/")
    assert stale.status_code == 403 and "genindlæs" in stale.json()["detail"]
    # A token is the API's own login, even beside the stale session's cookie: not renewed.
    login = APIClient().post(
        "/api/v1/auth/token/", {"username": "amr_team", "password": "demo-password"}
    )
    token = login.json()["token"]
    with_token = amr_client.get("/api/v1/assessments/", HTTP_AUTHORIZATION=f"Token {token}")
    assert with_token.status_code == 200


def test_logging_out_logs_out_at_the_provider(amr_client, sso, events):
    id_token = amr_client.session["oidc_id_token"]
    response = amr_client.post("/admin/logout/")
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == sso.issuer + "/logout"
    params = parse_qs(url.query)
    assert params["id_token_hint"] == [id_token]
    assert params["post_logout_redirect_uri"] == ["http://testserver/admin/login/"]
    assert SESSION_KEY not in amr_client.session
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.headers["Location"] == "http://testserver/admin/login/"
    assert any(e["event"] == "sso_logout" and e["at_provider"] for e in events())


def test_the_oidc_logout_route_does_the_same(amr_client, sso):
    assert amr_client.get("/oidc/logout/").status_code == 405
    response = amr_client.post("/oidc/logout/")
    assert response["Location"].startswith(sso.issuer + "/logout?")


def test_a_password_session_logs_out_as_before(sso, org):
    client = Client()
    client.force_login(org.user("amr", "team"))
    response = client.post("/admin/logout/")
    assert response.status_code == 200  # Django's "logged out" page, no provider


@pytest.mark.parametrize(("trusted", "expected"), [(False, "/admin/totrin/"), (True, None)])
def test_a_coordinator_gives_the_code_unless_the_provider_is_trusted(
    op, person, org, settings, trusted, expected
):
    settings.APV_REQUIRE_SECOND_FACTOR = True
    person.email = org.user("coordinator", "root").email
    with sso_on(op, OIDC_TRUST_MFA=trusted):
        client = Client()
        sso_login(client)
        page = client.get("/admin/")
    if expected:
        assert page.status_code == 302 and page["Location"].startswith(expected)
    else:
        assert page.status_code == 200
