"""Reads about logging in: who needs a second factor, their authenticator, who is locked out."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps import access
from apps.organisation.models import Role


def second_factor_required(user) -> bool:
    """Whether `user` must pass a code after the password: with APV_REQUIRE_SECOND_FACTOR on,
    superusers and whoever holds a coordinator role anywhere (they manage people and read
    every confidential finding in their scope)."""
    if not settings.APV_REQUIRE_SECOND_FACTOR:
        return False
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or any(g.role == Role.COORDINATOR for g in access.grants(user))


def confirmed_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def login_failures_counted_since():
    """Failures older than the cool-off no longer count (django-axes' own window)."""
    return timezone.now() - settings.AXES_COOLOFF_TIME


def with_login_failures(users: QuerySet) -> QuerySet:
    """`users` annotated with `login_failures`: the failed logins that count towards a lock-out
    now (axes sums them per username over addresses and browsers). A subquery in the page's
    own query, not a query per row."""
    counted = (
        AccessAttempt.objects.filter(
            username=OuterRef("username"), attempt_time__gte=login_failures_counted_since()
        )
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return users.annotate(
        login_failures=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )


def is_locked_out(user) -> bool:
    """Whether the username is locked out right now (without an annotated row at hand)."""
    total = AccessAttempt.objects.filter(
        username=user.get_username(), attempt_time__gte=login_failures_counted_since()
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return (total or 0) >= settings.AXES_FAILURE_LIMIT
