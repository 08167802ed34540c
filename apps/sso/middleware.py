"""Sessions that the provider opened ask it again every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS
(mozilla-django-oidc's SessionRefresh: a silent authorize with prompt=none on the next page
load), so that a person disabled or logged out there loses the tracker within minutes: the
provider answers `login_required` and the callback logs them out here.

The API is never redirected (a script's fetch cannot follow the provider's pages): a session's
API call passes while its last renewal is less than two periods old, and is refused after that
until a page load has renewed it. Token-authenticated calls are not the session's business."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import JsonResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from mozilla_django_oidc.middleware import SessionRefresh as LibrarySessionRefresh

from . import provider
from .selectors import is_sso_session

# Pages without a session worth renewing, or that the renewal itself goes through.
EXEMPT_PREFIXES = ("/oidc/", "/i18n/", "/calendar/", "/health/", "/api/")


def _token_request(request) -> bool:
    scheme = request.META.get("HTTP_AUTHORIZATION", "").split(maxsplit=1)[:1]
    return [s.lower() for s in scheme] == [settings.REST_KNOX["AUTH_HEADER_PREFIX"].lower()]


class SessionRefresh(LibrarySessionRefresh):
    get_settings = staticmethod(provider.setting)

    def __init__(self, get_response):
        # The library reads the endpoints here, once per process: we read them per request
        # (from the discovery document, fetched when first needed, not at start-up).
        MiddlewareMixin.__init__(self, get_response)

    def _load(self):
        setting = self.get_settings
        self.OIDC_OP_AUTHORIZATION_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")
        self.OIDC_STATE_SIZE = setting("OIDC_STATE_SIZE", 32)
        self.OIDC_AUTHENTICATION_CALLBACK_URL = setting("OIDC_AUTHENTICATION_CALLBACK_URL")
        self.OIDC_RP_SCOPES = setting("OIDC_RP_SCOPES")
        self.OIDC_USE_NONCE = setting("OIDC_USE_NONCE", True)
        self.OIDC_NONCE_SIZE = setting("OIDC_NONCE_SIZE", 32)

    def _sso_user(self, request) -> bool:
        return request.user.is_authenticated and is_sso_session(request)

    def is_refreshable_url(self, request):
        return (
            request.method == "GET"
            and self._sso_user(request)
            and not request.path.startswith((*EXEMPT_PREFIXES, settings.STATIC_URL))
        )

    def _api_call_stale(self, request) -> bool:
        if not request.path.startswith("/api/") or _token_request(request):
            return False
        if not self._sso_user(request):
            return False
        expiration = request.session.get("oidc_id_token_expiration", 0)
        return expiration + settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS < time.time()

    def process_request(self, request):
        if self._api_call_stale(request):
            detail = _("Your login must be renewed: reload the page.")
            return JsonResponse({"detail": detail}, status=403)
        if not self.is_refreshable_url(request):
            return None
        self._load()
        return super().process_request(request)
