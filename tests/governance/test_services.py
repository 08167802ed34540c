"""The rules of the governance services: a change is answered once, both ways; the TRIO's
agreement is confirmed by its members only, and a change of its text clears the confirmations;
an annual review links the current APVs of its subtree."""

import datetime

import pytest

from apps.assessments.models import Assessment
from apps.core.errors import DomainError
from apps.governance import services
from apps.governance.models import YEAR
from apps.governance.questions import ANSWER_FIELDS, PARTS, QUESTIONS
from apps.governance.selectors import (
    agreement_members,
    annual_reviews_due,
    changes_unanswered,
    is_confirmed,
)
from tests.factories import AssessmentFactory

CHANGED_ON = datetime.date(2026, 11, 2)


def new_change(org, unit=None, kind="it_system"):
    return services.change_create(
        unit=unit or org.team,
        by=org.user("amr", "team"),
        kind=kind,
        changed_on=CHANGED_ON,
        description="Nyt journalsystem",
    )


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- changes --------------------------------------------------------------------------------


def test_no_with_a_reason_answers_the_change(org):
    change = new_change(org)
    leader = org.user("leader", "team")
    services.change_answer(change=change, by=leader, revise=False, reason="Kun nyt skærmbillede")
    change.refresh_from_db()
    assert (change.decision, change.reason, change.answered_by) == (
        "no_revision",
        "Kun nyt skærmbillede",
        leader,
    )
    assert change.answered_at is not None and change.assessment is None


def test_no_without_a_reason_is_refused(org):
    change = new_change(org)
    error = refusal(
        lambda: services.change_answer(
            change=change, by=org.user("amr", "team"), revise=False, reason="  "
        )
    )
    assert (error.code, error.field, error.invalid_input) == ("reason_required", "reason", True)
    change.refresh_from_db()
    assert not change.is_answered


def test_yes_starts_a_new_apv_when_the_unit_has_none_open(org):
    AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2023, 1, 9))
    change = new_change(org)
    services.change_answer(change=change, by=org.user("amr", "team"), revise=True)
    change.refresh_from_db()
    assert change.decision == "revise"
    assert change.assessment.unit == org.team and change.assessment.phase == "identification"
    assert Assessment.objects.filter(unit=org.team).count() == 2


def test_yes_links_the_open_apv(org):
    apv = AssessmentFactory(unit=org.team, phase="involvement")
    change = new_change(org)
    services.change_answer(change=change, by=org.user("tr", "team"), revise=True)
    change.refresh_from_db()
    assert change.assessment == apv
    assert Assessment.objects.filter(unit=org.team).count() == 1


def test_answering_twice_is_refused(org):
    change = new_change(org)
    amr = org.user("amr", "team")
    services.change_answer(change=change, by=amr, revise=False, reason="Ingen betydning")
    error = refusal(lambda: services.change_answer(change=change, by=amr, revise=True))
    assert error.code == "change_answered" and not error.invalid_input
    assert [u.code for u in error.unmet] == ["change_answered"]
    change.refresh_from_db()
    assert change.decision == "no_revision"
    assert not Assessment.objects.filter(unit=org.team).exists()


def test_an_answered_change_is_not_edited_nor_deleted(org):
    change = new_change(org)
    services.change_answer(change=change, by=org.user("amr", "team"), revise=True)
    coordinator = org.user("coordinator", "root")
    for call in (
        lambda: services.change_update(change=change, by=coordinator, description="Andet"),
        lambda: services.change_delete(change=change, by=coordinator),
    ):
        assert refusal(call).code == "change_answered"


def test_yes_may_reopen_the_closed_apv_with_a_reason_for_a_leader_only(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2025, 1, 6))
    change = new_change(org, kind="premises")
    amr = org.user("amr", "team")
    error = refusal(
        lambda: services.change_answer(
            change=change, by=amr, revise=True, reopen=True, reason="Flytning"
        )
    )
    assert error.forbidden
    leader = org.user("leader", "team")
    error = refusal(
        lambda: services.change_answer(change=change, by=leader, revise=True, reopen=True)
    )
    assert error.field == "reason"
    services.change_answer(
        change=change, by=leader, revise=True, reopen=True, reason="Vi flytter i marts"
    )
    change.refresh_from_db()
    closed.refresh_from_db()
    assert change.assessment == closed and closed.phase == "follow_up"


def test_the_sweep_finds_the_unanswered_changes(org):
    waiting, answered = new_change(org), new_change(org, unit=org.sibling)
    services.change_answer(change=answered, by=None, revise=False, reason="Ingen betydning")
    assert list(changes_unanswered()) == [waiting]


# --- the TRIO's agreement -------------------------------------------------------------------


def test_the_deck_asks_sixteen_questions_in_three_parts():
    assert [p.title for p in PARTS] == [
        "Retning og mål",
        "Rammer og råderum",
        "Relationer og roller",
    ]
    assert [len(p.questions) for p in PARTS] == [4, 5, 7]
    assert len(QUESTIONS) == len(ANSWER_FIELDS) == 16


@pytest.fixture
def agreement(org):
    return services.agreement_create(
        unit=org.team,
        by=org.user("leader", "team"),
        reviewed_on=datetime.date(2026, 1, 15),
        direction_purpose="Et godt psykisk arbejdsmiljø",
        relation_mandate="Lederen beslutter; AMR og TR rådgiver",
    )


def test_the_review_is_due_a_year_after(agreement):
    assert agreement.review_due == datetime.date(2026, 1, 15) + YEAR


def test_each_member_confirms_and_then_it_is_confirmed(org, agreement):
    for role in ("leader", "amr", "tr"):
        services.agreement_confirm(agreement=agreement, by=org.user(role, "team"))
    members = agreement_members(agreement)
    assert {(m.user, m.role) for m in members} == {
        (org.user(role, "team"), role) for role in ("leader", "amr", "tr")
    }
    assert is_confirmed(members)


@pytest.mark.parametrize(
    ("role", "where"),
    [("coordinator", "team"), ("med", "team"), ("employee", "team"), ("amr", "sibling")],
)
def test_only_a_member_of_the_trio_confirms(org, agreement, role, where):
    error = refusal(
        lambda: services.agreement_confirm(agreement=agreement, by=org.user(role, where))
    )
    assert (error.code, error.forbidden) == ("not_a_member", True)
    assert not agreement.confirmations.exists()


def test_the_nearest_leader_above_is_a_member_where_the_unit_has_none(org, agreement):
    org.user("leader", "team").role_assignments.all().delete()
    services.agreement_confirm(agreement=agreement, by=org.user("leader", "dept"))
    assert agreement.confirmations.get().role == "leader"


def test_confirming_twice_is_refused(org, agreement):
    amr = org.user("amr", "team")
    services.agreement_confirm(agreement=agreement, by=amr)
    assert refusal(lambda: services.agreement_confirm(agreement=agreement, by=amr)).code == (
        "already_confirmed"
    )


def test_a_change_of_the_text_clears_the_confirmations(org, agreement):
    for role in ("leader", "amr"):
        services.agreement_confirm(agreement=agreement, by=org.user(role, "team"))
    services.agreement_update(
        agreement=agreement, by=org.user("coordinator", "root"), reviewed_on=CHANGED_ON
    )
    assert agreement.confirmations.count() == 2  # reviewed, not changed
    services.agreement_update(
        agreement=agreement, by=org.user("tr", "team"), frame_resources="To timer om ugen"
    )
    assert not agreement.confirmations.exists()
    assert agreement.history.count() == 3


def test_an_empty_agreement_is_not_confirmed(org):
    empty = services.agreement_create(unit=org.sibling, by=org.user("amr", "sibling"))
    assert empty.reviewed_on is not None
    error = refusal(
        lambda: services.agreement_confirm(agreement=empty, by=org.user("amr", "sibling"))
    )
    assert error.code == "agreement_empty"


def test_a_unit_has_one_agreement(org, agreement):
    error = refusal(lambda: services.agreement_create(unit=org.team, by=None))
    assert error.code == "unit_has_agreement"


# --- annual reviews -------------------------------------------------------------------------


def test_a_review_links_the_current_apvs_of_its_subtree_by_default(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", started_on=datetime.date(2023, 1, 9))
    team_apv = AssessmentFactory(unit=org.team, phase="follow_up")
    sibling_old = AssessmentFactory(
        unit=org.sibling, phase="closed", started_on=datetime.date(2024, 3, 1)
    )
    AssessmentFactory(unit=org.other_area)
    review = services.annual_review_create(
        unit=org.dept, by=org.user("leader", "dept"), held_on=datetime.date(2026, 10, 1)
    )
    assert set(review.assessments.all()) == {team_apv, sibling_old}
    assert closed not in review.assessments.all()


def test_a_review_links_no_apv_outside_its_subtree(org):
    elsewhere = AssessmentFactory(unit=org.other_area)
    error = refusal(
        lambda: services.annual_review_create(
            unit=org.team, by=None, held_on=datetime.date(2026, 10, 1), assessments=[elsewhere]
        )
    )
    assert (error.code, error.field) == ("assessment_outside_unit", "assessments")


def test_annual_reviews_are_due_within_the_notice_of_their_year_running_out(org):
    old = services.annual_review_create(
        unit=org.area, by=None, held_on=datetime.date(2025, 1, 5), assessments=[]
    )
    area = services.annual_review_create(
        unit=org.area, by=None, held_on=datetime.date(2026, 1, 10), assessments=[]
    )
    team = services.annual_review_create(
        unit=org.team, by=None, held_on=datetime.date(2026, 3, 1), assessments=[]
    )
    as_of = datetime.date(2026, 12, 20)
    assert list(annual_reviews_due(as_of, notice_days=30)) == [area]
    assert area.next_due == datetime.date(2026, 1, 10) + YEAR
    assert list(annual_reviews_due(as_of)) == []  # not yet within the notice
    assert old not in annual_reviews_due(datetime.date(2026, 1, 1), notice_days=30)  # newer one
    assert list(annual_reviews_due(team.next_due)) == [team]
    assert list(annual_reviews_due(team.next_due + datetime.timedelta(days=1))) == []
