"""Logging out of a session that the provider opened logs out at the provider too (OpenID
Connect RP-initiated logout): to its end_session_endpoint with the id token as a hint, and
back to our login page afterwards."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.security.log import security_event

from . import provider
from .selectors import is_sso_session


def provider_logout_url(request) -> str:
    """Where the browser goes to log out at the provider (our login page where the provider
    offers no end_session_endpoint). Also mozilla-django-oidc's OIDC_OP_LOGOUT_URL_METHOD."""
    after = request.build_absolute_uri(reverse("admin:login"))
    end_session = provider.setting("OIDC_OP_LOGOUT_ENDPOINT")
    if not end_session:
        return after
    params = {"post_logout_redirect_uri": after, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{end_session}?{urlencode(params)}"


def sso_logout(request):
    """Log a provider's session out here and send the browser to the provider; None for any
    other session (the caller logs it out as before)."""
    if not (settings.SSO_ENABLED and request.user.is_authenticated and is_sso_session(request)):
        return None
    url = provider_logout_url(request)
    user = request.user
    auth.logout(request)
    at_provider = bool(provider.setting("OIDC_OP_LOGOUT_ENDPOINT"))
    security_event("sso_logout", user=user, request=request, at_provider=at_provider)
    return HttpResponseRedirect(url)
