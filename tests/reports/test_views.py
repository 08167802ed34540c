"""The APV report, its PDF, the compliance page and the action-plan exports, per caller."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps import access
from tests.factories import (
    ActionFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
)
from tests.reports.conftest import CONFIDENTIAL_TITLE

# The headings of the legal elements (DESIGN.md §4) that the report must show.
LEGAL_HEADINGS = [
    "Kortlægning og risikovurdering",
    "Inddragelse af sygefravær",
    "Skriftlig handlingsplan",
    "Gennemførelse og opfølgning",
    "Arbejdsmiljøorganisationens inddragelse",
    "Godkendelse af handlingsplanen",
    "Kommunikation til medarbejderne",
    "Lovkrav",
]

ROUTES = ["report", "report-pdf", "compliance", "action-plan-csv", "action-plan-xlsx"]


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def get(user, route, apv):
    return client_for(user).get(reverse(f"reports:{route}", args=[apv.pk]))


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_is_sent_to_login(complete, route):
    response = get(None, route, complete["apv"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("route", ROUTES)
def test_a_sibling_unit_gets_404(complete, route):
    for role in ("amr", "leader", "employee"):
        response = get(complete["org"].user(role, "sibling"), route, complete["apv"])
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["employee", "tr", "med"])
def test_report_for_the_unit_without_confidential_findings(complete, role):
    response = get(complete["org"].user(role, "team"), "report", complete["apv"])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="da"' in html
    for heading in LEGAL_HEADINGS:
        assert heading in html
    assert complete["workload"].title in html
    assert complete["done"].title in html
    assert "Planen er godkendt" in html  # the published communication
    assert CONFIDENTIAL_TITLE not in html
    assert complete["secret_action"].title not in html


@pytest.mark.parametrize(("role", "where"), [("amr", "team"), ("coordinator", "root")])
def test_report_shows_confidential_findings_to_handlers_and_coordinators(complete, role, where):
    response = get(complete["org"].user(role, where), "report", complete["apv"])
    html = response.content.decode()
    assert CONFIDENTIAL_TITLE in html
    assert complete["secret_action"].title in html


def test_an_owner_sees_their_action_but_not_its_confidential_finding(complete):
    tr = complete["org"].user("tr", "team")
    ActionFactory(finding=complete["secret"], title="TR taler med medarbejderen", owner=tr)
    html = get(tr, "report", complete["apv"]).content.decode()
    assert "TR taler med medarbejderen" in html
    assert "Fortroligt fund" in html
    assert CONFIDENTIAL_TITLE not in html


def test_employees_do_not_see_draft_communications(complete):
    CommunicationFactory(assessment=complete["apv"], where_we_are="Udkast til opslag")
    employee_html = get(complete["org"].user("employee", "team"), "report", complete["apv"])
    amr_html = get(complete["org"].user("amr", "team"), "report", complete["apv"])
    assert "Udkast til opslag" not in employee_html.content.decode()
    assert "Udkast til opslag" in amr_html.content.decode()


def test_report_shows_phase_dates_from_the_log_and_the_approval(complete):
    html = get(complete["org"].user("employee", "team"), "report", complete["apv"])
    html = html.content.decode()
    assert "05.01.2026" in html  # identification: the start
    assert "01.02.2026" in html  # involvement: from the transition log
    assert "01.03.2026" in html  # the plan approval
    assert complete["apv"].sickness_absence_note in html


def test_compliance_page(complete):
    response = get(complete["org"].user("employee", "team"), "compliance", complete["apv"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revision mindst hvert tredje år" in html
    assert "Tilgængelig for medarbejderne" in html
    assert CONFIDENTIAL_TITLE not in html


def visible_titles(user, apv):
    return sorted(
        access.actions_visible_to(user)
        .filter(finding__assessment=apv)
        .values_list("title", flat=True)
    )


CALLERS = [("employee", "team"), ("tr", "team"), ("amr", "team"), ("coordinator", "root")]


@pytest.mark.parametrize(("role", "where"), CALLERS)
def test_csv_rows_are_the_visible_actions(complete, role, where):
    user = complete["org"].user(role, where)
    response = get(user, "action-plan-csv", complete["apv"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[2] == "Tiltag (hvad)"
    assert sorted(row[2] for row in body) == visible_titles(user, complete["apv"])
    reads_confidential = role in ("amr", "coordinator")
    assert any(CONFIDENTIAL_TITLE in row for row in body) is reads_confidential


@pytest.mark.parametrize(("role", "where"), CALLERS)
def test_xlsx_rows_are_the_visible_actions(complete, role, where):
    user = complete["org"].user(role, where)
    response = get(user, "action-plan-xlsx", complete["apv"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Tiltag (hvad)"
    assert sorted(row[2] for row in rows[1:]) == visible_titles(user, complete["apv"])


def test_exports_hide_a_confidential_finding_from_an_action_owner(complete):
    tr = complete["org"].user("tr", "team")
    ActionFactory(finding=complete["secret"], title="TR taler med medarbejderen", owner=tr)
    text = get(tr, "action-plan-csv", complete["apv"]).content.decode("utf-8-sig")
    assert "TR taler med medarbejderen" in text
    assert CONFIDENTIAL_TITLE not in text
    assert "Fortroligt fund" in text


def test_report_queries_do_not_grow_with_the_plan(complete):
    user = complete["org"].user("amr", "team")
    client = client_for(user)
    url = reverse("reports:report", args=[complete["apv"].pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        finding = FindingFactory(assessment=complete["apv"], status="confirmed", priority=5)
        action = ActionFactory(finding=finding, owner=user)
        EvaluationFactory(action=action, by=user)
        DialogueFactory(assessment=complete["apv"], findings=[finding])
    assert count() == before
