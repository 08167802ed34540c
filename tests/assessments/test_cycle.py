"""The guards of the APV cycle (DESIGN.md §5): each one met and unmet, by its code."""

import datetime

import pytest
from django.utils import timezone, translation

from apps.assessments import cycle
from apps.assessments.cycle import next_phase, readiness, unmet_conditions
from apps.assessments.models import Phase
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 5, 1)


def codes(assessment, to=None):
    """The codes of what stands between `assessment` and `to` (the next phase by default)."""
    return [u.code for u in unmet_conditions(assessment, to or next_phase(assessment.phase))]


def done_action(finding, **fields):
    return ActionFactory(finding=finding, status="done", progress=100, completed_on=TODAY, **fields)


def complete_risk(assessment, **fields):
    """A confirmed risk finding with everything the prioritisation guard asks for."""
    values = {
        "kind": "risk",
        "status": "confirmed",
        "severity": 3,
        "extent": 2,
        "causes": "For få hænder",
        "priority": 1,
        **fields,
    }
    return FindingFactory(assessment=assessment, **values)


def approved(**fields):
    return AssessmentFactory(
        phase=Phase.PRIORITISATION,
        sickness_absence_note="Ingen sammenhæng med sygefraværet",
        plan_approved_at=timezone.now(),
        plan_approved_by=UserFactory(),
        plan_approval_forum="med",
        **fields,
    )


# identification → involvement


def test_identification_without_findings_or_statement_is_unmet():
    assert codes(AssessmentFactory()) == ["no_findings"]


def test_identification_with_a_finding_is_met():
    assessment = AssessmentFactory()
    FindingFactory(assessment=assessment)
    assert codes(assessment) == []


def test_identification_with_a_no_findings_statement_is_met():
    assessment = AssessmentFactory(no_findings_statement="Undersøgelsen viste intet at handle på")
    assert codes(assessment) == []


def test_identification_blank_statement_does_not_count():
    assessment = AssessmentFactory(no_findings_statement="   \n")
    assert codes(assessment) == ["no_findings"]


# involvement → prioritisation


def test_involvement_without_dialogue_is_unmet():
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    FindingFactory(assessment=assessment, status="confirmed")
    assert codes(assessment) == ["no_dialogue"]


def test_involvement_with_open_finding_is_unmet():
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    DialogueFactory(assessment=assessment)
    FindingFactory(assessment=assessment, status="confirmed")
    FindingFactory(assessment=assessment, status="open")
    assert codes(assessment) == ["findings_open"]


def test_involvement_reports_both_dialogue_and_open_findings():
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    FindingFactory(assessment=assessment, status="open")
    assert codes(assessment) == ["no_dialogue", "findings_open"]


@pytest.mark.parametrize("status", ["confirmed", "dismissed", "resolved"])
def test_involvement_counts_confirmed_dismissed_and_resolved_as_not_open(status):
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    DialogueFactory(assessment=assessment)
    FindingFactory(assessment=assessment, status=status)
    assert codes(assessment) == []


def test_involvement_open_findings_message_gives_the_count():
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    DialogueFactory(assessment=assessment)
    FindingFactory.create_batch(3, assessment=assessment, status="open")
    [unmet] = unmet_conditions(assessment, Phase.PRIORITISATION)
    assert "3" in unmet.message


def test_involvement_ignores_other_assessments():
    assessment = AssessmentFactory(phase=Phase.INVOLVEMENT)
    DialogueFactory(assessment=assessment)
    FindingFactory(status="open")  # in another APV
    DialogueFactory()  # in another APV
    assert codes(assessment) == []
    assert codes(AssessmentFactory(phase=Phase.INVOLVEMENT)) == ["no_dialogue"]


# prioritisation → communication


def test_prioritisation_complete_plan_is_met():
    assessment = approved()
    finding = complete_risk(assessment)
    ActionFactory(finding=finding)
    assert codes(assessment) == []


def test_prioritisation_without_sickness_absence_note_is_unmet():
    assessment = approved()
    assessment.sickness_absence_note = "  "
    assessment.save()
    ActionFactory(finding=complete_risk(assessment))
    assert codes(assessment) == ["sickness_absence_note_missing"]


@pytest.mark.parametrize(
    "missing", [{"severity": None}, {"extent": None}, {"causes": ""}], ids=lambda m: next(iter(m))
)
@pytest.mark.parametrize("status", ["confirmed", "resolved"])
def test_prioritisation_risk_finding_lacking_assessment_is_unmet(status, missing):
    assessment = approved()
    ActionFactory(finding=complete_risk(assessment, status=status, **missing))
    assert codes(assessment) == ["risk_assessment_incomplete"]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "resource", "status": "confirmed"},
        {"kind": "resource", "status": "resolved"},
        {"kind": "risk", "status": "dismissed"},
    ],
    ids=["confirmed resource", "resolved resource", "dismissed risk"],
)
def test_prioritisation_does_not_ask_risk_assessment_of_resources_or_dismissed(fields):
    assessment = approved()
    FindingFactory(assessment=assessment, severity=None, extent=None, causes="", **fields)
    assert codes(assessment) == []


def test_prioritisation_resolved_risk_needs_no_priority_or_action():
    assessment = approved()
    complete_risk(assessment, status="resolved", priority=None)
    assert codes(assessment) == []


def test_prioritisation_confirmed_risk_without_priority_is_unmet():
    assessment = approved()
    ActionFactory(finding=complete_risk(assessment, priority=None))
    assert codes(assessment) == ["priority_missing"]


def test_prioritisation_confirmed_risk_without_action_is_unmet():
    assessment = approved()
    complete_risk(assessment)
    assert codes(assessment) == ["action_missing"]


def test_prioritisation_cancelled_action_does_not_count():
    assessment = approved()
    ActionFactory(finding=complete_risk(assessment), status="cancelled")
    assert codes(assessment) == ["action_missing"]


def test_prioritisation_action_without_owner_does_not_count():
    assessment = approved()
    ActionFactory(finding=complete_risk(assessment), owner=None)
    assert codes(assessment) == ["action_missing"]


def test_prioritisation_action_without_due_date_does_not_count():
    assessment = approved()
    ActionFactory(finding=complete_risk(assessment), due_on=None)
    assert codes(assessment) == ["action_missing"]


def test_prioritisation_action_on_another_finding_does_not_count():
    assessment = approved()
    complete_risk(assessment)
    ActionFactory(finding=complete_risk(assessment, priority=2))
    assert codes(assessment) == ["action_missing"]


def test_prioritisation_one_planned_action_beside_a_cancelled_one_is_enough():
    assessment = approved()
    finding = complete_risk(assessment)
    ActionFactory(finding=finding, status="cancelled")
    ActionFactory(finding=finding)
    assert codes(assessment) == []


def test_prioritisation_unapproved_plan_is_unmet():
    assessment = AssessmentFactory(
        phase=Phase.PRIORITISATION, sickness_absence_note="Ingen sammenhæng"
    )
    ActionFactory(finding=complete_risk(assessment))
    assert codes(assessment) == ["plan_not_approved"]


def test_prioritisation_reports_every_missing_condition_at_once():
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION)
    FindingFactory(assessment=assessment, kind="risk", status="confirmed")
    assert codes(assessment) == [
        "sickness_absence_note_missing",
        "risk_assessment_incomplete",
        "priority_missing",
        "action_missing",
        "plan_not_approved",
    ]


# communication → follow_up


def test_communication_without_any_communication_is_unmet():
    assert codes(AssessmentFactory(phase=Phase.COMMUNICATION)) == ["no_published_communication"]


def test_communication_draft_does_not_count():
    assessment = AssessmentFactory(phase=Phase.COMMUNICATION)
    CommunicationFactory(assessment=assessment, published_at=None)
    assert codes(assessment) == ["no_published_communication"]


def test_communication_published_message_is_met():
    assessment = AssessmentFactory(phase=Phase.COMMUNICATION)
    CommunicationFactory(assessment=assessment, published_at=timezone.now())
    assert codes(assessment) == []


def test_communication_published_in_an_earlier_phase_counts():
    assessment = AssessmentFactory(phase=Phase.IDENTIFICATION)
    CommunicationFactory(assessment=assessment, published_at=timezone.now())
    assessment.phase = Phase.COMMUNICATION
    assert codes(assessment) == []


def test_communication_of_another_assessment_does_not_count():
    CommunicationFactory(published_at=timezone.now())
    assert codes(AssessmentFactory(phase=Phase.COMMUNICATION)) == ["no_published_communication"]


# follow_up → closed


@pytest.fixture
def follow_up():
    return AssessmentFactory(phase=Phase.FOLLOW_UP)


@pytest.fixture
def finding(follow_up):
    return complete_risk(follow_up)


def test_follow_up_without_actions_is_met(follow_up):
    assert codes(follow_up) == []


def test_follow_up_evaluated_and_cancelled_actions_are_met(follow_up, finding):
    EvaluationFactory(action=done_action(finding), decision="keep")
    ActionFactory(finding=finding, status="cancelled")
    assert codes(follow_up) == []


@pytest.mark.parametrize("status", ["planned", "in_progress"])
def test_follow_up_unfinished_action_is_unmet(follow_up, finding, status):
    ActionFactory(finding=finding, status=status)
    assert codes(follow_up) == ["actions_not_finished"]


def test_follow_up_done_action_without_evaluation_is_unmet(follow_up, finding):
    done_action(finding)
    assert codes(follow_up) == ["evaluation_missing"]


def test_follow_up_cancelled_action_needs_no_evaluation(follow_up, finding):
    ActionFactory(finding=finding, status="cancelled")
    assert codes(follow_up) == []


def test_follow_up_ignores_actions_of_other_assessments(follow_up):
    ActionFactory(status="planned")
    done_action(FindingFactory())
    assert codes(follow_up) == []


def _new_action_evaluation(action, at, **fields):
    return EvaluationFactory(action=action, decision="new_action", created_at=at, **fields)


NOON = datetime.datetime(2025, 5, 1, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def test_follow_up_new_action_decision_without_new_action_is_unmet(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    _new_action_evaluation(action, NOON)
    assert codes(follow_up) == ["new_action_missing"]


def test_follow_up_new_action_created_after_the_evaluation_is_met(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    _new_action_evaluation(action, NOON)
    EvaluationFactory(action=done_action(finding, created_at=NOON + HOUR), decision="keep")
    assert codes(follow_up) == []


def test_follow_up_action_created_before_the_evaluation_does_not_count(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    EvaluationFactory(action=done_action(finding, created_at=NOON - HOUR), decision="keep")
    _new_action_evaluation(action, NOON)
    assert codes(follow_up) == ["new_action_missing"]


def test_follow_up_new_action_on_another_finding_does_not_count(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    _new_action_evaluation(action, NOON)
    other = complete_risk(follow_up, priority=2)
    EvaluationFactory(action=done_action(other, created_at=NOON + HOUR), decision="keep")
    assert codes(follow_up) == ["new_action_missing"]


def test_follow_up_only_the_latest_evaluation_counts(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    _new_action_evaluation(action, NOON - HOUR, evaluated_on=datetime.date(2025, 4, 1))
    EvaluationFactory(
        action=action, decision="keep", created_at=NOON, evaluated_on=datetime.date(2025, 5, 1)
    )
    assert codes(follow_up) == []


def test_follow_up_latest_new_action_decision_counts_over_an_earlier_keep(follow_up, finding):
    action = done_action(finding, created_at=NOON - 48 * HOUR)
    EvaluationFactory(
        action=action, decision="keep", created_at=NOON - HOUR, evaluated_on=TODAY.replace(day=1)
    )
    _new_action_evaluation(action, NOON, evaluated_on=TODAY.replace(day=2))
    assert codes(follow_up) == ["new_action_missing"]


def test_follow_up_new_action_decision_on_a_cancelled_action_still_needs_a_new_action(
    follow_up, finding
):
    action = ActionFactory(finding=finding, status="cancelled", created_at=NOON - 48 * HOUR)
    _new_action_evaluation(action, NOON)
    assert codes(follow_up) == ["new_action_missing"]


def test_follow_up_reports_every_missing_condition_at_once(follow_up, finding):
    before = NOON - 48 * HOUR
    ActionFactory(finding=finding, status="planned", created_at=before)
    done_action(finding, created_at=before)
    _new_action_evaluation(done_action(finding, created_at=before), NOON)
    assert codes(follow_up) == ["actions_not_finished", "evaluation_missing", "new_action_missing"]


# moves that are not guarded by the phase before


@pytest.mark.parametrize(
    "current,to",
    [
        (Phase.IDENTIFICATION, Phase.PRIORITISATION),
        (Phase.IDENTIFICATION, Phase.CLOSED),
        (Phase.COMMUNICATION, Phase.INVOLVEMENT),
        (Phase.INVOLVEMENT, Phase.INVOLVEMENT),
        (Phase.CLOSED, Phase.FOLLOW_UP),
        (Phase.CLOSED, Phase.IDENTIFICATION),
        (Phase.CLOSED, Phase.CLOSED),
    ],
)
def test_skipping_staying_or_leaving_closed_is_not_adjacent(current, to):
    assessment = AssessmentFactory(phase=current, no_findings_statement="Intet")
    assert codes(assessment, to) == ["not_adjacent"]


def test_backward_move_is_not_guarded():
    assessment = AssessmentFactory(phase=Phase.PRIORITISATION)
    FindingFactory(assessment=assessment, status="open")
    assert codes(assessment, Phase.INVOLVEMENT) == []


# readiness


def test_readiness_names_the_next_phase_and_what_is_missing():
    result = readiness(AssessmentFactory())
    assert result.next == Phase.INVOLVEMENT
    assert result.ready is False
    assert [u.code for u in result.unmet] == ["no_findings"]


def test_readiness_is_ready_when_nothing_is_missing():
    assessment = AssessmentFactory(phase=Phase.COMMUNICATION)
    CommunicationFactory(assessment=assessment, published_at=timezone.now())
    result = readiness(assessment)
    assert (result.next, result.ready, result.unmet) == (Phase.FOLLOW_UP, True, [])


def test_readiness_of_follow_up_points_to_closed():
    result = readiness(AssessmentFactory(phase=Phase.FOLLOW_UP))
    assert (result.next, result.ready) == (Phase.CLOSED, True)


def test_readiness_of_closed_is_never_ready_and_lists_nothing():
    result = readiness(AssessmentFactory(phase=Phase.CLOSED, closed_on=TODAY))
    assert (result.next, result.ready, result.unmet) == (None, False, [])
    assert result.as_dict() == {"next": None, "ready": False, "unmet": []}


def test_readiness_as_dict_gives_code_and_message():
    data = readiness(AssessmentFactory()).as_dict()
    assert data["next"] == "involvement"
    assert data["ready"] is False
    assert [set(u) for u in data["unmet"]] == [{"code", "message"}]
    assert data["unmet"][0]["code"] == "no_findings"


# messages


SECRET_TITLE = "Hemmeligt: Kirsten K. bliver mobbet af sin leder"
SECRET_DESCRIPTION = "Ved personalemødet 3. marts råbte lederen ad Kirsten K."

EVERY_CODE = {
    "no_findings",
    "no_dialogue",
    "findings_open",
    "sickness_absence_note_missing",
    "risk_assessment_incomplete",
    "priority_missing",
    "action_missing",
    "plan_not_approved",
    "no_published_communication",
    "actions_not_finished",
    "evaluation_missing",
    "new_action_missing",
    "not_adjacent",
}


def every_unmet():
    """Every unmet condition there is, with a confidential finding in each of them."""
    empty = AssessmentFactory()
    found = [*unmet_conditions(empty, Phase.INVOLVEMENT)]
    assessment = AssessmentFactory()
    secret = FindingFactory(
        assessment=assessment,
        title=SECRET_TITLE,
        description=SECRET_DESCRIPTION,
        causes="",
        confidential=True,
        kind="risk",
        status="open",
    )
    assessment.phase = Phase.INVOLVEMENT
    found += unmet_conditions(assessment, Phase.PRIORITISATION)
    secret.status = "confirmed"
    secret.save()
    assessment.phase = Phase.PRIORITISATION
    found += unmet_conditions(assessment, Phase.COMMUNICATION)
    assessment.phase = Phase.COMMUNICATION
    found += unmet_conditions(assessment, Phase.FOLLOW_UP)
    before = NOON - 48 * HOUR
    ActionFactory(finding=secret, title=SECRET_TITLE, status="planned", created_at=before)
    done_action(secret, title=SECRET_TITLE, created_at=before)
    _new_action_evaluation(done_action(secret, created_at=before), NOON, notes=SECRET_DESCRIPTION)
    assessment.phase = Phase.FOLLOW_UP
    found += unmet_conditions(assessment, Phase.CLOSED)
    assessment.phase = Phase.CLOSED
    found += unmet_conditions(assessment, Phase.FOLLOW_UP)
    assert {u.code for u in found} == EVERY_CODE
    return found


def test_messages_never_quote_a_confidential_finding():
    for unmet in every_unmet():
        assert SECRET_TITLE not in unmet.message
        assert "Kirsten" not in unmet.message
        assert SECRET_DESCRIPTION not in unmet.message


def test_messages_are_plain_non_empty_strings_in_the_active_language():
    for unmet in every_unmet():
        assert type(unmet.message) is str
        assert unmet.message.strip()
        assert unmet.message != unmet.code


def test_every_message_goes_through_translation(monkeypatch):
    monkeypatch.setattr(cycle, "_", lambda text: f"«{text}»")
    monkeypatch.setattr(
        cycle, "ngettext", lambda singular, plural, n: f"«{singular if n == 1 else plural}»"
    )
    for unmet in every_unmet():
        assert unmet.message.startswith("«"), unmet.code
        assert unmet.message.endswith("»"), unmet.code


def test_messages_follow_the_active_language(monkeypatch):
    seen = []

    def gettext(text):
        seen.append(translation.get_language())
        return text

    monkeypatch.setattr(cycle, "_", gettext)
    unmet_conditions(AssessmentFactory(), Phase.INVOLVEMENT)
    with translation.override("en"):
        unmet_conditions(AssessmentFactory(), Phase.INVOLVEMENT)
    assert seen == ["da", "en"]
