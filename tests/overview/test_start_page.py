"""Mit overblik: the first page after login, for every role, with what is theirs to do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.assessments.admin_filters import unmet_url
from apps.overview.selectors import LIMIT, overview_for
from tests.admin_helpers import client_for
from tests.factories import ActionFactory, AssessmentFactory, FindingFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, phase="involvement", title="APV Solsikken")


def test_login_lands_on_the_start_page(org):
    from django.test import Client

    client = Client()
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "amr_team", "password": "demo-password"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Mit overblik" in response.content.decode()


def test_an_apv_shows_what_is_missing_with_links_to_the_findings(org, apv):
    FindingFactory(assessment=apv, status="open", title="Åbent fund")
    FindingFactory(assessment=apv, status="confirmed", title="Bekræftet fund")
    page = client_for(org.user("amr", "team")).get(reverse("admin:index")).content.decode()
    link = unmet_url(apv, "findings_open")
    assert link.replace("&", "&amp;") in page
    # The link lists exactly the open findings of that APV.
    listing = client_for(org.user("amr", "team")).get(link).content.decode()
    assert "Åbent fund" in listing and "Bekræftet fund" not in listing


def test_my_actions_come_overdue_first_and_a_leader_sees_the_units_plan(org, apv):
    leader, employee = org.user("leader", "team"), org.user("employee", "team")
    finding = FindingFactory(assessment=apv)
    late = ActionFactory(finding=finding, owner=leader, due_on=TODAY - datetime.timedelta(3))
    soon = ActionFactory(finding=finding, owner=leader, due_on=TODAY + datetime.timedelta(3))
    theirs = ActionFactory(finding=finding, owner=employee)
    overview = overview_for(leader)
    assert [line.action for line in overview.my_actions.lines] == [late, soon]
    assert overview.my_actions.lines[0].overdue
    assert [line.action for line in overview.unit_actions.lines] == [theirs]
    assert overview_for(employee).unit_actions is None


def test_plans_waiting_for_approval_for_those_who_approve(org):
    waiting = AssessmentFactory(unit=org.team, phase="prioritisation")
    assert overview_for(org.user("med", "team")).approvals.lines == [waiting]
    assert overview_for(org.user("tr", "team")).approvals.lines == []


def test_a_confidential_finding_is_not_named_to_the_owner_of_its_action(org, apv):
    owner = org.user("employee", "team")
    secret = FindingFactory(assessment=apv, title="Hemmelig titel", confidential=True)
    ActionFactory(finding=secret, owner=owner, title="Samtale")
    page = client_for(owner).get(reverse("admin:index")).content.decode()
    assert "Samtale" in page and "Fortroligt fund" in page and "Hemmelig titel" not in page


def test_a_root_coordinators_page_stays_short(org):
    for n in range(LIMIT + 5):
        unit = org.other_area.children.create(name=f"Team {n}", kind="team")
        AssessmentFactory(unit=unit, title=f"APV {n}")
    overview = overview_for(org.user("coordinator", "root"))
    assert len(overview.apvs.lines) == LIMIT
    assert overview.apvs.total == LIMIT + 5
    page = client_for(org.user("coordinator", "root")).get(reverse("admin:index"))
    assert (
        "Se alle 13 APV&#x27;er" in page.content.decode()
        or "Se alle 13 APV'er" in page.content.decode()
    )


@pytest.mark.parametrize("role", ["coordinator", "leader", "amr", "tr", "med", "employee"])
def test_every_role_gets_a_start_page_with_the_way_to_all_pages(org, role):
    page = client_for(org.user(role, "team")).get(reverse("admin:index"))
    assert page.status_code == 200
    assert reverse("admin:all_pages") in page.content.decode()


def test_someone_with_no_role_but_an_action_sees_it(org, apv):
    outsider = UserFactory(username="konsulent", is_staff=True)
    action = ActionFactory(finding=FindingFactory(assessment=apv), owner=outsider)
    assert [line.action for line in overview_for(outsider).my_actions.lines] == [action]
