"""Moving an APV through its phases in the admin, with refusals a person can read."""

import pytest
from django.urls import reverse

from apps.assessments import cycle
from apps.assessments.models import Assessment, PhaseTransition
from tests.admin_helpers import changelist_titles, client_for
from tests.factories import AssessmentFactory, FindingFactory

CHANGELIST = reverse("admin:assessments_assessment_changelist")


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, title="APV Solsikken 2026")


@pytest.fixture
def other_apvs(org):
    AssessmentFactory(unit=org.sibling, title="APV Mælkebøtten 2026")
    AssessmentFactory(unit=org.other_area, title="APV Ældre 2026")


def test_amr_sees_only_apvs_of_own_unit(org, apv, other_apvs):
    assert changelist_titles(client_for(org.user("amr", "team")), CHANGELIST) == {
        "APV Solsikken 2026"
    }


def test_coordinator_at_the_root_sees_all(org, apv, other_apvs):
    assert changelist_titles(client_for(org.user("coordinator", "root")), CHANGELIST) == {
        "APV Solsikken 2026",
        "APV Mælkebøtten 2026",
        "APV Ældre 2026",
    }


def test_change_form_shows_what_is_missing(org, apv):
    client = client_for(org.user("amr", "team"))
    page = client.get(reverse("admin:assessments_assessment_change", args=[apv.pk]))
    assert page.status_code == 200
    missing = cycle.readiness(apv).unmet
    assert [u.code for u in missing] == ["no_findings"]
    assert missing[0].message in page.content.decode()
    assert "Registrér mindst ét fund" in missing[0].message


def test_admin_action_refuses_with_reasons_and_changes_nothing(org, apv):
    client = client_for(org.user("amr", "team"))
    response = client.post(
        CHANGELIST,
        {"action": "move_to_next_phase", "_selected_action": [apv.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert cycle.readiness(apv).unmet[0].message in messages[0]
    apv.refresh_from_db()
    assert apv.phase == "identification"
    assert not PhaseTransition.objects.exists()


def test_admin_action_moves_when_guards_are_met(org, apv):
    FindingFactory(assessment=apv)
    client = client_for(org.user("amr", "team"))
    client.post(CHANGELIST, {"action": "move_to_next_phase", "_selected_action": [apv.pk]})
    apv.refresh_from_db()
    assert apv.phase == "involvement"
    move = PhaseTransition.objects.get()
    assert (move.from_phase, move.to_phase, move.by) == (
        "identification",
        "involvement",
        org.user("amr", "team"),
    )


def test_transition_view_moves_back_only_with_a_comment(org, apv):
    FindingFactory(assessment=apv)
    client = client_for(org.user("amr", "team"))
    url = reverse("admin:assessments_assessment_transition", args=[apv.pk])
    client.post(url, {"to": "involvement"})
    apv.refresh_from_db()
    assert apv.phase == "involvement"

    refused = client.post(url, {"to": "identification", "comment": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["comment"]
    apv.refresh_from_db()
    assert apv.phase == "involvement"

    client.post(url, {"to": "identification", "comment": "Vi manglede et fund"})
    apv.refresh_from_db()
    assert apv.phase == "identification"


def test_med_member_may_not_move_but_may_approve_the_plan(org, apv):
    Assessment.objects.filter(pk=apv.pk).update(phase="prioritisation")
    client = client_for(org.user("med", "team"))
    transition = reverse("admin:assessments_assessment_transition", args=[apv.pk])
    assert client.get(transition).status_code == 403
    approve = reverse("admin:assessments_assessment_approve_plan", args=[apv.pk])
    client.post(approve, {"forum": "med", "comment": "Godkendt på MED-mødet"})
    apv.refresh_from_db()
    assert apv.plan_approved_by == org.user("med", "team")
    assert apv.plan_approval_forum == "med"


def test_sibling_unit_gets_404_on_the_cycle_views(org, apv):
    client = client_for(org.user("amr", "sibling"))
    for name in ("transition", "approve_plan", "reopen"):
        url = reverse(f"admin:assessments_assessment_{name}", args=[apv.pk])
        assert client.get(url).status_code == 404, name


def test_closed_apv_is_read_only_and_reopened_by_the_leader(org, apv):
    Assessment.objects.filter(pk=apv.pk).update(phase="closed")
    leader = client_for(org.user("leader", "team"))
    page = leader.get(reverse("admin:assessments_assessment_change", args=[apv.pk]))
    assert 'name="title"' not in page.content.decode()
    amr = client_for(org.user("amr", "team"))
    reopen = reverse("admin:assessments_assessment_reopen", args=[apv.pk])
    assert amr.get(reopen).status_code == 403
    leader.post(reopen, {"reason": "Ny klage om arbejdspres"})
    apv.refresh_from_db()
    assert apv.phase == "follow_up"


# Buttons follow permissions: nobody is offered what can only refuse them.


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("amr", {"Skift fase", "Godkend handlingsplanen"}),
        ("tr", {"Skift fase"}),
        ("med", {"Godkend handlingsplanen"}),
        ("employee", set()),
    ],
)
def test_the_apv_page_offers_only_the_moves_the_person_may_make(org, role, offered):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    client = client_for(org.user(role, "team"))
    page = client.get(reverse("admin:assessments_assessment_change", args=[apv.pk]))
    html = page.content.decode()
    shown = {
        label for label in ("Skift fase", "Godkend handlingsplanen", "Genåbn") if label in html
    }
    assert shown == offered
    listing = client.get(CHANGELIST).content.decode()
    assert ('value="move_to_next_phase"' in listing) == (role in ("amr", "tr"))


def test_a_closed_apv_offers_reopening_to_its_leader_only(org):
    apv = AssessmentFactory(unit=org.team, phase="closed")
    url = reverse("admin:assessments_assessment_change", args=[apv.pk])
    assert "Genåbn" in client_for(org.user("leader", "team")).get(url).content.decode()
    html = client_for(org.user("amr", "team")).get(url).content.decode()
    assert "Genåbn" not in html and "Skift fase" not in html


def test_a_refusal_is_a_danish_page(org):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    response = client_for(org.user("employee", "team")).get(
        reverse("admin:assessments_assessment_transition", args=[apv.pk])
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Det har du ikke adgang til her" in html
    assert "Forbidden" not in html


# Approving the plan happens while seeing it, with a warning when it is not complete.


def test_the_approval_page_shows_the_plan_and_what_it_lacks(org):
    from tests.factories import ActionFactory

    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    planned = FindingFactory(assessment=apv, title="Travlhed", status="confirmed", priority=1)
    FindingFactory(assessment=apv, title="Støj", status="confirmed", priority=2)
    secret = FindingFactory(
        assessment=apv, title="Hemmeligt", status="confirmed", confidential=True
    )
    ActionFactory(finding=planned, title="Fast vikarpulje", owner=org.user("leader", "team"))
    ActionFactory(finding=secret, title="Samtale", owner=org.user("leader", "team"))
    page = client_for(org.user("med", "team")).get(
        reverse("admin:assessments_assessment_approve_plan", args=[apv.pk])
    )
    html = page.content.decode()
    assert "Handlingsplanen er ikke færdig endnu" in html
    assert "Fast vikarpulje" in html and "Travlhed" in html
    # The unplanned finding is named with what it lacks; the confidential one is not named.
    assert "Støj" in html and "Endnu intet tiltag med ansvarlig og frist." in html
    assert "Hemmeligt" not in html and "Samtale" not in html
    assert "2 bekræftede risikofund har intet tiltag" not in html  # one lacks, counted once
    assert "1 bekræftet risikofund har intet tiltag med en ansvarlig og en frist." in html
