"""Every page we serve carries the Content-Security-Policy and the Permissions-Policy, and none
has inline script or style: the rendered HTML of each page is parsed for <style> elements,
style attributes, <script> without src, on...= handlers and javascript: URLs.

The pages: every admin URL of the route matrix (tests/admin/test_route_matrix.py, on its world),
fetched as the team's coordinator, and as a superuser where the coordinator is refused (the
beat schedules, deleting a user); the admin's pages behind a POST (a form with errors, an
action's confirmation, the logged-out page, a refused CSRF token); the login page, the
dashboard, the report and its compliance page, /api/docs/, the 404 and 403 pages and the
lock-out page, logged out where the page is public. The browsable API is left out: production
serves JSON only (settings/production.py). The dashboard's policy adds plotly's style hashes
and nothing else (apps/dashboard/views.py); the PDF report gets the report's stylesheet from
disk, never over HTTP.
"""

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from apps.dashboard.views import PLOTLY_STYLES
from apps.reports.views import _static_files_fetcher

# The route matrix's world and its fixture, built once for this module too.
from tests.admin.test_route_matrix import MATRIX, url_for
from tests.admin.test_route_matrix import module_world as module_world  # noqa: F401
from tests.admin.world import caller
from tests.admin_helpers import client_for
from tests.conftest import load_org
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DASHBOARD = {"dashboard", "dashboard on a wall screen"}
FEATURES_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


class InlineFinder(HTMLParser):
    """What a strict policy refuses in a page: each as (line, what)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        named = dict(attrs)
        if tag == "style":
            self.found.append((line, "<style>"))
        if tag == "script" and "src" not in named and executable(named.get("type")):
            self.found.append((line, "<script> without src"))
        for name, value in attrs:
            if name == "style":
                self.found.append((line, f'style="{value}" on <{tag}>'))
            elif name.startswith("on"):
                self.found.append((line, f"{name}= on <{tag}>"))
            elif (value or "").strip().lower().startswith("javascript:"):
                self.found.append((line, f"{name}={value} on <{tag}>"))

    handle_startendtag = handle_starttag


def executable(script_type: str | None) -> bool:
    """A script element's type runs as script; anything else (application/json, as Django's
    json_script writes) is a data block the browser never runs, outside the policy."""
    kind = (script_type or "").split(";")[0].strip().lower()
    return kind in ("", "module") or "javascript" in kind or "ecmascript" in kind


def inline_in(html: str) -> list[tuple[int, str]]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def policy_of(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@dataclass
class Page:
    label: str
    response: object

    @property
    def is_html(self) -> bool:
        return self.response.get("Content-Type", "").startswith("text/html")

    @property
    def html(self) -> str:
        return self.response.content.decode(errors="replace")


def admin_pages(world, clients) -> list[Page]:
    """Every route of the matrix as the coordinator; as a superuser where they are refused."""
    pages = []
    for route, position in MATRIX:
        url = url_for(world, route, position)
        response = clients["coordinator"].get(url)
        pages.append(Page(f"{route} ({position}) as coordinator", response))
        if response.status_code != 200:
            pages.append(Page(f"{route} ({position}) as superuser", clients["superuser"].get(url)))
    return pages


def posted_pages(world, clients, coordinator) -> list[Page]:
    """Admin pages a GET does not reach: a form with errors, actions' confirmation pages, the
    logged-out page, a login refused for a missing CSRF token."""
    coordinator_client = clients["coordinator"]
    actions = reverse("admin:actions_action_changelist")
    findings = reverse("admin:findings_finding_changelist")
    leaving = client_for(coordinator)  # its own session: the others stay signed in
    return [
        Page(
            "finding add form with errors",
            coordinator_client.post(reverse("admin:findings_finding_add"), {}),
        ),
        Page(
            "actions: change selected",
            coordinator_client.post(
                actions,
                {"action": "change_selected", "_selected_action": [world["public_action"].pk]},
            ),
        ),
        Page(
            "findings: delete selected",
            coordinator_client.post(
                findings,
                {"action": "delete_selected", "_selected_action": [world["public"].pk]},
            ),
        ),
        Page(
            "popup add form",
            coordinator_client.get(reverse("admin:factors_factor_add"), {"_popup": 1}),
        ),
        Page("logged out", leaving.post(reverse("admin:logout"))),
        Page(
            "login refused for its CSRF token",
            Client(enforce_csrf_checks=True).post(
                reverse("admin:login"), {"username": "x", "password": "y"}
            ),
        ),
    ]


def lock_out_page(username: str) -> Page:
    client = Client()
    login = reverse("admin:login")
    for _ in range(5):
        response = client.post(login, {"username": username, "password": "wrong"})
    return Page("lock-out page", response)


def other_pages(world, clients, locked_username) -> list[Page]:
    coordinator, anon = clients["coordinator"], clients["anon"]
    apv = world["apv"].pk
    return [
        Page("login page, logged out", anon.get(reverse("admin:login"))),
        Page("dashboard", coordinator.get(reverse("dashboard:index"))),
        Page("dashboard on a wall screen", coordinator.get(reverse("dashboard:index") + "?wall=1")),
        Page("plotly.js", coordinator.get(reverse("dashboard:plotly-js"))),
        Page("report", coordinator.get(reverse("reports:report", args=[apv]))),
        Page("report as PDF", coordinator.get(reverse("reports:report-pdf", args=[apv]))),
        Page("compliance", coordinator.get(reverse("reports:compliance", args=[apv]))),
        Page("action plan CSV", coordinator.get(reverse("reports:action-plan-csv", args=[apv]))),
        Page("api docs", coordinator.get(reverse("api-docs"))),
        Page("api docs, logged out", anon.get(reverse("api-docs"))),
        Page("api docs' start script", coordinator.get(reverse("api-docs") + "?script=")),
        Page("api schema", coordinator.get(reverse("schema"))),
        Page("api list", coordinator.get("/api/v1/findings/", HTTP_ACCEPT="application/json")),
        Page("404 page", coordinator.get("/no-such-page/")),
        Page("404 page, logged out", anon.get("/no-such-page/")),
        Page("api 404", coordinator.get("/api/v1/no-such-list/")),
        Page(
            "403 page",
            coordinator.get(reverse("admin:django_celery_beat_periodictask_changelist")),
        ),
        Page("dashboard, logged out (to the login page)", anon.get(reverse("dashboard:index"))),
        lock_out_page(locked_username),
    ]


@pytest.fixture(scope="module")
def pages(module_world, module_org, django_db_blocker) -> list[Page]:
    """Every page fetched once for the module, inside its transaction (as the route matrix)."""
    world = module_world
    with django_db_blocker.unblock():
        org = load_org(module_org)
        superuser = UserFactory(username="csp-superuser", is_staff=True, is_superuser=True)
        clients = {**world["clients"], "superuser": client_for(superuser)}
        coordinator = caller(org, "coordinator")
        return (
            admin_pages(world, clients)
            + posted_pages(world, clients, coordinator)
            + other_pages(world, clients, locked_username=org.user("employee", "root").username)
        )


def by_label(pages, label) -> Page:
    return next(page for page in pages if page.label == label)


def test_the_finder_finds_every_kind_of_inline_script_and_style():
    html = """<html><head><style>p{}</style><script>alert(1)</script>
    <script type="application/json" id="data">{"a": 1}</script>
    <script src="/static/a.js"></script><script type="module">import "x";</script></head>
    <body><p style="color: red">x</p><a href="javascript:void(0)">y</a>
    <a href="/ok" onclick="go()">z</a><img src="/a.png" onerror="bad()"/></body></html>"""
    found = [what for _line, what in inline_in(html)]
    assert found == [
        "<style>",
        "<script> without src",
        "<script> without src",
        'style="color: red" on <p>',
        "href=javascript:void(0) on <a>",
        "onclick= on <a>",
        "onerror= on <img>",
    ]


def test_the_crawl_reaches_every_kind_of_page(pages):
    statuses = {page.label: page.response.status_code for page in pages}
    assert {
        label: statuses[label]
        for label in (
            "login page, logged out",
            "dashboard",
            "report",
            "compliance",
            "api docs",
            "404 page",
            "403 page",
            "lock-out page",
            "logged out",
            "login refused for its CSRF token",
            "finding add form with errors",
            "actions: change selected",
            "findings: delete selected",
            "django_celery_beat_periodictask_change (first) as superuser",
            "accounts_user_delete (team) as superuser",
        )
    } == {
        "login page, logged out": 200,
        "dashboard": 200,
        "report": 200,
        "compliance": 200,
        "api docs": 200,
        "404 page": 404,
        "403 page": 403,
        "lock-out page": 429,
        "logged out": 200,
        "login refused for its CSRF token": 403,
        "finding add form with errors": 200,
        "actions: change selected": 200,
        "findings: delete selected": 200,
        "django_celery_beat_periodictask_change (first) as superuser": 200,
        "accounts_user_delete (team) as superuser": 200,
    }
    html_pages = [page for page in pages if page.is_html and page.response.status_code == 200]
    assert len(html_pages) > 120


def test_every_response_carries_the_content_security_policy(pages):
    # The dashboard adds plotly's hashes (apps/dashboard/views.py); every other page has the
    # site's policy as it stands.
    # An attachment's download adds a sandbox (apps/attachments/downloads.py).
    expected = {
        page.label: POLICY | PLOTLY_STYLES
        if page.label in DASHBOARD
        else POLICY | {"sandbox": []}
        if page.label.startswith("attachments_attachment_download")
        else POLICY
        for page in pages
    }
    actual = {page.label: policy_of(page.response) for page in pages}
    assert {label: policy for label, policy in actual.items() if policy != expected[label]} == {}


def test_no_policy_allows_inline_code_or_eval(pages):
    allowed = {
        page.label: [
            value
            for values in policy_of(page.response).values()
            for value in values
            if value in ("'unsafe-inline'", "'unsafe-eval'") or value.startswith("'nonce-")
        ]
        for page in pages
    }
    assert {label: values for label, values in allowed.items() if values} == {}


def test_the_dashboard_allows_plotly_styles_by_hash_only(pages):
    policy = policy_of(by_label(pages, "dashboard").response)
    assert policy["style-src"] == ["'self'"]
    for directive in ("style-src-elem", "style-src-attr"):
        hashes = [value for value in policy[directive] if value.startswith("'sha256-")]
        others = set(policy[directive]) - set(hashes)
        assert len(hashes) >= 1
        assert others <= {"'self'", "'unsafe-hashes'"}
    assert "'self'" not in policy["style-src-attr"]


def test_every_response_carries_the_permissions_policy(pages):
    def features(response) -> dict[str, str]:
        parts = response.get("Permissions-Policy", "").split(",")
        return dict(part.strip().split("=", 1) for part in parts if "=" in part)

    missing = {
        page.label: features(page.response)
        for page in pages
        if any(features(page.response).get(feature) != "()" for feature in FEATURES_OFF)
    }
    assert missing == {}


def test_no_page_has_inline_script_or_style(pages):
    inline = {
        page.label: found for page in pages if page.is_html and (found := inline_in(page.html))
    }
    assert inline == {}


def test_the_server_error_page_has_no_inline_script_or_style():
    # Rendered without a request when something broke: no middleware to rely on but the page.
    assert inline_in(render_to_string("500.html")) == []


def test_a_refused_csrf_token_gets_our_danish_page(pages):
    page = by_label(pages, "login refused for its CSRF token")
    assert "Formularen kunne ikke sendes" in page.html


def test_the_pdf_has_the_report_stylesheet(pages):
    # The page footer ("Side 1 af 3") is drawn by report.css's @page rules: no stylesheet, no
    # footer.
    response = by_label(pages, "report as PDF").response
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert re.search(r"Side 1 af \d+", text)


def test_the_pdf_reads_static_files_from_disk_and_fetches_nothing_else(settings):
    fetcher = _static_files_fetcher()
    css = fetcher.fetch(f"http://testserver{settings.STATIC_URL}reports/report.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    for url in (
        "http://example.com/tracker.css",
        "http://testserver/admin/",
        f"http://testserver{settings.STATIC_URL}reports/missing.css",
        f"file://{settings.BASE_DIR}/apvtracker/settings/base.py",
    ):
        with pytest.raises(ValueError, match="Not fetched for a PDF"):
            fetcher.fetch(url)


def test_the_api_docs_load_no_validator_badge(pages):
    # Swagger UI's badge would load an image from swagger.io with our schema's address.
    script = by_label(pages, "api docs' start script").response.content.decode()
    assert '"validatorUrl": null' in script
