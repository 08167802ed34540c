"""Reads about single sign-on: whether a password may be used, whether this session came from
the provider, and whether that login counts as strong (in place of the authenticator's code)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY

# Session keys: the provider and subject of the login, and whether it counts as strong.
SSO_SESSION_KEY = "apv_sso"
SSO_STRONG_KEY = "apv_sso_strong"
SSO_BACKEND = "apps.sso.backends.SSOBackend"


def is_break_glass(username: str | None) -> bool:
    """One of the few superusers who keep a password when local passwords are off (the name
    alone: the backend checks is_superuser when the password is right)."""
    return bool(username) and username in settings.APV_BREAK_GLASS_USERS


def local_password_allowed(username: str | None, user=None) -> bool:
    """Whether a password logs `username` in (or changes, or resets theirs). Decided by the
    name before any lookup, so that a refusal says nothing of whether the person exists; with
    `user` at hand, a break-glass name must also be a superuser."""
    if settings.APV_LOCAL_PASSWORDS:
        return True
    if not is_break_glass(username):
        return False
    return user is None or bool(user.is_superuser)


def is_sso_session(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def strong_sso_session(request) -> bool:
    """A login at the provider that counts as the second factor: only where the operator says
    the provider demands one (OIDC_TRUST_MFA), and only for a session the provider opened."""
    return (
        settings.SSO_ENABLED
        and settings.OIDC_TRUST_MFA
        and is_sso_session(request)
        and bool(request.session.get(SSO_STRONG_KEY))
    )


def login_context(request) -> dict:
    """What the login page shows of single sign-on (nothing when it is off)."""
    if not settings.SSO_ENABLED:
        return {}
    return {
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
        "sso_passwords_off": not settings.APV_LOCAL_PASSWORDS,
    }
