"""The admin as a daily tool, in headless Chromium: the AMR logs a finding from the start page
on a phone, the leader posts a status update with a note, and the pages people work on pass
axe-core with no serious or critical violations.

The interactions are counted (a click, a tap or a field filled is one): logging a finding takes
at most seven after login. Database checks run in a thread of their own, because Playwright's
sync API runs an event loop in the test's thread.
"""

import pytest
from django.urls import reverse

from apps.findings.models import Finding
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory, factor

from .conftest import LAPTOP, PHONE, Steps, in_thread, log_in, screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def team_apv(org):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation", title="APV Solsikken 2026")
    finding = FindingFactory(
        assessment=apv, title="Travlhed", status="confirmed", severity=3, extent=3, causes="Vagter"
    )
    action = ActionFactory(
        finding=finding, owner=org.user("leader", "team"), title="Fast vikarpulje"
    )
    return {"apv": apv.pk, "action": action.pk, "noise": factor("stoej").pk}


def test_the_amr_logs_a_finding_from_the_start_page_on_a_phone(org, team_apv, live_server, browser):
    context = browser.new_context(viewport=PHONE, locale="da-DK")
    page = context.new_page()
    log_in(page, live_server.url, "amr_team")
    steps = Steps(page)
    steps.click("a.apv-primary")  # Nyt fund
    steps.fill("#id_title", "Larm i puderummet")
    steps.select("#id_factor", str(team_apv["noise"]))
    steps.click("label[for=id_severity_2]")
    steps.click("label[for=id_extent_1]")
    steps.click("input[name=_save]")
    page.wait_for_url(f"**/admin/assessments/assessment/{team_apv['apv']}/change/")
    assert "Larm i puderummet" in page.content()
    screenshot(page, "finding-logged-phone")
    assert steps.count <= 7

    finding = in_thread(
        lambda: Finding.objects.values(
            "assessment_id", "kind", "severity", "extent", "factor__code", "reported_by__username"
        ).get(title="Larm i puderummet")
    )
    assert finding == {
        "assessment_id": team_apv["apv"],
        "kind": "risk",
        "severity": 3,
        "extent": 2,
        "factor__code": "stoej",
        "reported_by__username": "amr_team",
    }
    context.close()


def test_the_factor_is_found_by_the_words_people_use(org, team_apv, live_server, browser):
    page = browser.new_context(viewport=PHONE, locale="da-DK").new_page()
    log_in(page, live_server.url, "amr_team")
    page.goto(f"{live_server.url}{reverse('admin:findings_finding_add')}")
    page.fill("input.apv-factor-search", "pause")
    shown = page.eval_on_selector_all(
        "select.apv-factor option:not([hidden])", "options => options.map(o => o.text)"
    )
    assert "Arbejdstempo" in shown and "Støj" not in shown
    page.fill("input.apv-factor-search", "støj")
    assert page.eval_on_selector("select.apv-factor", "s => s.selectedOptions[0].text") == "Støj"


def test_the_leader_posts_a_status_update_with_a_note(org, team_apv, live_server, browser):
    context = browser.new_context(viewport=LAPTOP, locale="da-DK")
    page = context.new_page()
    log_in(page, live_server.url, "leader_team")
    steps = Steps(page)
    steps.click("text=Fast vikarpulje")
    steps.select("#id_status", "in_progress")
    steps.fill("#id_progress", "40")
    steps.fill("#id_note", "To vikarer er ansat")
    steps.click(".apv-update-form input[type=submit]")
    page.wait_for_url(f"**/admin/actions/action/{team_apv['action']}/change/")
    updates = page.get_by_role("region", name="Statusopdateringer")
    assert "To vikarer er ansat" in updates.inner_text()
    assert steps.count <= 5
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_pages_people_work_on_pass_axe(org, team_apv, live_server, browser, viewport):
    page = browser.new_context(viewport=viewport, locale="da-DK").new_page()
    log_in(page, live_server.url, "amr_team")
    pages = {
        "start": reverse("admin:index"),
        "apv": reverse("admin:assessments_assessment_change", args=[team_apv["apv"]]),
        "add-finding": reverse("admin:findings_finding_add"),
        "action": reverse("admin:actions_action_change", args=[team_apv["action"]]),
        "approval": reverse("admin:assessments_assessment_approve_plan", args=[team_apv["apv"]]),
        "add-communication": reverse("admin:communications_communication_add"),
        "findings": reverse("admin:findings_finding_changelist"),
    }
    found = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{name}-{viewport['width']}")
        violations = serious_violations(page)
        if violations:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert found == {}
