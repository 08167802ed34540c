"""Authentication backends: the provider's login (mozilla-django-oidc's code flow, with our
matching of people in services.py) and Django's password login, which refuses a password where
local passwords are off (selectors.local_password_allowed), whichever door it came through."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from apps.core.errors import DomainError
from apps.security.log import security_event

from . import provider, services
from .selectors import SSO_SESSION_KEY, SSO_STRONG_KEY, local_password_allowed


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not local_password_allowed(username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not local_password_allowed(username, user):
            return None  # a break-glass name that is not (or no longer) a superuser
        return user


class SSOBackend(OIDCAuthenticationBackend):
    """The code flow of mozilla-django-oidc, with the endpoints from discovery, the id token's
    issuer and audience checked (the library checks neither), and people matched by the
    provider's stable id."""

    get_settings = staticmethod(provider.setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for each permission check and each password login: the
        # library's __init__ would read the provider's discovery document there, and a provider
        # that is down would take the whole tracker (and the break-glass login) with it. The
        # endpoints are read in authenticate() instead.
        ModelBackend.__init__(self, *args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback (it passes the nonce): a password login with `code` and `state` in
        # its URL must not start a token exchange.
        if "nonce" not in kwargs:
            return None
        OIDCAuthenticationBackend.__init__(self)
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != provider.issuer():
            raise SuspiciousOperation("The id token's issuer is not the configured provider.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id token was not issued to this application.")
        return payload

    def verify_claims(self, claims):
        # Any scopes: what a login needs is the subject (checked in services), not an e-mail.
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: userinfo of another person must not be used.
            raise SuspiciousOperation("The userinfo's subject is not the id token's.")
        # The signed id token wins; userinfo adds what it lacks (Entra ID's `oid` is only in
        # the id token, the e-mail often only in userinfo).
        claims = {**userinfo, **payload}
        try:
            user = services.sso_user_resolve(
                issuer=provider.issuer(), claims=claims, request=self.request
            )
        except DomainError:
            return None
        session = self.request.session
        session[SSO_SESSION_KEY] = {"issuer": provider.issuer()}
        session[SSO_STRONG_KEY] = settings.OIDC_TRUST_MFA
        security_event("sso_login", user=user, request=self.request, issuer=provider.issuer())
        return user

    def get_user(self, user_id):
        # The library's would return a deactivated person; Django's refuses them.
        return ModelBackend.get_user(self, user_id)
