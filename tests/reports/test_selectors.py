"""compliance(): each legal element of DESIGN.md §4 met and unmet on small fixtures."""

import datetime

import pytest

from apps.reports.compliance import compliance
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    FindingFactory,
)
from tests.reports.conftest import CONFIDENTIAL_TITLE, TODAY

CODES = [
    "risk_assessment",
    "sickness_absence",
    "action_plan",
    "follow_up",
    "involvement",
    "plan_approval",
    "revision",
    "available",
]


def met(assessment, as_of=TODAY):
    return {e["code"]: e["met"] for e in compliance(assessment, as_of=as_of)}


def test_every_element_is_met_on_a_complete_apv(complete):
    elements = compliance(complete["apv"], as_of=TODAY)
    assert [e["code"] for e in elements] == CODES
    assert all(e["met"] for e in elements), elements
    assert all(e["label"] and e["detail"] for e in elements)


def test_details_never_quote_a_finding(complete):
    for element in compliance(complete["apv"], as_of=TODAY):
        assert CONFIDENTIAL_TITLE not in element["detail"]
        assert complete["workload"].title not in element["detail"]


def test_a_fresh_apv_meets_only_the_clock(org):
    apv = AssessmentFactory(unit=org.team, started_on=TODAY, next_revision_due=None)
    assert met(apv) == {code: code == "revision" for code in CODES}


def test_risk_assessment_needs_findings_or_a_statement_and_a_dialogue(org):
    apv = AssessmentFactory(unit=org.team)
    DialogueFactory(assessment=apv, forum="team_meeting")
    assert met(apv)["risk_assessment"] is False
    apv.no_findings_statement = "Kortlægningen viste intet at handle på."
    assert met(apv)["risk_assessment"] is True


def test_risk_assessment_unmet_while_a_finding_is_open_or_no_dialogue(complete):
    apv = complete["apv"]
    FindingFactory(assessment=apv, status="open")
    assert met(apv)["risk_assessment"] is False
    apv.findings.filter(status="open").update(status="dismissed")
    apv.dialogues.all().delete()
    assert met(apv)["risk_assessment"] is False


def test_sickness_absence_note(complete):
    apv = complete["apv"]
    apv.sickness_absence_note = "  "
    assert met(apv)["sickness_absence"] is False


def test_action_plan_needs_severity_extent_causes_and_an_owned_dated_action(complete):
    apv = complete["apv"]
    finding = FindingFactory(assessment=apv, status="confirmed", priority=3)
    assert met(apv)["action_plan"] is False  # no severity, extent, causes, action
    finding.severity, finding.extent, finding.causes = 2, 2, "Støj"
    finding.save()
    assert met(apv)["action_plan"] is False  # still no action
    ActionFactory(finding=finding, owner=None)
    assert met(apv)["action_plan"] is False  # an action without an owner is no plan
    ActionFactory(finding=finding)
    assert met(apv)["action_plan"] is True


def test_follow_up_needs_every_done_action_evaluated(complete):
    apv = complete["apv"]
    ActionFactory(
        finding=complete["workload"], status="done", completed_on=datetime.date(2026, 6, 1)
    )
    assert met(apv)["follow_up"] is False


def test_follow_up_unmet_before_any_evaluation(complete):
    apv = complete["apv"]
    complete["done"].evaluations.all().delete()
    complete["done"].status, complete["done"].completed_on = "in_progress", None
    complete["done"].save()
    assert met(apv)["follow_up"] is False


def test_follow_up_unmet_when_a_new_action_was_decided_but_not_made(complete):
    evaluation = complete["done"].evaluations.get()
    evaluation.decision = "new_action"
    evaluation.save()
    assert met(complete["apv"])["follow_up"] is False


def test_involvement_needs_a_dialogue_in_amo_or_med(complete):
    apv = complete["apv"]
    apv.dialogues.update(forum="team_meeting")
    assert met(apv)["involvement"] is False
    apv.dialogues.update(forum="amo")
    assert met(apv)["involvement"] is True


def test_plan_approval_says_who_when_and_where(complete):
    element = {e["code"]: e for e in compliance(complete["apv"], as_of=TODAY)}["plan_approval"]
    assert "01.03.2026" in element["detail"]
    assert complete["org"].user("amr", "team").get_full_name() in element["detail"]
    assert "MED" in element["detail"]
    apv = complete["apv"]
    apv.plan_approved_at = None
    assert met(apv)["plan_approval"] is False


@pytest.mark.parametrize(
    ("due", "expected"),
    [(datetime.date(2026, 11, 26), True), (datetime.date(2026, 11, 25), False)],
)
def test_the_three_year_clock(complete, due, expected):
    apv = complete["apv"]
    apv.next_revision_due = due
    assert met(apv)["revision"] is expected


def test_the_clock_falls_back_to_three_years_after_the_start(org):
    apv = AssessmentFactory(
        unit=org.team, started_on=datetime.date(2023, 11, 1), next_revision_due=None
    )
    assert met(apv)["revision"] is False


def test_available_to_employees_needs_a_published_communication(complete):
    apv = complete["apv"]
    apv.communications.update(published_at=None)
    assert met(apv)["available"] is False
    CommunicationFactory(assessment=apv, published_at=None)
    assert met(apv)["available"] is False


def status(assessment, code, as_of=TODAY):
    return next(e for e in compliance(assessment, as_of=as_of) if e["code"] == code)


def test_open_findings_and_no_actions_meet_neither_plan_nor_follow_up(org):
    """The "Ja — 0 tiltag" of before: nothing is in place, so nothing is met."""
    apv = AssessmentFactory(unit=org.team)
    FindingFactory(assessment=apv, kind="risk", status="open")
    FindingFactory(assessment=apv, kind="risk", status="open")
    plan, follow_up = status(apv, "action_plan"), status(apv, "follow_up")
    assert (plan["status"], plan["met"]) == ("not_met", False)
    assert plan["detail"] == (
        "Risikovurderingen er ikke færdig: 2 fund er endnu ikke vurderet, så planen kan ikke "
        "være komplet."
    )
    assert (follow_up["status"], follow_up["detail"]) == (
        "not_met",
        "Der er ingen tiltag at følge op på endnu.",
    )


def test_no_plan_is_needed_where_every_risk_was_dismissed(org):
    apv = AssessmentFactory(unit=org.team)
    FindingFactory(assessment=apv, kind="risk", status="dismissed")
    FindingFactory(assessment=apv, kind="resource", status="confirmed")
    for code in ("action_plan", "follow_up", "plan_approval"):
        element = status(apv, code)
        assert (element["status"], element["met"]) == ("not_applicable", None), element


def test_follow_up_is_not_met_before_an_action_is_done(org):
    apv = AssessmentFactory(unit=org.team)
    risk = FindingFactory(
        assessment=apv, kind="risk", status="confirmed", severity=2, extent=2, causes="Travlhed"
    )
    ActionFactory(finding=risk, status="in_progress")
    assert status(apv, "action_plan")["status"] == "met"
    assert status(apv, "action_plan")["detail"] == (
        "1 tiltag for 1 bekræftet risiko, med hvem og hvornår."
    )
    follow_up = status(apv, "follow_up")
    assert (follow_up["status"], follow_up["detail"]) == (
        "not_met",
        "Ingen tiltag er gennemført endnu.",
    )


def test_the_compliance_page_says_not_applicable(org, client):
    from tests.admin_helpers import client_for

    apv = AssessmentFactory(unit=org.team)
    FindingFactory(assessment=apv, kind="risk", status="dismissed")
    page = client_for(org.user("amr", "team")).get(f"/reports/assessments/{apv.pk}/compliance/")
    assert '<span class="not-applicable">Ikke relevant</span>' in page.content.decode()


def test_an_action_marked_as_prevention_reads_so_in_the_report(org):
    from rest_framework.test import APIClient

    from tests.admin_helpers import client_for

    apv = AssessmentFactory(unit=org.team)
    risk = FindingFactory(assessment=apv, kind="risk", status="confirmed")
    action = ActionFactory(finding=risk, title="Fast pause kl. 14")
    api = APIClient()
    api.force_authenticate(org.user("leader", "team"))
    response = api.patch(f"/api/v1/actions/{action.pk}/", {"approach": "prevention"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["approach"] == "prevention"
    report = client_for(org.user("amr", "team")).get(f"/reports/assessments/{apv.pk}/")
    assert 'Fast pause kl. 14 <span class="muted">(forebyggelse)</span>' in report.content.decode()


def test_the_round_is_evaluated_as_a_whole_in_the_report(org):
    from rest_framework.test import APIClient

    from tests.admin_helpers import client_for

    apv = AssessmentFactory(unit=org.team, phase="follow_up")
    api = APIClient()
    api.force_authenticate(org.user("amr", "team"))
    answers = {"went_well": "Pauserne holder.", "to_strengthen": "Introduktion af nye kolleger."}
    response = api.patch(f"/api/v1/assessments/{apv.pk}/", answers, format="json")
    assert response.status_code == 200, response.content
    page = client_for(org.user("employee", "team")).get(f"/reports/assessments/{apv.pk}/")
    html = page.content.decode()
    assert '<dt>Hvad lykkes vi godt med?</dt><dd class="pre">Pauserne holder.</dd>' in html
    assert "<dt>Hvad kan vi med fordel styrke?</dt>" in html
    assert "Introduktion af nye kolleger." in html
