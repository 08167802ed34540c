"""Local passwords switched off (APV_LOCAL_PASSWORDS=false): the admin's login, the token
endpoint and the password change refuse everyone but the break-glass superusers. And single
sign-on left unconfigured: nothing of it is mounted, installed or shown."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from .conftest import sso_on

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password"  # tests/factories.py


@pytest.fixture
def passwords_off(op, org):
    root = org.user("coordinator", "root")
    root.is_superuser = True
    root.save()
    break_glass = [root.username, "leader_team"]
    with sso_on(op, APV_LOCAL_PASSWORDS=False, APV_BREAK_GLASS_USERS=break_glass):
        yield org


def admin_login(username):
    client = Client()
    return client, client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
    )


def test_a_normal_person_is_pointed_to_the_provider(passwords_off, events):
    _client, response = admin_login("amr_team")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adgangskoder bruges ikke her: log ind med Nordby Kommunes login" in page
    assert 'class="button sso-login-button"' in page
    assert events()[-1]["event"] == "password_login_refused"


def test_the_break_glass_superuser_logs_in_with_a_password(passwords_off):
    client, response = admin_login("coordinator_root")
    assert response.status_code == 302
    assert client.get("/admin/password_change/").status_code == 200


def test_a_break_glass_name_that_is_no_superuser_is_refused(passwords_off):
    _client, response = admin_login("leader_team")
    assert response.status_code == 200 and "errornote" in response.content.decode()


def test_the_password_change_is_refused(passwords_off):
    client = Client()
    client.force_login(passwords_off.user("amr", "team"))
    assert client.get("/admin/password_change/").status_code == 403


def test_the_token_endpoint_obeys_the_same_rule(passwords_off):
    api = APIClient()
    refused = api.post("/api/v1/auth/token/", {"username": "amr_team", "password": PASSWORD})
    assert refused.status_code == 400
    assert "Nordby Kommunes login" in refused.json()["non_field_errors"][0]
    allowed = api.post(
        "/api/v1/auth/token/", {"username": "coordinator_root", "password": PASSWORD}
    )
    assert allowed.status_code == 200


def test_passwords_stay_on_by_default_beside_single_sign_on(sso, org):
    _client, response = admin_login("amr_team")
    assert response.status_code == 302
    page = Client().get("/admin/login/").content.decode()
    assert "Log ind med Nordby Kommunes login" in page and "eller med brugernavn" in page


def test_single_sign_on_is_absent_when_unconfigured(org):
    assert django_settings.SSO_ENABLED is False
    assert "apps.sso.backends.SSOBackend" not in django_settings.AUTHENTICATION_BACKENDS
    assert "apps.sso.middleware.SessionRefresh" not in django_settings.MIDDLEWARE
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    client = Client()
    for path in ("/oidc/authenticate/", "/oidc/callback/", "/oidc/logout/"):
        assert client.get(path).status_code == 404
    page = client.get("/admin/login/").content.decode()
    assert "sso-login" not in page and "sso/login.css" not in page
    _client, response = admin_login("amr_team")
    assert response.status_code == 302


def test_a_provider_that_is_down_leaves_passwords_and_pages_working(org):
    """The provider's discovery is read only when a login at the provider needs it: with the
    provider unreachable the break-glass (or any) password login and every page still work."""
    from types import SimpleNamespace

    down = SimpleNamespace(discovery_url="http://127.0.0.1:9/.well-known/openid-configuration")
    with sso_on(down):
        assert Client().get("/admin/login/").status_code == 200
        client, response = admin_login("amr_team")
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
