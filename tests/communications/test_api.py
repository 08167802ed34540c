"""`communications/`: drafts and publishing, who may do what, input, rules, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.communications.models import Communication
from tests.factories import AssessmentFactory, CommunicationFactory

COMMUNICATIONS = "/api/v1/communications/"
FIELDS = {"id", "assessment", "where_we_are", "what_we_did", "how_we_go_on", "published_at"}


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def detail(communication):
    return f"{COMMUNICATIONS}{communication.pk}/"


def ids(response):
    assert response.status_code == 200, response.data
    return {row["id"] for row in response.data["results"]}


@pytest.fixture
def assessment(org):
    return AssessmentFactory(unit=org.team, phase="communication")


@pytest.fixture
def draft(assessment):
    return CommunicationFactory(assessment=assessment, where_we_are="Udkast")


@pytest.fixture
def published(assessment):
    return CommunicationFactory(
        assessment=assessment, where_we_are="Offentliggjort", published_at=timezone.now()
    )


@pytest.fixture
def sibling_communication(org):
    return CommunicationFactory(
        assessment=AssessmentFactory(unit=org.sibling), published_at=timezone.now()
    )


def test_unauthenticated_is_401(db):
    assert client().get(COMMUNICATIONS).status_code == 401


@pytest.mark.parametrize("role", ["leader", "amr", "tr"])
def test_the_trio_writes_a_draft_and_publishes_it(org, assessment, role):
    api = client(org.user(role))
    created = api.post(
        COMMUNICATIONS,
        {
            "assessment": assessment.pk,
            "where_we_are": "Vi har prioriteret",
            "what_we_did": "Dialogmøde i MED",
            "how_we_go_on": "Handleplanen følges op i juni",
        },
    )
    assert created.status_code == 201, created.data
    assert set(created.data) == FIELDS
    assert created.data["published_at"] is None
    url = f"{COMMUNICATIONS}{created.data['id']}/"
    communication = Communication.objects.get(pk=created.data["id"])
    assert communication.created_by == org.user(role)
    assert created.data["id"] in ids(api.get(COMMUNICATIONS))

    now = timezone.now().isoformat()
    published = api.patch(url, {"published_at": now, "how_we_go_on": "Opfølgning i juni"})
    assert published.status_code == 200, published.data
    communication.refresh_from_db()
    assert communication.is_published
    assert communication.how_we_go_on == "Opfølgning i juni"

    assert api.patch(url, {"published_at": None}).status_code == 200
    assert not Communication.objects.get(pk=communication.pk).is_published


def test_an_employee_reads_only_what_is_published(org, draft, published):
    api = client(org.user("employee"))
    assert ids(api.get(COMMUNICATIONS)) == {published.pk}
    assert api.get(detail(draft)).status_code == 404
    assert api.get(detail(published)).status_code == 200


@pytest.mark.parametrize("role", ["med", "tr"])
def test_other_roles_read_drafts_too(org, draft, published, role):
    assert ids(client(org.user(role)).get(COMMUNICATIONS)) == {draft.pk, published.pk}


@pytest.mark.parametrize("role", ["med", "employee"])
def test_med_and_employees_may_not_write(org, assessment, published, role):
    api = client(org.user(role))
    response = api.post(COMMUNICATIONS, {"assessment": assessment.pk, "where_we_are": "x"})
    assert response.status_code == 403
    assert api.patch(detail(published), {"where_we_are": "x"}).status_code == 403
    assert api.delete(detail(published)).status_code == 403
    assert Communication.objects.count() == 1


def test_a_sibling_amr_gets_404_and_does_not_see_it(org, draft, published, sibling_communication):
    api = client(org.user("amr", "sibling"))
    assert api.get(detail(published)).status_code == 404
    assert api.patch(detail(draft), {"where_we_are": "x"}).status_code == 404
    # Deleting is never an AMR's verb: that 403 comes before any lookup.
    assert api.delete(detail(draft)).status_code == 403
    assert ids(api.get(COMMUNICATIONS)) == {sibling_communication.pk}


def test_an_apv_out_of_scope_does_not_exist(org, assessment):
    response = client(org.user("amr", "sibling")).post(
        COMMUNICATIONS, {"assessment": assessment.pk, "where_we_are": "x"}
    )
    assert response.status_code == 400
    assert response.data["assessment"][0].code == "does_not_exist"


def test_a_communication_cannot_move_to_another_apv(org, draft):
    other = AssessmentFactory(unit=org.team, phase="closed", closed_on=timezone.localdate())
    response = client(org.user("coordinator", "root")).patch(
        detail(draft), {"assessment": other.pk}
    )
    assert response.status_code == 400
    assert "assessment" in response.data


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"where_we_are": ""}, "where_we_are"),
        ({"published_at": "i morgen"}, "published_at"),
        ({"assessment": "abc"}, "assessment"),
    ],
)
def test_bad_input_is_400_naming_the_field(org, draft, payload, field):
    response = client(org.user("leader")).patch(detail(draft), payload)
    assert response.status_code == 400
    assert field in response.data


def test_a_new_communication_needs_an_apv_and_where_we_are(org):
    response = client(org.user("leader")).post(COMMUNICATIONS, {})
    assert response.status_code == 400
    assert {"assessment", "where_we_are"} <= set(response.data)


def test_only_a_coordinator_deletes(org, draft):
    assert client(org.user("leader")).delete(detail(draft)).status_code == 403
    assert client(org.user("coordinator", "dept")).delete(detail(draft)).status_code == 204
    assert not Communication.objects.filter(pk=draft.pk).exists()


def test_nothing_changes_in_a_closed_apv(org):
    closed = AssessmentFactory(unit=org.team, phase="closed", closed_on=timezone.localdate())
    communication = CommunicationFactory(assessment=closed)
    coordinator = client(org.user("coordinator", "root"))
    response = coordinator.delete(detail(communication))
    assert response.status_code == 409
    assert [u["code"] for u in response.data["unmet"]] == ["assessment_closed"]
    assert coordinator.patch(detail(communication), {"where_we_are": "x"}).status_code == 409
    response = coordinator.post(COMMUNICATIONS, {"assessment": closed.pk, "where_we_are": "x"})
    assert response.status_code == 409
    assert Communication.objects.get(pk=communication.pk).where_we_are == "Vi er så langt"


def test_filters(org, assessment, draft, published, sibling_communication):
    api = client(org.user("coordinator", "root"))
    assert ids(api.get(COMMUNICATIONS, {"published": "true"})) == {
        published.pk,
        sibling_communication.pk,
    }
    assert ids(api.get(COMMUNICATIONS, {"published": "false"})) == {draft.pk}
    assert ids(api.get(COMMUNICATIONS, {"assessment": assessment.pk})) == {draft.pk, published.pk}
    assert ids(api.get(COMMUNICATIONS, {"unit": org.team.pk})) == {draft.pk, published.pk}
    assert ids(api.get(COMMUNICATIONS, {"unit": org.dept.pk})) == {
        draft.pk,
        published.pk,
        sibling_communication.pk,
    }
    yesterday = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(api.get(COMMUNICATIONS, {"published_before": yesterday})) == set()
    assert ids(api.get(COMMUNICATIONS, {"published_after": yesterday})) == {
        published.pk,
        sibling_communication.pk,
    }


def test_filters_out_of_scope_are_invalid_choices(org, sibling_communication):
    api = client(org.user("amr"))
    response = api.get(COMMUNICATIONS, {"assessment": sibling_communication.assessment_id})
    assert response.status_code == 400
    assert "assessment" in response.data
    assert api.get(COMMUNICATIONS, {"unit": org.sibling.pk}).status_code == 400


def test_ordering_and_search(org, assessment):
    old = CommunicationFactory(
        assessment=assessment,
        where_we_are="Kortlægning",
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    new = CommunicationFactory(
        assessment=assessment, where_we_are="Status", how_we_go_on="Mere kortlægning"
    )
    other = CommunicationFactory(assessment=assessment, where_we_are="Andet")
    api = client(org.user("leader"))
    newest_first = [row["id"] for row in api.get(COMMUNICATIONS).data["results"]]
    assert newest_first == [other.pk, new.pk, old.pk]
    by_id = [row["id"] for row in api.get(COMMUNICATIONS, {"ordering": "id"}).data["results"]]
    assert by_id == [old.pk, new.pk, other.pk]
    assert ids(api.get(COMMUNICATIONS, {"search": "kortlægning"})) == {old.pk, new.pk}


def queries_for(api, page_size):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(COMMUNICATIONS, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.data["results"]) == page_size
    return len(captured)


@pytest.mark.parametrize("role", ["amr", "employee"])
def test_the_list_costs_the_same_for_1_or_20_rows(org, assessment, role):
    for i in range(22):
        CommunicationFactory(assessment=assessment, published_at=timezone.now() if i % 2 else None)
        CommunicationFactory(assessment=assessment, published_at=timezone.now())
    api = client(org.user(role))
    assert queries_for(api, 1) == queries_for(api, 20)


def test_a_time_zone_that_does_not_exist_is_a_400_not_a_crash(org):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(org.user("amr", "team"))
    response = client.get(
        "/api/v1/communications/", {"published_after": "2026-09-27T05:25:26-23:00"}
    )
    assert response.status_code == 400
    assert "published_after" in response.data
