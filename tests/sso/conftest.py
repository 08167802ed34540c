"""Single sign-on switched on against the demo's provider (apps/demo/identity_provider.py), for
one test: the settings as base.py derives them from the environment, and the URLs reloaded so
that /oidc/ is mounted (it exists only when configured)."""

import copy
import importlib
import json
import logging
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

from apps.demo.identity_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider
from apps.sso.selectors import SSO_BACKEND


def reload_urls():
    import apvtracker.urls

    importlib.reload(apvtracker.urls)
    clear_url_caches()


@contextmanager
def sso_on(op: Provider, **overrides):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("apps.accounts.sessions.IdleSessionMiddleware") + 1,
        "apps.sso.middleware.SessionRefresh",
    )
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    discovery = urlsplit(op.discovery_url)
    origin = f"{discovery.scheme}://{discovery.netloc}"
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], origin]
    values = {
        "SSO_ENABLED": True,
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_DISCOVERY": op.discovery_url,
        "OIDC_PROVIDER_NAME": "Nordby Kommunes login",
        "AUTHENTICATION_BACKENDS": [*settings.AUTHENTICATION_BACKENDS, SSO_BACKEND],
        "MIDDLEWARE": middleware,
        # As base.py: the logout form's redirect to the provider must pass form-action.
        "CONTENT_SECURITY_POLICY": policy,
        **overrides,
    }
    with override_settings(**values):
        reload_urls()
        try:
            yield op
        finally:
            reload_urls()
    reload_urls()


@pytest.fixture
def person():
    return Person(sub="entra-sub-1", email="sanne.jensen@nordby.dk")


@pytest.fixture
def op(person):
    with Provider(person) as provider:
        yield provider


@pytest.fixture
def sso(op):
    with sso_on(op):
        yield op


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="apvtracker.security")
    return lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "apvtracker.security"
    ]


def follow_provider(client, response):
    """The browser at the provider: request the tracker's redirect there for real and bring
    the provider's answer (a redirect to our callback) back to the tracker's client."""
    assert response.status_code == 302, response.content[:300]
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "testserver", back
    return client.get(back.path, dict(parse_qsl(back.query)))


def sso_login(client, next_url="/admin/"):
    """The whole code flow: our login start → the provider's authorize → our callback."""
    return follow_provider(client, client.get("/oidc/authenticate/", {"next": next_url}))
