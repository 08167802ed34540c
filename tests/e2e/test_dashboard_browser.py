"""The MED dashboard in headless Chromium: a MED member logs in through the admin, reads the
same numbers as the API gives them, clicks through to the overdue list, and the page passes
axe-core with no serious or critical violations."""

import pytest

# The hand-counted fixture of the dashboard API tests.
from tests.dashboard.conftest import numbers  # noqa: F401

from .conftest import ARTIFACTS, serious_violations


@pytest.fixture
def med(org):
    """A MED member of the department. The admin's login form lets in staff only; the demo
    data makes every user staff too."""
    user = org.user("med", "dept")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def number(page, testid) -> int:
    return int(page.get_by_test_id(testid).inner_text().strip())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_med_member_reads_the_dashboard(org, numbers, med, live_server, browser):  # noqa: F811
    # No ORM call from here on: Playwright's sync API runs an event loop in this thread.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="da-DK")
    page = context.new_page()

    # Log in through the admin's own form, then open the dashboard.
    page.goto(f"{live_server.url}/dashboard/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", med.username)
    page.fill("#id_password", "demo-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.wait_for_selector("body[data-loaded=true]")

    # The page's numbers are the API's, read with the same session.
    def api(panel):
        response = context.request.get(f"{live_server.url}/api/v1/dashboard/{panel}/")
        assert response.ok, response.text()
        return response.json()

    summary, units, heatmap, overdue = api("summary"), api("units"), api("heatmap"), api("overdue")
    assert number(page, "kpi-overdue") == summary["overdue_actions"] == 2
    assert number(page, "kpi-revisions") == summary["revisions_due_90_days"]
    assert summary["revisions_due_90_days"] == api("revisions")["count"]
    assert number(page, "kpi-risks") == heatmap["totals"]["total"] == 4
    assert number(page, "heat-total") == heatmap["totals"]["total"]
    assert number(page, "heat-total-confidential") == heatmap["totals"]["by_domain"]["confidential"]
    for status, count in summary["actions_by_status"].items():
        assert number(page, f"actions-{status}") == count
    assert page.locator("[data-testid=table-units] tbody tr").count() == len(units)
    for row in units:
        assert number(page, f"unit-overdue-{row['unit']}") == row["overdue_actions"]
    assert page.locator("[data-testid=table-overdue] tbody tr").count() == overdue["count"] == 1
    # The confidential finding counts, but nothing on the page names it.
    assert "Fund" not in page.get_by_test_id("table-overdue").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-wall.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.reload()
    page.wait_for_selector("body[data-loaded=true]")
    page.screenshot(path=str(ARTIFACTS / "dashboard-laptop.png"), full_page=True)

    # Accessibility: no serious or critical axe-core violations.
    assert serious_violations(page) == []

    # The unit picker narrows every number to the subtree.
    page.select_option("#unit", str(org.sibling.pk))
    page.wait_for_selector("body[data-loaded=true]")
    assert number(page, "kpi-overdue") == 0
    assert "unit=" in page.url
    # A total over the picked subtree links to the API's list of that subtree.
    noise = page.get_by_test_id("heat-total-fysisk_og_andet")
    assert noise.inner_text() == "1"
    href = noise.get_attribute("href")
    assert f"/api/v1/findings/?unit={org.sibling.pk}" in href
    assert context.request.get(f"{live_server.url}{href}").json()["count"] == 1

    # From the overdue count through to its list: the admin's overdue actions the MED member
    # may see (the action of the confidential finding is not among them).
    page.select_option("#unit", "")
    page.wait_for_selector("body[data-loaded=true]")
    page.get_by_test_id("kpi-overdue").click()
    page.wait_for_url("**/admin/actions/action/?overdue=yes")
    listed = page.locator("#result_list tbody tr")
    assert listed.count() == overdue["count"]
    assert overdue["results"][0]["title"] in page.locator("#result_list").inner_text()
    # Let the last requests finish, so no server thread holds a database connection at teardown.
    page.wait_for_load_state("networkidle")
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_wall_screen_fits_one_1080p_screen(org, numbers, med, live_server, browser):  # noqa: F811
    page = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/dashboard/?wall=1")
    page.fill("#id_username", med.username)
    page.fill("#id_password", "demo-password")
    page.click("input[type=submit]")
    page.wait_for_selector("body.wall[data-loaded=true]")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    # Counts on whole-number axes; the overdue figure is marked because it is not zero.
    for chart in ("chart-actions", "chart-phases"):
        dtick = page.evaluate(f"document.getElementById('{chart}').layout.yaxis.dtick")
        assert dtick == int(dtick) >= 1
    assert page.locator(".kpis li.is-late").count() == 1
    # The team's plan waits for approval (prioritisation, not approved) and is listed.
    assert page.locator("[data-testid=table-approvals] tbody a").count() == 1
    assert "hentet kl." in page.locator("#status").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-wall-mode.png"))
    page.wait_for_load_state("networkidle")
