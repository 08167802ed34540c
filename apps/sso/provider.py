"""Where the provider's endpoints are: the settings, or else its discovery document
(OIDC_OP_DISCOVERY), fetched once per process and kept for an hour. mozilla-django-oidc reads
its settings through `get_settings`; apps/sso's subclasses route it through `setting` here."""

from __future__ import annotations

import threading
import time

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

# Setting → the discovery document's key.
DISCOVERED = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
CACHE_SECONDS = 3600
_cache: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


def discovery() -> dict:
    """The provider's discovery document ({} without OIDC_OP_DISCOVERY)."""
    url = settings.OIDC_OP_DISCOVERY
    if not url:
        return {}
    with _lock:
        fetched = _cache.get(url)
        if fetched and fetched[0] > time.monotonic():
            return fetched[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    with _lock:
        _cache[url] = (time.monotonic() + CACHE_SECONDS, document)
    return document


def setting(attr: str, *default):
    """A setting for mozilla-django-oidc: an endpoint from the discovery document where the
    settings leave it empty."""
    if attr in DISCOVERED:
        value = getattr(settings, attr, "") or discovery().get(DISCOVERED[attr], "")
        if value:
            return value
        if default:
            return default[0]
        if attr == "OIDC_OP_LOGOUT_ENDPOINT":
            return ""  # a provider need not offer logging out
        raise ImproperlyConfigured(f"{attr}: not set, and not in the discovery document.")
    return import_from_settings(attr, *default)


def issuer() -> str:
    return setting("OIDC_OP_ISSUER")
