"""Who a login at the provider is: the account bound to the provider's stable id for the person
(issuer + subject), else — once — the one active account with the provider's verified e-mail,
else a new account with no role (a coordinator or the HR import gives one later).

Every refusal is a DomainError with a code, recorded in the security log (ids and codes, never
names or addresses).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.organisation import services as organisation
from apps.security.log import security_event

from .models import Identity

USERNAME_ALLOWED = re.compile(r"[^\w.@+-]")


def _refuse(code: str, *, request=None, user=None, **details) -> DomainError:
    security_event("sso_refused", user=user, request=request, reason=code, **details)
    return DomainError(code=code, message=_("Single sign-on was refused."), forbidden=True)


def email_verified(claims: dict) -> bool:
    """The provider vouches for the e-mail: OpenID Connect's `email_verified`, or Entra ID's
    `xms_edov` (e-mail domain owner verified), which it sends instead when configured."""
    flags = (claims.get("email_verified"), claims.get("xms_edov"))
    return any(flag in (True, "true", "True", 1) for flag in flags)


def _free_username(claims: dict, subject: str) -> str:
    """A readable, unused username: the provider's login name or e-mail, else one from the
    subject; a number is added where it is taken."""
    base = claims.get("preferred_username") or claims.get("upn") or f"sso-{subject[:20]}"
    base = USERNAME_ALLOWED.sub("", base)[:140] or f"sso-{subject[:20]}"
    users = get_user_model().objects
    candidate, n = base, 1
    while users.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _by_email(*, issuer: str, claims: dict, request):
    """The one active account with the provider's verified e-mail that no account at this
    provider is bound to yet; None where there is none. Refuses a deactivated match (a new
    account would undo the deactivation) and an ambiguous one (two people, one address)."""
    email = (claims.get("email") or "").strip()
    if not email or not email_verified(claims):
        return None
    matches = list(get_user_model().objects.filter(email__iexact=email))
    active = [user for user in matches if user.is_active]
    if not active:
        if matches:
            raise _refuse("inactive", request=request, user_ids=[u.pk for u in matches])
        return None
    if len(active) > 1:
        raise _refuse("email_ambiguous", request=request, user_ids=[u.pk for u in active])
    user = active[0]
    if Identity.objects.filter(issuer=issuer, user=user).exists():
        # Bound before to another subject: the e-mail moved, or an account was recreated at
        # the provider. Not bound twice: a coordinator removes the old binding first.
        raise _refuse("email_already_bound", request=request, user=user)
    return user


@transaction.atomic
def sso_user_resolve(*, issuer: str, claims: dict, request=None):
    """The account that a verified login at `issuer` with `claims` (id token and userinfo) logs
    in; binds or creates one where needed. Raises DomainError (forbidden): `no_subject`,
    `inactive`, `email_ambiguous`, `email_already_bound`."""
    subject = claims.get(settings.OIDC_SUBJECT_CLAIM)
    if not subject:
        raise _refuse("no_subject", request=request, claim=settings.OIDC_SUBJECT_CLAIM)
    subject = str(subject)
    identity = (
        Identity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        user = _by_email(issuer=issuer, claims=claims, request=request)
        if user is not None:
            identity = Identity.objects.create(
                user=user, issuer=issuer, subject=subject, bound_by="email"
            )
            security_event("sso_identity_bound", user=user, request=request, issuer=issuer)
        else:
            user = organisation.user_create(
                by=None,
                username=_free_username(claims, subject),
                first_name=(claims.get("given_name") or "")[:150],
                last_name=(claims.get("family_name") or "")[:150],
                # Only an address the provider vouches for: an unverified one could later
                # bind another person's login to this account.
                email=claims.get("email", "") if email_verified(claims) else "",
            )
            identity = Identity.objects.create(
                user=user, issuer=issuer, subject=subject, bound_by="created"
            )
            security_event("sso_user_created", user=user, request=request, issuer=issuer)
    user = identity.user
    if not user.is_active:
        raise _refuse("inactive", request=request, user_ids=[user.pk])
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    return user
