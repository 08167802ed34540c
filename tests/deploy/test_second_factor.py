"""Two-step verification (django-otp, TOTP) for coordinators and superusers: after the password
the admin asks for the code of an authenticator app (or sets one up), and until it is given no
admin page, report, dashboard or session API call is reached; the token endpoint asks for it in
`otp_token`. Leaders, AMRs and the rest log in with the password alone. Codes are real: computed
from the device's key with django_otp.oath.totp."""

import base64
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.admin.english import english_on
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password"  # tests/factories.py
VERIFY, SETUP = "/admin/totrin/", "/admin/totrin/opsaet/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.APV_REQUIRE_SECOND_FACTOR = True


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="apvtracker.security")
    return lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "apvtracker.security"
    ]


def code(device, *, wrong=False) -> str:
    """The code the person's app shows now; a code not used before (a used one is refused)."""
    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - now_step)
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{(value + 1) % 10**6 if wrong else value:06d}"


def with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)


def password_login(user) -> Client:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def token_login(user, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD, **extra}
    )


def superuser(org):
    user = org.user("employee", "team")
    user.is_superuser = True
    user.save()
    return user


# --- the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_a_coordinator_or_superuser_passes_the_code_before_the_admin(org, who, settings, events):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then the right one at once
    user = org.user("coordinator", "root") if who == "coordinator" else superuser(org)
    device = with_device(user)
    client = password_login(user)

    first = client.get("/admin/")
    assert first.status_code == 302
    assert first["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    page = client.get(first["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Totrinsbekræftelse" in html and 'name="otp_token"' in html
    assert english_on(html) == []

    wrong = client.post(VERIFY, {"otp_token": code(device, wrong=True), "next": "/admin/"})
    assert wrong.status_code == 200
    assert "Forkert kode" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    right = client.post(VERIFY, {"otp_token": code(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    kinds = [(e["event"], e.get("reason")) for e in events() if e["event"].startswith("second")]
    assert kinds == [("second_factor_failed", "wrong_code"), ("second_factor_passed", None)]


@pytest.mark.parametrize("who", [("leader", "team"), ("amr", "team"), ("coordinator", "root")])
def test_who_needs_the_code(org, who):
    """Leaders and AMRs go straight in with the password; a coordinator is asked for more."""
    user = org.user(*who)
    needs = who[0] == "coordinator"
    assert password_login(user).get("/admin/").status_code == (302 if needs else 200)
    assert token_login(user).status_code == (400 if needs else 200)


def test_with_the_setting_off_a_coordinator_logs_in_with_the_password(org, settings):
    settings.APV_REQUIRE_SECOND_FACTOR = False
    user = org.user("coordinator", "root")
    with_device(user)
    assert password_login(user).get("/admin/").status_code == 200
    assert token_login(user).status_code == 200


def test_before_the_code_nothing_but_the_code_and_logging_out(org):
    user = org.user("coordinator", "root")
    with_device(user)
    client = password_login(user)
    apv = AssessmentFactory(unit=org.team)
    for url in ("/admin/findings/finding/", "/admin/alle/", f"/reports/assessments/{apv.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    assert client.get("/dashboard/")["Location"].startswith(VERIFY)
    # A write is not let through either.
    assert client.post("/admin/factors/factor/add/", {"name": "x"})["Location"] == VERIFY

    api = client.get("/api/v1/findings/")
    assert api.status_code == 403
    assert "Totrinsbekræftelse mangler" in api.json()["detail"]
    # A header that is not a token does not open the session's way around.
    basic = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Basic eDp5")
    assert basic.status_code == 403

    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_waits_longer_each_time(org):
    """django-otp's throttling (OTP_TOTP_THROTTLE_FACTOR 1): right after a wrong code even the
    right one must wait, and the page says for how long."""
    user = org.user("coordinator", "root")
    device = with_device(user)
    client = password_login(user)
    client.post(VERIFY, {"otp_token": code(device, wrong=True)})
    refused = client.post(VERIFY, {"otp_token": code(device)})
    assert "For mange forkerte koder. Vent" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_count_as_failed_logins_and_lock_the_username(org, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lock-out, not the wait, is what is tested
    user = org.user("coordinator", "root")
    device = with_device(user)
    client = password_login(user)
    statuses = [
        client.post(VERIFY, {"otp_token": code(device, wrong=True)}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session  # the half-done login ended
    again = Client().post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert again.status_code == 429
    # Axes keeps what was posted, never the code.
    assert all(code(device, wrong=True) not in a.post_data for a in AccessAttempt.objects.all())


def test_setting_up_the_app_end_to_end(org, events, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then the right one at once
    user = org.user("coordinator", "dept")
    client = password_login(user)
    assert client.get(VERIFY)["Location"] == f"{SETUP}?next=%2Fadmin%2F"

    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert english_on(html) == []
    # The QR code: an SVG in a data: URI, rendered on the server; no inline script or style.
    image = re.search(
        r'<img class="second-factor-qr" src="data:image/svg\+xml;base64,([^"]+)"', html
    )
    assert base64.b64decode(image.group(1)).startswith(b"<svg")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    groups = re.findall(r"<code>([A-Z2-7]{4})</code>", html)
    assert groups == re.findall("....", key)
    reloaded = client.get(SETUP).content.decode()
    assert re.findall(r"<code>([A-Z2-7]{4})</code>", reloaded) == groups  # the same key
    assert f'href="otpauth://totp/APV-tracker%3A{user.username}?secret={key}' in html

    wrong = client.post(SETUP, {"otp_token": code(device, wrong=True)})
    assert "Forkert kode" in wrong.content.decode()
    assert not AccessAttempt.objects.filter(username=user.username).exists()  # not a login
    done = client.post(SETUP, {"otp_token": code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    overview = client.get("/admin/")
    assert overview.status_code == 200
    assert "Totrinsbekræftelse er opsat" in overview.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert [e["event"] for e in events() if e["event"] == "second_factor_enrolled"] == [
        "second_factor_enrolled"
    ]

    # The next login asks for the code of the app just set up.
    client.post("/admin/logout/")
    client = password_login(user)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_code_pages_send_the_done_and_the_others_on(org):
    leader = Client()
    leader.force_login(org.user("leader", "team"))
    assert leader.get(VERIFY + "?next=/admin/alle/")["Location"] == "/admin/alle/"
    # Never off the site.
    assert leader.get(VERIFY + "?next=https://evil.example/")["Location"] == "/admin/"
    assert Client().get(VERIFY)["Location"].startswith("/admin/login/")


# --- the token endpoint ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_the_token_endpoint_asks_for_the_code(org, who, events, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = org.user("coordinator", "root") if who == "coordinator" else superuser(org)
    assert token_login(user).json() == {
        "otp_token": ["Opsæt først totrinsbekræftelse: log ind på /admin/, og følg vejledningen."]
    }
    device = with_device(user)
    missing = token_login(user)
    assert missing.status_code == 400
    assert missing.json() == {"otp_token": ["Indtast den 6-cifrede kode fra din godkendelsesapp."]}
    wrong = token_login(user, otp_token=code(device, wrong=True))
    assert wrong.status_code == 400
    assert wrong.json()["otp_token"][0].startswith("Forkert kode")
    assert not AuthToken.objects.filter(user=user).exists()

    right = token_login(user, otp_token=code(device))
    assert right.status_code == 200, right.content
    token = right.json()["token"]
    assert AuthToken.objects.filter(user=user).count() == 1
    me = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/")
    assert me.status_code == 200
    reasons = [e.get("reason") for e in events() if e["event"] == "second_factor_failed"]
    assert reasons == ["no_device", "wrong_code"]


def test_wrong_codes_at_the_token_endpoint_lock_the_username(org, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = org.user("coordinator", "root")
    device = with_device(user)
    statuses = [
        token_login(user, otp_token=code(device, wrong=True)).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [400, 400, 400, 400, 429]
    assert token_login(user, otp_token=code(device)).status_code == 429


def test_the_schema_documents_otp_token():
    schema = APIClient().get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["CredentialsRequest"]["properties"]
    assert "authenticator app" in fields["otp_token"]["description"]


def test_production_asks_for_the_second_factor_by_default():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "APV_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "apvtracker.settings.production", "SECRET_KEY": "x" * 60}
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.APV_REQUIRE_SECOND_FACTOR)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.stdout.split()[-1:] == ["True"], result.stderr
