"""The MED dashboard in headless Chromium: a MED member logs in through the admin, reads the
same numbers as the API gives them (the survey's too, without the team too small to be shown;
the units without an APV and the APVs standing still; the newest round against its plan), clicks
through to the overdue list, and
the page passes axe-core with no serious or critical violations and raises no violation of the
Content-Security-Policy."""

import datetime

import pytest
from django.utils import timezone

from apps.assessments.models import Assessment, Round
from apps.surveys.services import survey_import

# The hand-counted fixture of the dashboard API tests.
from tests.dashboard.conftest import numbers  # noqa: F401
from tests.surveys.files import survey_rows_for

from .conftest import ARTIFACTS, PHONE, RECORD_VIOLATIONS, Complaints, serious_violations


@pytest.fixture
def med(org):
    """A MED member of the department. The admin's login form lets in staff only; the demo
    data makes every user staff too."""
    user = org.user("med", "dept")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def surveyed(org):
    """Two surveys, one import each (a re-import of a survey replaces it). 2026 on Arbejdstempo
    (a high score is the problem): the team's 6 at 70, the sibling's 2 at 30 and the
    department's own 5 at 50, so the department shows 13 and the team 6, while the sibling is
    too small to show. 2024: the team's 8 at 50 and the department's own 5 at 40."""
    earlier = survey_rows_for(
        {org.team: 8}, "Arbejdstempo", 50, "Trivselsmåling 2024", datetime.date(2024, 11, 6)
    )
    earlier += survey_rows_for(
        {org.dept: 5}, "Arbejdstempo", 40, "Trivselsmåling 2024", datetime.date(2024, 11, 6)
    )
    survey_import(earlier, by=None)
    latest = survey_rows_for({org.team: 6}, "Arbejdstempo", 70)
    latest += survey_rows_for({org.sibling: 2}, "Arbejdstempo", 30)
    latest += survey_rows_for({org.dept: 5}, "Arbejdstempo", 50)
    survey_import(latest, by=None)


@pytest.fixture
def standing_still(org, numbers):  # noqa: F811
    """The sibling's APV has been in its phase (follow-up) for 40 days: it stands still."""
    Assessment.objects.filter(unit=org.sibling).update(
        phase_entered_at=timezone.now() - datetime.timedelta(days=40)
    )


@pytest.fixture
def round_behind(org, numbers):  # noqa: F811
    """A round of the department with the team's and the sibling's APVs: the team, still
    prioritising three days after the date planned, is behind; the sibling's follow-up is not
    due yet. Returns the team's APV's id."""
    today = timezone.localdate()
    planned = {
        f"{phase}_by": today + datetime.timedelta(days=days)
        for phase, days in (
            ("identification", -60),
            ("involvement", -30),
            ("prioritisation", -3),
            ("communication", 30),
            ("follow_up", 90),
        )
    }
    started = Round.objects.create(
        title="APV 2026", unit=org.dept, started_on=today - datetime.timedelta(days=90), **planned
    )
    Assessment.objects.filter(unit__in=[org.team, org.sibling]).update(round=started)
    return Assessment.objects.get(unit=org.team).pk


def number(page, testid) -> int:
    return int(page.get_by_test_id(testid).inner_text().strip())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_med_member_reads_the_dashboard(
    org,
    numbers,  # noqa: F811
    surveyed,
    standing_still,
    round_behind,
    med,
    live_server,
    browser,
):
    # No ORM call from here on: Playwright's sync API runs an event loop in this thread.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="da-DK")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    complaints = Complaints(page)

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
    assert number(page, "kpi-concerns") == summary["open_concerns"]
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

    # The latest survey beside the one before: the team and the units above it, not the sibling
    # (2 respondents: they count in the department's figure).
    survey = api("survey-heatmap")
    shown = [org.root.pk, org.area.pk, org.dept.pk, org.team.pk]
    assert [row["unit"] for row in survey["rows"]] == shown
    assert page.locator("#trivsel-h").inner_text() == "Trivselsmåling 2026, 4. november 2026"
    assert page.locator("[data-testid=table-survey] tbody tr").count() == len(shown)
    team = page.get_by_test_id(f"survey-{org.team.pk}-arbejdstempo")
    assert team.inner_text().split() == ["70,0", "2024:", "50,0"]
    assert page.get_by_test_id(f"survey-{org.dept.pk}-arbejdstempo").inner_text().split() == [
        "56,2",
        "2024:",
        "46,2",
    ]
    assert page.get_by_test_id(f"survey-row-{org.sibling.pk}").count() == 0
    assert org.sibling.name not in page.get_by_test_id("survey-panel").inner_text()
    assert page.locator("#chart-survey .hm image").count() == 1
    assert page.locator("#chart-survey text", has_text="70 (2024: 50)").count() == 1
    # Coloured by how good it is: a high pace is a problem, so the team's 70 counts as 30.
    z = page.evaluate("document.getElementById('chart-survey').data[0].z[0]")
    assert z == pytest.approx([100 - 56.2] * 3 + [30])
    assert "færre end 5 besvarelser" in page.get_by_test_id("survey-panel").inner_text()

    # What stands still, then the units without an APV: the sibling's APV, 40 days in follow-up,
    # and the department, which has people of its own and no APV. The team's APV moves on. What
    # the panel is about is named first, then anything else the APV lacks.
    def cells(unit):
        return page.get_by_test_id(f"gaps-{unit.pk}").locator("th, td").all_inner_texts()

    gaps = context.request.get(
        f"{live_server.url}/api/v1/organisation/?gap=no_apv&gap=stalled&ordering=days_in_phase"
    ).json()
    assert [row["unit"] for row in gaps["results"]] == [org.sibling.pk, org.dept.pk]
    assert page.get_by_test_id("gaps-count").inner_text() == "(2)"
    rows = page.locator("[data-testid=table-gaps] tbody tr")
    assert rows.count() == 2
    assert rows.first.get_attribute("data-testid") == f"gaps-{org.sibling.pk}"
    sibling = cells(org.sibling)
    assert sibling[0] == org.sibling.name
    assert sibling[1].startswith("Står stille")
    assert sibling[2:] == ["Opfølgning", "40"]
    assert cells(org.dept) == [org.dept.name, "Ingen APV", "–", "–"]
    assert page.get_by_test_id("gaps-organisation").get_attribute("href") == "/admin/organisation/"

    # The newest round: its APVs per phase against the plan, and the team, behind it, linked to
    # its APV.
    def phase(name):
        return page.get_by_test_id(f"round-{name}").locator("th, td").all_inner_texts()

    assert page.locator("#runden-h").inner_text() == "Runden: APV 2026"
    assert phase("prioritisation")[:3] == ["Prioritering og handling", "1", "1"]
    assert phase("follow_up")[:3] == ["Opfølgning", "1", "0"]
    assert phase("closed") == ["Afsluttet", "0", "0", "–"]
    assert page.get_by_test_id("round-behind-count").inner_text() == "(1)"
    behind = page.get_by_test_id("round-behind").locator("li")
    assert behind.count() == 1
    assert behind.first.inner_text().startswith(f"{org.team.name} – Prioritering og handling")
    team_apv = page.get_by_test_id(f"round-behind-{round_behind}")
    assert team_apv.get_attribute("href") == f"/admin/assessments/assessment/{round_behind}/change/"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-wall.png"), full_page=True)
    # Each page load starts its own record of violations: take it before the next.
    found = complaints.take(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.reload()
    page.wait_for_selector("body[data-loaded=true]")
    page.screenshot(path=str(ARTIFACTS / "dashboard-laptop.png"), full_page=True)

    # Accessibility: no serious or critical axe-core violations.
    assert serious_violations(page) == []

    # On a phone the survey chart keeps to the screen (the table scrolls sideways in its box).
    found += complaints.take(page)
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("body[data-loaded=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("survey-panel").screenshot(
        path=str(ARTIFACTS / "dashboard-survey-phone.png")
    )
    page.set_viewport_size({"width": 1366, "height": 768})

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
    # The round is still the newest, over all the member may see (rounds are few), and says so.
    assert page.locator("#runden-h").inner_text() == "Runden: APV 2026"
    assert page.locator("#round-scope").is_visible()
    # The gaps panel lists the sibling alone: the department is above it.
    assert page.locator("[data-testid=table-gaps] tbody tr").count() == 1
    assert page.get_by_test_id("gaps-count").inner_text() == "(1)"
    # The survey panel too: nothing below the sibling may be shown on its own.
    assert (
        page.get_by_test_id("table-survey")
        .inner_text()
        .endswith("Ingen tal, der må vises, for det valgte område.")
    )

    # From the overdue count through to its list: the admin's overdue actions the MED member
    # may see (the action of the confidential finding is not among them).
    page.select_option("#unit", "")
    page.wait_for_selector("body[data-loaded=true]")
    found += complaints.take(page)
    page.get_by_test_id("kpi-overdue").click()
    page.wait_for_url("**/admin/actions/action/?overdue=yes")
    listed = page.locator("#result_list tbody tr")
    assert listed.count() == overdue["count"]
    assert overdue["results"][0]["title"] in page.locator("#result_list").inner_text()
    # Let the last requests finish, so no server thread holds a database connection at teardown.
    page.wait_for_load_state("networkidle")
    context.close()
    # Nothing the dashboard drew (both heatmaps and the round's stacked bars, at three sizes)
    # broke the Content-Security-Policy.
    assert found == []


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
    # No survey yet: the survey panel says so instead of a chart (the wall leaves it out).
    assert page.locator("#survey-none").get_attribute("hidden") is None
    assert page.locator("#survey-content").get_attribute("hidden") is not None
    # Nor is there room for the units without an APV: the admin's organisation page has them.
    assert not page.get_by_test_id("gaps-panel").is_visible()
    assert not page.get_by_test_id("round-panel").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-wall-mode.png"))
    page.wait_for_load_state("networkidle")
