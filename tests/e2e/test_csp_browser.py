"""The Content-Security-Policy in headless Chromium: the dashboard (plotly.js charts), the APV
report, an admin change page and the API documentation raise no violation of the policy (the
browser's `securitypolicyviolation` events and its console) nor a complaint about the
Permissions-Policy, and still render: the charts drawn and laid out by plotly's own style rules,
the report in its stylesheet, the admin in its theme.
"""

import pytest

from tests.admin.world import build_world

from .conftest import LAPTOP, RECORD_VIOLATIONS, Complaints, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def pages(org):
    """One of everything in the team's APV; the root's coordinator (staff, as the admin's login
    asks) sees it all."""
    world = build_world(org)
    coordinator = org.user("coordinator", "root")
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    return {
        "username": coordinator.username,
        "dashboard": "/dashboard/",
        "report": f"/reports/assessments/{world['apv'].pk}/",
        "admin": f"/admin/findings/finding/{world['public'].pk}/change/",
        "api_docs": "/api/docs/",
    }


def style_of(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"(el) => getComputedStyle(el).{prop}")


def test_the_pages_run_under_the_policy(pages, live_server, browser):
    # No ORM call from here on: Playwright's sync API runs an event loop in this thread.
    context = browser.new_context(viewport=LAPTOP, locale="da-DK")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    complaints = Complaints(page)
    log_in(page, live_server.url, pages["username"], password="demo-password")
    found = {"login": complaints.take(page)}

    page.goto(live_server.url + pages["dashboard"])
    page.wait_for_selector("body[data-loaded=true]")
    page.wait_for_load_state("networkidle")
    found["dashboard"] = complaints.take(page)
    # Drawn: bars in the charts, and laid out by plotly's own rules (its SVG layers stacked, not
    # one below the other), which it adds to a stylesheet of its own through the CSSOM.
    assert page.locator("#chart-actions .bars path").count() > 0, found
    assert page.locator("#chart-heatmap .hm image").count() > 0, found
    assert page.locator("#chart-survey .hm image").count() > 0, found  # the world's survey
    assert style_of(page, "#chart-phases .main-svg", "position") == "absolute", found
    tops = page.eval_on_selector_all(
        "#chart-phases .main-svg", "(layers) => layers.map((l) => l.getBoundingClientRect().top)"
    )
    assert len(tops) >= 2 and len(set(tops)) == 1, found
    screenshot(page, "csp-dashboard")

    page.goto(live_server.url + pages["report"])
    page.wait_for_load_state("networkidle")
    found["report"] = complaints.take(page)
    assert "DejaVu Sans" in style_of(page, "body", "fontFamily"), found
    assert style_of(page, "th", "backgroundColor") == "rgb(238, 238, 238)", found
    screenshot(page, "csp-report")

    page.goto(live_server.url + pages["admin"])
    page.wait_for_selector("#finding_form")
    page.wait_for_load_state("networkidle")
    # The autocomplete (select2) builds its widgets in the page: open one.
    page.locator(".field-handlers .select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    found["admin"] = complaints.take(page)
    assert style_of(page, "#header", "display") == "flex", found
    assert page.locator(".select2-container").count() > 0, found
    page.evaluate("window.scrollTo(0, 0)")  # the sidebar sticks where the page was scrolled
    screenshot(page, "csp-admin")

    page.goto(live_server.url + pages["api_docs"])
    page.wait_for_selector(".swagger-ui .opblock")
    page.wait_for_load_state("networkidle")
    found["api_docs"] = complaints.take(page)
    assert style_of(page, "body", "backgroundColor") == "rgb(250, 250, 250)", found

    context.close()
    assert found == {"login": [], "dashboard": [], "report": [], "admin": [], "api_docs": []}
