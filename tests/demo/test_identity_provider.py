"""The demo's test login (apps/demo/identity_provider.py with people to choose from): its page
lists the demo's people, a choice logs that person in to the tracker, a silent renewal needs a
choice made before, and its command runs only in a demo. Driven as tests/sso/test_login.py
drives the fixed-person provider: the Django test client, and real HTTP to the provider."""

import re
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from apps.demo.identity_provider import COOKIE, Provider, demo_persons
from apps.demo.management.commands.demo_identity_provider import tracker_environment
from apps.sso.models import Identity
from tests.demo.test_seed_demo import seed
from tests.sso.conftest import sso_on

pytestmark = pytest.mark.django_db
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it (the provider reads its
    people when it starts, in the test's own thread)."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_op(seeded, db):
    with Provider(people=demo_persons()) as op, sso_on(op):
        yield op


def chooser(client, browser):
    """The tracker's login start, and the provider's page it leads to (in `browser`, a
    requests session standing for the browser's cookies at the provider)."""
    start = client.get("/oidc/authenticate/", {"next": "/admin/"})
    assert start.status_code == 302
    page = browser.get(start["Location"], allow_redirects=False, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    return page


def choose(client, browser, page, sub):
    request_id = re.search(r'name="request" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url.split("?")[0], {"request": request_id, "sub": sub}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "testserver" and "code" in parse_qs(back.query)
    return client.get(back.path, dict(parse_qsl(back.query)))


def test_the_page_lists_the_demo_people_and_says_it_is_a_test(demo_op):
    page = chooser(Client(), requests.Session()).text
    assert "<title>Log ind hos Nordby Kommunes test-login</title>" in page
    assert "Kun til demoen – aldrig i drift" in page
    assert "Mette Kjær" in page and "koordinator@nordby.dk" in page
    assert "arbejdsmiljøkoordinator, Nordby Kommune" in page
    assert 'value="demo-amr"' in page and "arbejdsmiljørepræsentant (AMR)" in page
    # The demo's own logins first, in the README's order.
    assert page.index("Mette Kjær") < page.index("Anne Mikkelsen") < page.index("Ahmed Hassan")


def test_choosing_a_person_logs_them_in_to_the_tracker(demo_op):
    client, browser = Client(), requests.Session()
    response = choose(client, browser, chooser(client, browser), "demo-koordinator")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user = Identity.objects.get(subject="demo-koordinator").user
    assert user.username == "koordinator"
    assert Identity.objects.get(user=user).bound_by == "email"  # the seeded account, not a new one
    assert int(client.session[SESSION_KEY]) == user.pk
    assert client.get("/admin/").status_code == 200
    assert browser.cookies.get(COOKIE, domain="127.0.0.1")


def test_a_silent_renewal_returns_the_person_chosen_in_that_browser(demo_op):
    client, browser = Client(), requests.Session()
    choose(client, browser, chooser(client, browser), "demo-amr")
    session = client.session
    session["oidc_id_token_expiration"] = 0
    session.save()
    renewal = client.get("/admin/")
    assert parse_qs(urlsplit(renewal["Location"]).query)["prompt"] == ["none"]
    answer = browser.get(renewal["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    assert "code" in parse_qs(back.query)
    assert client.get(back.path, dict(parse_qsl(back.query)))["Location"] == "/admin/"
    assert client.session[SESSION_KEY] == str(Identity.objects.get(subject="demo-amr").user_id)


def test_a_silent_renewal_without_a_choice_is_login_required(demo_op):
    client = Client()
    start = client.get("/oidc/authenticate/")
    query = dict(parse_qsl(urlsplit(start["Location"]).query), prompt="none")
    answer = requests.get(f"{demo_op.issuer}/authorize", query, allow_redirects=False, timeout=10)
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["login_required"]
    # A forged cookie is nobody either.
    forged = requests.get(
        f"{demo_op.issuer}/authorize",
        query,
        cookies={COOKIE: "demo-admin.0000"},
        allow_redirects=False,
        timeout=10,
    )
    assert parse_qs(urlsplit(forged.headers["Location"]).query)["error"] == ["login_required"]


def test_logging_out_forgets_the_choice(demo_op):
    client, browser = Client(), requests.Session()
    choose(client, browser, chooser(client, browser), "demo-leder")
    logout = client.post("/admin/logout/")
    assert logout["Location"].startswith(f"{demo_op.issuer}/logout")
    browser.get(logout["Location"], allow_redirects=False, timeout=10)
    assert not browser.cookies.get(COOKIE, domain="127.0.0.1")


def test_cancel_goes_back_without_a_login(demo_op):
    client, browser = Client(), requests.Session()
    page = chooser(client, browser)
    request_id = re.search(r'name="request" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url.split("?")[0], {"request": request_id, "cancel": "1"}, allow_redirects=False
    )
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["access_denied"]


@override_settings(DEBUG=False)
def test_the_command_refuses_without_debug():
    with pytest.raises(CommandError, match="--i-know-this-is-a-demo"):
        call_command("demo_identity_provider", "--port", "0")


def test_the_makefile_sets_what_the_command_prints():
    text = MAKEFILE.read_text()
    exported = dict(re.findall(r"^demo-sso: export (OIDC_\w+) = (.*)$", text, re.MULTILINE))
    wanted = tracker_environment("http://127.0.0.1:$(IDP_PORT)")
    assert exported == wanted
