"""The token endpoint and the dashboards answer 429 with Retry-After beyond their rates."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.APV_THROTTLE_RATES = {"login": "20/min", "dashboard": "60/min", "export": "60/min"}
    cache.clear()
    yield
    cache.clear()


def test_the_token_endpoint_allows_twenty_a_minute_per_client(rates):
    client = APIClient(REMOTE_ADDR="10.1.1.1")
    answers = [
        client.post("/api/v1/auth/token/", {"username": f"nobody{n}", "password": "x"})
        for n in range(21)
    ]
    assert {a.status_code for a in answers[:20]} == {400}
    assert answers[20].status_code == 429
    assert int(answers[20]["Retry-After"]) > 0
    # Another client is not held back.
    other = APIClient(REMOTE_ADDR="10.2.2.2").post(
        "/api/v1/auth/token/", {"username": "nobody", "password": "x"}
    )
    assert other.status_code == 400


def test_a_dashboard_allows_sixty_a_minute_per_person(rates, org):
    client = APIClient()
    client.force_authenticate(org.user("med", "dept"))
    statuses = [client.get("/api/v1/dashboard/summary/").status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    someone_else = APIClient()
    someone_else.force_authenticate(org.user("med", "team"))
    assert someone_else.get("/api/v1/dashboard/summary/").status_code == 200


@pytest.mark.parametrize("export", ["action-plan.csv", "action-plan.xlsx"])
def test_exports_allow_sixty_a_minute_per_person(rates, org, export):
    assessment = AssessmentFactory(unit=org.team)
    client = Client()
    client.force_login(org.user("amr", "team"))
    url = f"/reports/assessments/{assessment.pk}/{export}"
    statuses = [client.get(url).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "For mange forespørgsler" in refused.content.decode()
    someone_else = Client()
    someone_else.force_login(org.user("leader", "team"))
    assert someone_else.get(url).status_code == 200


def test_the_pdf_is_throttled_per_person(rates, org, settings):
    settings.APV_THROTTLE_RATES = {**settings.APV_THROTTLE_RATES, "export": "2/min"}
    assessment = AssessmentFactory(unit=org.team)
    client = Client()
    client.force_login(org.user("amr", "team"))
    url = f"/reports/assessments/{assessment.pk}.pdf"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_the_schema_documents_429_where_throttled(org):
    client = APIClient()
    client.force_authenticate(org.user("coordinator", "root"))
    schema = client.get("/api/schema/?format=json").json()
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in schema["paths"]["/api/v1/dashboard/summary/"]["get"]["responses"]
    assert "429" not in schema["paths"]["/api/v1/findings/"]["get"]["responses"]


def test_receipt_lookups_allow_ten_a_minute_per_person(settings, org):
    settings.APV_THROTTLE_RATES = {**settings.APV_THROTTLE_RATES, "receipt": "10/min"}
    cache.clear()
    api = APIClient()
    api.force_authenticate(org.user("employee", "team"))
    answers = [
        api.post("/api/v1/concerns/receipt/", {"code": f"AAAA-BBBB-CC{n:02d}"}) for n in range(11)
    ]
    assert {a.status_code for a in answers[:10]} == {404}
    assert answers[10].status_code == 429
    # The admin's form counts its posts in the same bucket, not the page itself.
    admin = Client()
    admin.force_login(org.user("employee", "team"))
    assert admin.get("/admin/concerns/concern/receipt/").status_code == 200
    refused = admin.post("/admin/concerns/concern/receipt/", {"code": "AAAA-BBBB-CCCC"})
    assert refused.status_code == 429
    assert "For mange forespørgsler" in refused.content.decode()
    someone_else = APIClient()
    someone_else.force_authenticate(org.user("employee", "sibling"))
    assert someone_else.post("/api/v1/concerns/receipt/", {"code": "X"}).status_code == 404
    cache.clear()
