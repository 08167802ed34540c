"""The canary crawl: a confidential finding whose title, description and causes carry a unique
marker, with actions, updates, an evaluation, a dialogue link and a history of edits (once
confidential, later public, and the reverse). Everyone who may not read it fetches every API
response, report, export, calendar feed and autocomplete they can reach (the admin pages are
crawled by the route matrix, with the same marker), and every mail the sweeps send is read:
the marker appears nowhere. Its readers do see it, so the canary is alive."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from apps.reminders import services as reminders
from apps.reminders.services import calendar_feed_renew
from tests.admin_helpers import client_for

from .world import build_world, caller

MARKER = "KANARIE-1b07e9"
# Who may not read the confidential findings: the team's TR, MED member and employee, the
# owner of their actions, the sibling's AMR, the department's leader and AMR (the team has its
# own), the sibling's coordinator.
NON_READERS = [
    "tr",
    "med",
    "employee",
    "owner",
    "sibling",
    "leader@dept",
    "amr@dept",
    "coordinator@sibling",
]
READERS = ["coordinator", "leader", "amr"]
API_LISTS = [
    "users",
    "units",
    "role-assignments",
    "factors",
    "assessments",
    "findings",
    "dialogues",
    "actions",
    "communications",
    "evaluations",
    "reminders",
    "surveys",
    "survey-figures",
    "sickness-absence",
    "survey-dimensions",
    "attachments",
    "comments",
    "follows",
    "inbox",
]
DASHBOARD = ["summary", "units", "heatmap", "overdue", "revisions", "survey-heatmap"]
AUTOCOMPLETE = [
    "actions.action.finding",
    "actions.action.owner",
    "findings.finding.handlers",
    "findings.finding.factor",
    "findings.finding.assessment",
    "organisation.roleassignment.stands_in_for",
    "organisation.roleassignment.user",
]


def person(org, who):
    if "@" in who:
        role, where = who.split("@")
        return org.user(role, where)
    return caller(org, who)


@pytest.fixture
def world(org):
    return build_world(org, marker=MARKER)


def api_texts(world, user) -> dict[str, str]:
    client = APIClient()
    client.force_authenticate(user)
    apv = world["apv"].pk
    paths = [f"/api/v1/{name}/?page_size=200" for name in API_LISTS]
    paths += [f"/api/v1/dashboard/{name}/" for name in DASHBOARD]
    paths += [f"/api/v1/dashboard/comparison/?assessment={apv}", "/api/v1/me/"]
    paths += ["/api/v1/organisation/"]
    paths += [
        f"/api/v1/assessments/{apv}/{view}/"
        for view in ("readiness", "history", "compliance", "survey-proposals")
    ]
    for key, resource in [
        ("public", "findings"),
        ("secret", "findings"),
        ("was_secret", "findings"),
        ("now_secret", "findings"),
        ("dialogue", "dialogues"),
        ("public_action", "actions"),
        ("secret_action", "actions"),
    ]:
        paths.append(f"/api/v1/{resource}/{world[key].pk}/")
    paths += [f"/api/v1/actions/{world[k].pk}/updates/" for k in ("public_action", "secret_action")]
    paths += [f"/api/v1/comments/?finding={world['secret'].pk}"]
    paths += [f"/api/v1/comments/?action={world['secret_action'].pk}"]
    texts = {path: client.get(path).content.decode() for path in paths}
    # The confidential finding's minutes: its title and its file carry the marker.
    for key in ("public_attachment", "secret_attachment", "approval"):
        pk = world[key].pk
        texts[f"/api/v1/attachments/{pk}/"] = client.get(
            f"/api/v1/attachments/{pk}/"
        ).content.decode()
        download = client.get(f"/api/v1/attachments/{pk}/download/")
        texts[f"download {pk}"] = (
            b"".join(download.streaming_content) if download.streaming else download.content
        ).decode(errors="replace")
    return texts


def report_texts(world, user) -> dict[str, str]:
    client = client_for(user)
    apv = world["apv"].pk
    texts = {
        path: client.get(path).content.decode()
        for path in (
            f"/reports/assessments/{apv}/",
            f"/reports/assessments/{apv}/compliance/",
            f"/reports/assessments/{apv}/action-plan.csv",
            "/dashboard/",
            "/reports/organisation.csv",
            "/admin/",
            reverse("admin:conversation_inboxitem_changelist"),
            reverse("admin:actions_action_change", args=[world["secret_action"].pk]),
        )
    }
    pdf = client.get(f"/reports/assessments/{apv}.pdf")
    if pdf.status_code == 200:
        texts["pdf"] = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    xlsx = client.get(f"/reports/assessments/{apv}/action-plan.xlsx")
    if xlsx.status_code == 200:
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        texts["xlsx"] = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    for field in AUTOCOMPLETE:
        app, model, name = field.split(".")
        for term in ("", "Krænk", "Chikane"):
            url = (
                reverse("admin:autocomplete")
                + f"?app_label={app}&model_name={model}&field_name={name}&term={term}"
            )
            texts[f"autocomplete {field} {term}"] = client.get(url).content.decode()
    token = calendar_feed_renew(user=user)
    texts["calendar"] = client.get(reverse("calendar-feed", args=[token])).content.decode()
    return texts


@pytest.mark.parametrize("who", NON_READERS)
def test_the_marker_reaches_no_one_who_may_not_read_it(org, world, who):
    user = person(org, who)
    texts = {**api_texts(world, user), **report_texts(world, user)}
    leaked = [where for where, text in texts.items() if MARKER in text]
    assert leaked == []


def test_the_canary_is_alive_for_its_readers(org, world):
    for who in READERS:
        texts = api_texts(world, person(org, who))
        assert MARKER in texts["/api/v1/findings/?page_size=200"], who
        assert MARKER in texts["/api/v1/comments/?page_size=200"], who
    amr = api_texts(world, org.user("amr", "team"))
    assert MARKER in amr["/api/v1/attachments/?page_size=200"]
    assert MARKER in amr[f"download {world['secret_attachment'].pk}"]
    amr_reports = report_texts(world, org.user("amr", "team"))
    assert MARKER in amr_reports[f"/reports/assessments/{world['apv'].pk}/"]
    assert MARKER in amr_reports["pdf"]


def test_no_mail_names_the_confidential_findings(org, world, mailoutbox):
    # Sweep over the weeks when the actions fall due, are overdue and are to be evaluated,
    # a Monday with the MED digest among them.
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    for offset in (0, 25, 31, 45):
        day = monday + datetime.timedelta(days=offset)
        reminders.reminders_record(as_of=day)
        reminders.reminders_send(as_of=day)
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        bodies = [message.subject, message.body, *(c for c, _ in message.alternatives)]
        assert not [b for b in bodies if MARKER in b], message.to
