"""The governance pages of the admin write through the services: a change answered on its page,
the agreement confirmed by a member with "Bekræft aftalen" and its confirmations cleared when
its text is edited, a review recorded with the current APVs of its subtree."""

import datetime

import pytest
from django.urls import reverse

from apps.governance import services
from apps.governance.models import AnnualReview
from tests.admin_helpers import client_for, form_data
from tests.factories import AssessmentFactory


@pytest.fixture
def change(org):
    return services.change_create(
        unit=org.team, by=None, kind="work_methods", changed_on=datetime.date(2026, 11, 16)
    )


@pytest.fixture
def agreement(org):
    return services.agreement_create(unit=org.team, by=None, relation_roles="AMR taler for os")


def test_a_change_is_answered_on_its_page(org, change):
    client = client_for(org.user("amr", "team"))
    url = reverse("admin:governance_changeevent_answer", args=[change.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Reopen" not in page.content.decode()  # nothing closed to reopen
    refused = client.post(url, {"revise": "no", "reason": ""})
    assert refused.status_code == 200
    change.refresh_from_db()
    assert not change.is_answered
    response = client.post(url, {"revise": "no", "reason": "Samme arbejdsgange"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.decision, change.reason) == ("no_revision", "Samme arbejdsgange")
    assert client.get(url).status_code == 302  # answered: back to the change


def test_answering_yes_in_the_admin_starts_an_apv(org, change):
    client = client_for(org.user("leader", "team"))
    url = reverse("admin:governance_changeevent_answer", args=[change.pk])
    assert client.post(url, {"revise": "yes", "reason": ""}).status_code == 302
    change.refresh_from_db()
    assert change.assessment.unit == org.team


def test_a_member_confirms_with_the_button_and_an_edit_clears_it(org, agreement):
    amr = org.user("amr", "team")
    client = client_for(amr)
    change_url = reverse("admin:governance_agreement_change", args=[agreement.pk])
    confirm_url = reverse("admin:governance_agreement_confirm", args=[agreement.pk])
    assert confirm_url in client.get(change_url).content.decode()
    assert "AMR taler for os" in client.get(confirm_url).content.decode()
    assert client.post(confirm_url).status_code == 302
    assert agreement.confirmations.get().user == amr
    assert confirm_url not in client.get(change_url).content.decode()

    leader = client_for(org.user("leader", "team"))
    data = form_data(leader, change_url, relation_roles="AMR og TR taler for os")
    assert leader.post(change_url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.relation_roles == "AMR og TR taler for os"
    assert not agreement.confirmations.exists()


def test_a_coordinator_has_no_button_and_may_not_confirm(org, agreement):
    client = client_for(org.user("coordinator", "team"))
    confirm_url = reverse("admin:governance_agreement_confirm", args=[agreement.pk])
    change_url = reverse("admin:governance_agreement_change", args=[agreement.pk])
    assert confirm_url not in client.get(change_url).content.decode()
    assert client.post(confirm_url).status_code == 403
    assert not agreement.confirmations.exists()


def test_a_review_added_in_the_admin_links_the_current_apvs(org):
    apv = AssessmentFactory(unit=org.sibling)
    client = client_for(org.user("leader", "dept"))
    url = reverse("admin:governance_annualreview_add")
    data = form_data(
        client,
        url,
        unit=str(org.dept.pk),
        held_on="01.12.2026",
        participants="Ledelse, AMR og TR",
        goals="Bedre introduktion af nye",
        assessments=None,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    review = AnnualReview.objects.get(unit=org.dept)
    assert list(review.assessments.all()) == [apv]
    assert review.created_by == org.user("leader", "dept")
