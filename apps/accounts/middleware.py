"""The gate of the second factor: after the password, a person who needs one (selectors.
second_factor_required) reaches nothing but the code's own pages until they have passed it."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.sso.selectors import strong_sso_session

from .selectors import second_factor_required

# Pages that use no session, or that a person halfway through logging in must reach (the
# provider's callback: a session's silent renewal passes through it).
OPEN_PREFIXES = ("/i18n/", "/calendar/", "/oidc/")


@cache
def open_paths() -> frozenset[str]:
    """The code's own pages, logging out (or in as someone else), and the token endpoint (it
    asks for the code itself)."""
    names = (
        "admin:second_factor",
        "admin:second_factor_setup",
        "admin:login",
        "admin:logout",
        "admin:jsi18n",
        "v1:auth-token",
    )
    return frozenset(reverse(name) for name in names)


def _token_authenticated(request) -> bool:
    # A knox token was issued only after the code (apps/api/auth.py); with its prefix, knox
    # either authenticates the token or answers 401, and never falls back to the session.
    scheme = request.META.get("HTTP_AUTHORIZATION", "").split(maxsplit=1)[:1]
    return [s.lower() for s in scheme] == [settings.REST_KNOX["AUTH_HEADER_PREFIX"].lower()]


class SecondFactorMiddleware:
    """Pages (the admin, /reports/, /dashboard/) redirect to the code; the API answers 403 to a
    session that has not passed it. Installed after django-otp's OTPMiddleware, which tells
    whether this session's code was passed (`request.user.is_verified()`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.APV_REQUIRE_SECOND_FACTOR and self._held_back(request):
            return self._refusal(request)
        return self.get_response(request)

    def _held_back(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if strong_sso_session(request):
            return False  # the provider asked for the second factor (OIDC_TRUST_MFA)
        path = request.path
        if path in open_paths() or path.startswith((*OPEN_PREFIXES, settings.STATIC_URL)):
            return False
        if path.startswith("/api/") and _token_authenticated(request):
            return False
        return second_factor_required(user)

    def _refusal(self, request):
        if request.path.startswith("/api/"):
            detail = _(
                "Two-step verification is missing: log in at /admin/ and enter the code from "
                "your authenticator app, or use a token."
            )
            return JsonResponse({"detail": detail}, status=403)
        url = reverse("admin:second_factor")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
