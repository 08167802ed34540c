"""No Docker engine runs here, so the compose file (and the image it builds) is checked by
reading it: every service with its health check and its order of start."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")
# Runs once and exits: its "health" is its exit code, which the others wait for.
ONE_SHOT = ("migrate",)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_every_service_is_there_with_a_health_check(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    for name, service in services.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no"
            continue
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name
        assert service["restart"] == "unless-stopped", name


def test_the_database_and_redis_keep_their_data_in_volumes(compose):
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    assert "redisdata:/data" in compose["services"]["redis"]["volumes"]
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "logs"}


def test_migrations_run_once_before_anything_serves(compose):
    migrate = compose["services"]["migrate"]
    assert migrate["command"].split()[-3:] == ["manage.py", "migrate", "--no-input"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in APP_SERVICES:
        command = compose["services"][name]["command"]
        assert "migrate" not in command and "seed_demo" not in command, name
        depends = compose["services"][name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_configured_by_environment(compose, name):
    env = compose["services"][name]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert env["DJANGO_SETTINGS_MODULE"] == "apvtracker.settings.production"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "TIME_ZONE", "LANGUAGE_CODE"):
        assert variable in env, (name, variable)
    # What the README lists as required has no default: compose refuses to start without it.
    for variable in REQUIRED:
        assert f"{variable}:?" in str(env) or variable == "POSTGRES_PASSWORD", (name, variable)


REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "EMAIL_URL")


def test_the_readme_lists_the_required_variables():
    readme = (ROOT / "README.md").read_text()
    deployment = readme[readme.index("## Deployment") :]
    for variable in (*REQUIRED, "POSTGRES_PASSWORD"):
        assert re.search(rf"`{variable}`", deployment), variable
    for step in ("createsuperuser", "pg_dump", "pg_restore", "/health/"):
        assert step in deployment, step


def test_the_web_health_check_asks_the_health_endpoint(compose):
    assert "/health/" in str(compose["services"]["web"]["healthcheck"]["test"])


def test_the_image_collects_static_files_with_production_settings_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    key = re.search(r"SECRET_KEY=(\S+)", dockerfile)[1]
    assert len(key) >= 50  # production settings refuse a shorter one, and the build with them
    assert "collectstatic" in dockerfile and "USER apv" in dockerfile


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
