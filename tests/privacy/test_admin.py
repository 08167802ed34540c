"""The per-person export in the admin (a download linked from the person's page) and as a
command."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin.english import english_on
from tests.admin_helpers import client_for
from tests.conftest import load_org

from .world import MARKER, OWN, build_world

LINK = "Eksportér persondata (JSON)"


@pytest.fixture(scope="module")
def module_world(module_org, django_db_blocker):
    with django_db_blocker.unblock():
        return build_world(load_org(module_org))


@pytest.fixture
def world(org, module_world):
    return module_world


def urls(person) -> tuple[str, str]:
    return (
        reverse("admin:accounts_user_change", args=[person.pk]),
        reverse("admin:accounts_user_persondata", args=[person.pk]),
    )


def test_a_coordinator_in_scope_downloads_it_from_the_persons_page(org, world):
    subject = org.user("employee", "team")
    client = client_for(org.user("coordinator", "dept"))
    change, export = urls(subject)

    page = client.get(change).content.decode()
    assert f'<a href="{export}">{LINK}</a>' in page
    assert english_on(page) == []
    response = client.get(export)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="persondata-{subject.username}-{day}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert MARKER not in text and OWN in text
    assert json.loads(text)["user"]["username"] == subject.username


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (("leader", "team"), 403),
        (("employee", "team"), 403),  # the person themselves: through a coordinator
        (("coordinator", "sibling"), 404),
        (("amr", "sibling"), 404),
        (("employee", "other_area"), 404),
    ],
)
def test_anyone_else_is_refused_and_sees_no_link(org, world, who, status):
    subject = org.user("employee", "team")
    client = client_for(org.user(*who))
    change, export = urls(subject)

    assert client.get(export).status_code == status
    page = client.get(change)
    assert LINK not in page.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(org, world):
    response = Client().get(urls(org.user("employee", "team"))[1])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_command_writes_the_json_to_a_file(org, world, tmp_path):
    subject = org.user("employee", "team")
    target = tmp_path / "persondata.json"
    out = io.StringIO()
    call_command("export_person", subject.username, "--output", str(target), stdout=out)

    assert f"Persondata for {subject.username} skrevet til {target}." in out.getvalue()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["user"]["username"] == subject.username
    assert MARKER not in target.read_text(encoding="utf-8")
    assert datetime.datetime.fromisoformat(data["generated_at"])


def test_the_command_prints_to_standard_output_and_refuses_an_unknown_person(org, world):
    out = io.StringIO()
    call_command("export_person", org.user("employee", "team").username, stdout=out)
    assert json.loads(out.getvalue())["roles"][0]["role"] == "employee"
    with pytest.raises(CommandError, match="ingen bruger"):
        call_command("export_person", "findes-ikke", stdout=io.StringIO())
