"""What the API, the reports and the dashboard show must not stay in a cache."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/findings/", "/dashboard/"])
def test_responses_that_may_show_findings_are_not_stored(org, path):
    client = Client()
    client.force_login(org.user("amr", "team"))
    response = client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_admin_says_so_too(org):
    client = Client()
    client.force_login(org.user("amr", "team"))
    response = client.get("/admin/findings/finding/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_answer_is_not_stored_either(db):
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]
