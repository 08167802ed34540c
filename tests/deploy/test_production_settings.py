"""Production settings, run as an operator would: `manage.py` in a process of its own with only
the environment the README lists (a real secret, the hosts), on a throwaway SQLite file."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "apvtracker.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "apv.example.dk",
        "DATABASE_URL": f"sqlite:///{database}",
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_without_a_warning(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "insecure-development-key-change-me", "short-but-set"])
def test_production_refuses_a_missing_default_or_short_secret(production_env, secret):
    result = manage({**production_env, "SECRET_KEY": secret}, "check")
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_https_hsts_json_only_and_no_demo(production_env):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.DEBUG, "
        "'apps.demo' in s.INSTALLED_APPS, s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        31_536_000,
        True,
        True,
        False,
        False,
        ["rest_framework.renderers.JSONRenderer"],
    ]


def test_seed_demo_does_not_exist_in_production_and_creates_nothing(production_env):
    assert manage(production_env, "migrate", "--no-input").returncode == 0
    result = manage(production_env, "seed_demo")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr
    count = manage(
        production_env,
        "shell",
        "-c",
        "from apps.accounts.models import User; print(User.objects.count())",
    )
    assert count.stdout.strip().splitlines()[-1] == "0", count.stderr


def test_the_api_schema_and_docs_ask_for_a_login_unless_made_public(production_env):
    assert manage(production_env, "migrate", "--no-input").returncode == 0
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='apv.example.dk'); "
        "print(c.get('/api/schema/', secure=True).status_code, "
        "c.get('/api/docs/', secure=True).status_code, "
        "c.get('/api/docs/', secure=True).get('Location', '').split('?')[0])"
    )
    closed = manage(production_env, "shell", "-c", code)
    assert closed.stdout.splitlines()[-1].split() == ["401", "302", "/admin/login/"], closed.stderr
    public = manage({**production_env, "APV_API_DOCS_PUBLIC": "true"}, "shell", "-c", code)
    assert public.stdout.splitlines()[-1].split()[:2] == ["200", "200"], public.stderr
