"""Writes about logging in: the second factor (an authenticator app's 6-digit code, TOTP) and
lifting a login lock-out.

A coordinator may lift a lock-out or remove a person's authenticator (a lost phone) only where
they may manage that person (access.can_manage_user): every role of the person in their scope.
"""

from __future__ import annotations

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps import access
from apps.core.errors import DomainError
from apps.security.log import security_event

from .selectors import confirmed_device

# What the authenticator app shows as the account's name next to the issuer (OTP_TOTP_ISSUER).
DEVICE_NAME = "Godkender-app"


def _refuse_unless_manager(by, user) -> None:
    if not access.can_manage_user(by, user):
        raise DomainError(
            code="not_your_user",
            message=_("You may only do this for people whose roles all lie in your scope."),
            forbidden=True,
        )


def _clean(token: str | None) -> str:
    # Apps show the code as "123 456"; people type it that way.
    return "".join((token or "").split())


# --- a code from the authenticator -----------------------------------------------------------


@transaction.atomic
def _check_code(*, user, device: TOTPDevice, token: str, request, count_as_login: bool):
    """Verify `token` on `device` and write what follows: the device's throttling (django-otp
    doubles the wait after each wrong code) and, for a login, a failed login of the username in
    django-axes' count. Returns the refusal rather than raising it, so these writes stay."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        locked_until = (why or {}).get("locked_until") or timezone.now()
        wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        security_event("second_factor_failed", user=user, request=request, reason="throttled")
        return DomainError(
            code="throttled",
            message=ngettext(
                "Too many wrong codes. Wait %(seconds)s second and try again.",
                "Too many wrong codes. Wait %(seconds)s seconds and try again.",
                wait,
            )
            % {"seconds": wait},
            field="otp_token",
            invalid_input=True,
        )
    if django_otp.verify_token(user, device.persistent_id, token) is not None:
        return None
    security_event("second_factor_failed", user=user, request=request, reason="wrong_code")
    if count_as_login and request is not None:
        # The same login protection as a wrong password: AXES_FAILURE_LIMIT in a row lock the
        # username (the caller sees `request.axes_locked_out`). Called on axes' handler, not as
        # Django's user_login_failed signal, which would also log a failed password.
        AxesProxyHandler.user_login_failed(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return DomainError(
        code="wrong_code",
        message=_("Wrong code. Enter the 6 digits your authenticator app shows now."),
        field="otp_token",
        invalid_input=True,
    )


def second_factor_verify(*, user, token: str | None, request=None) -> TOTPDevice:
    """Check a login's second step: a code from the person's confirmed authenticator. Returns
    the device that accepted it (for `django_otp.login`).

    Raises DomainError (field `otp_token`): `no_device` (set one up first), `missing_code`,
    `throttled` or `wrong_code`. A wrong code is counted on the device and as a failed login
    before the refusal is raised (outside that transaction): callers answer the refusal rather
    than raise it further, or the request's rollback would undo the count.
    """
    device = confirmed_device(user)
    if device is None:
        security_event("second_factor_failed", user=user, request=request, reason="no_device")
        raise DomainError(
            code="no_device",
            message=_(
                "Set up two-step verification in the admin first: log in at /admin/ and "
                "follow the steps."
            ),
            field="otp_token",
            invalid_input=True,
        )
    token = _clean(token)
    if not token:
        raise DomainError(
            code="missing_code",
            message=_("Enter the 6-digit code from your authenticator app."),
            field="otp_token",
            invalid_input=True,
        )
    refusal = _check_code(
        user=user, device=device, token=token, request=request, count_as_login=True
    )
    if refusal is not None:
        raise refusal
    security_event("second_factor_passed", user=user, request=request)
    return device


# --- setting up an authenticator -------------------------------------------------------------


@transaction.atomic
def second_factor_enrolment_start(*, user) -> TOTPDevice:
    """The authenticator a person is setting up: an unconfirmed device with a new key, the same
    one on every visit until it is confirmed (a reload keeps the QR code already scanned).
    Raises DomainError `already_set_up` when the person has a confirmed one."""
    if confirmed_device(user) is not None:
        raise DomainError(
            code="already_set_up",
            message=_("Two-step verification is already set up for you."),
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def second_factor_enrol(*, user, token: str | None, request=None) -> TOTPDevice:
    """Confirm the authenticator being set up with a code it shows; from then on the person
    logs in with it. Returns the confirmed device.

    Raises DomainError (field `otp_token`): `missing_code`, `throttled`, `wrong_code`, or
    `already_set_up`. A wrong code here is throttled on the device but is not a failed login:
    the key was just shown to this session, so the code proves nothing about who is typing.
    """
    device = second_factor_enrolment_start(user=user)
    token = _clean(token)
    if not token:
        raise DomainError(
            code="missing_code",
            message=_("Enter the 6-digit code from your authenticator app."),
            field="otp_token",
            invalid_input=True,
        )
    refusal = _check_code(
        user=user, device=device, token=token, request=request, count_as_login=False
    )
    if refusal is not None:
        raise refusal
    _confirm(device=device)
    security_event("second_factor_enrolled", user=user, request=request)
    return device


@transaction.atomic
def _confirm(*, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Keys shown for earlier attempts are never used now.
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()


# --- a coordinator helps ---------------------------------------------------------------------


@transaction.atomic
def second_factor_remove(*, by, user) -> int:
    """Remove every authenticator of `user` (a lost or replaced phone): their next login sets up
    a new one, and a session verified with the old one must verify again. Returns how many were
    removed. Raises DomainError (forbidden) outside `by`'s scope."""
    _refuse_unless_manager(by, user)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    security_event("second_factor_removed", user=by, subject_user_id=user.pk, removed=removed)
    return removed


@transaction.atomic
def lockout_lift(*, by, user) -> int:
    """Lift a login lock-out of `user` before its cool-off ends (and forget the failures that
    led to it): the right password works again at once. Returns how many failure records were
    removed. Raises DomainError (forbidden) outside `by`'s scope."""
    _refuse_unless_manager(by, user)
    removed = axes_reset(username=user.get_username())
    security_event(
        "lockout_lifted",
        user=by,
        attempted_username=user.get_username(),
        subject_user_id=user.pk,
        removed=removed,
    )
    return removed
