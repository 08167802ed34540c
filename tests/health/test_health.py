"""Health endpoints for a load balancer: the database and the broker reported separately, so a
stopped Redis reads as degraded while the tracker serves; answered by address and over plain
http, before the host check and the HTTPS redirect."""

import pytest
from django.test import Client, override_settings
from health_check.checks import Database
from pytest_redis import factories
from rest_framework.test import APIClient

from apps.health import checks
from tests.reminders.conftest import celery_broker

pytestmark = pytest.mark.django_db

probe_redis = factories.redis_proc(port=None)


def get(path, **extra):
    return Client(**extra).get(path)


def test_all_well():
    response = get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert get("/health/database/").json() == {"status": "ok", "database": "ok"}
    assert get("/health/broker/").json() == {"status": "ok", "broker": "ok"}


def test_a_stopped_redis_reads_as_degraded_while_the_api_serves(org, probe_redis):
    # A private redis-server (pytest-redis; `make test` installs the server), stopped mid-test.
    with celery_broker(f"redis://{probe_redis.host}:{probe_redis.port}/0"):
        assert get("/health/").json()["status"] == "ok"
        probe_redis.stop()

        response = get("/health/")
        assert response.status_code == 200  # still in service: the load balancer keeps it
        body = response.json()
        assert body["status"] == "degraded"
        assert body["database"] == "ok" and body["broker"] != "ok"
        broker = get("/health/broker/")
        assert broker.status_code == 503 and broker.json()["status"] == "unavailable"

        api = APIClient()
        api.force_authenticate(org.user("amr", "team"))
        assert api.get("/api/v1/assessments/").status_code == 200


def test_without_the_database_it_is_unavailable(monkeypatch):
    monkeypatch.setitem(checks.CHECKS, "database", Database(alias="nowhere"))
    response = get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["broker"] == "ok"
    assert get("/health/database/").status_code == 503


@override_settings(
    ALLOWED_HOSTS=["apv.example.dk"],
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_a_probe_by_address_over_plain_http_is_answered():
    assert get("/health/", HTTP_HOST="10.0.0.5").status_code == 200
    assert get("/health/broker/", HTTP_HOST="10.0.0.5").status_code == 200
    # Everything else still insists on a known host and on HTTPS.
    assert get("/admin/login/", HTTP_HOST="10.0.0.5").status_code == 400
    redirect = get("/admin/login/", HTTP_HOST="apv.example.dk")
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")
    assert get("/health/nothing/", HTTP_HOST="apv.example.dk").status_code == 301
