"""No Docker engine runs here, so the compose file is checked by reading it."""

from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_every_service_is_there_with_a_health_check(compose):
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_configured_by_environment(compose, name):
    env = compose["services"][name]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert env["DJANGO_SETTINGS_MODULE"] == "apvtracker.settings.production"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "TIME_ZONE", "LANGUAGE_CODE"):
        assert variable in env, (name, variable)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_database_and_redis(compose, name):
    depends = compose["services"][name]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"


def test_web_runs_gunicorn_worker_runs_celery_and_beat_runs_once(compose):
    services = compose["services"]
    assert "gunicorn" in services["web"]["command"]
    assert "celery" in services["worker"]["command"] and "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "beat" not in services["worker"]["command"].split()
