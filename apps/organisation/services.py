"""Writes on the organisation: units, role assignments and the users of the directory.

Who may call them is the access module's question (the API and the admin ask it first); these
functions keep the data valid: a tree without cycles, one assignment per user, unit and role,
and passwords that pass Django's validators and are stored hashed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from apps.core.errors import DomainError, Unmet
from apps.core.services import apply_fields, validate
from apps.security.log import security_event

from .models import RoleAssignment, Unit, tree_changed

UNIT_FIELDS = {"name", "external_id", "kind", "parent", "headcount"}
USER_FIELDS = {"username", "first_name", "last_name", "email", "is_active", "external_id"}
# Only a superuser makes another person an administrator.
PRIVILEGE_FIELDS = {"is_staff", "is_superuser"}


def _clean_unit(unit: Unit) -> None:
    # `path` is derived in save(); a new unit has none yet. clean() refuses a cycle.
    # No HR id is NULL, not "": many units may have none, each id is unique.
    unit.external_id = (unit.external_id or "").strip() or None
    validate(unit, exclude=["path"])


@transaction.atomic
def unit_create(*, by, name: str, parent: Unit | None = None, **fields) -> Unit:
    """Add a unit to the tree under `parent` (None: a new root)."""
    unit = Unit(name=name, parent=parent)
    apply_fields(unit, fields, UNIT_FIELDS)
    _clean_unit(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by, **fields) -> Unit:
    """Rename, resize or move a unit; a move takes the subtree along and never makes a cycle."""
    apply_fields(unit, fields, UNIT_FIELDS)
    _clean_unit(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, by) -> None:
    """Remove a unit entered by mistake; one with sub-units or APVs stays (move it instead)."""
    try:
        unit.delete()
    except ProtectedError as error:
        message = _("The unit has sub-units or APVs and cannot be deleted.")
        raise DomainError("unit_in_use", message, unmet=[Unmet("unit_in_use", message)]) from error
    tree_changed.send(sender=Unit, unit=unit)


ROLE_FIELDS = {"user", "unit", "role", "starts_on", "ends_on", "stands_in_for"}


def _clean_assignment(assignment: RoleAssignment) -> None:
    """A deputy's stand-in takes the role and the unit of the assignment it stands in for, for
    a period with a first and a last day; nobody stands in for themselves or for a deputy."""
    held = assignment.stands_in_for
    if held is not None:
        if held.stands_in_for_id is not None:
            raise DomainError(
                "stand_in_for_deputy",
                _("A deputy stands in for a role holder, not for another deputy."),
                field="stands_in_for",
                invalid_input=True,
            )
        if held.user_id == assignment.user_id:
            raise DomainError(
                "stand_in_for_self",
                _("A person cannot be their own deputy."),
                field="user",
                invalid_input=True,
            )
        if assignment.starts_on is None or assignment.ends_on is None:
            raise DomainError(
                "stand_in_period",
                _("A deputy stands in for a period: give its first and its last day."),
                field="ends_on" if assignment.starts_on else "starts_on",
                invalid_input=True,
            )
        assignment.unit_id, assignment.role = held.unit_id, held.role
    first, last = assignment.starts_on, assignment.ends_on
    if first is not None and last is not None and last < first:
        raise DomainError(
            "period_reversed",
            _("The period cannot end before it starts."),
            field="ends_on",
            invalid_input=True,
        )
    validate(assignment)


@transaction.atomic
def role_assignment_create(*, by, user, unit: Unit | None = None, role: str = "", **fields):
    """Give `user` a role on `unit` (and so on everything below it), at most once each, for a
    period or open-ended; or, with `stands_in_for`, make them a deputy for a role holder."""
    assignment = RoleAssignment(user=user, unit=unit, role=role)
    apply_fields(assignment, fields, ROLE_FIELDS - {"user", "unit", "role"})
    _clean_assignment(assignment)
    assignment._history_user = by
    assignment.save()
    return assignment


@transaction.atomic
def role_assignment_update(*, by, role_assignment: RoleAssignment, **fields) -> RoleAssignment:
    """Change who holds a role, which role, or its period, on the same terms as assigning it."""
    apply_fields(role_assignment, fields, ROLE_FIELDS)
    _clean_assignment(role_assignment)
    role_assignment._history_user = by
    role_assignment.save()
    return role_assignment


@transaction.atomic
def role_assignment_end(*, by, role_assignment: RoleAssignment, on=None) -> None:
    """The role ends: its last day is the day before `on` (default today), and the history
    keeps that it was held; one that had not begun by then is removed."""
    last_day = (on or timezone.localdate()) - datetime.timedelta(days=1)
    if role_assignment.starts_on is not None and role_assignment.starts_on > last_day:
        role_assignment_delete(by=by, role_assignment=role_assignment)
    elif role_assignment.ends_on is None or role_assignment.ends_on > last_day:
        role_assignment_update(by=by, role_assignment=role_assignment, ends_on=last_day)


@transaction.atomic
def role_assignment_delete(*, by, role_assignment: RoleAssignment) -> None:
    """Take a role away; the history keeps who held it and who removed it."""
    role_assignment._history_user = by
    role_assignment.delete()


def _set_password(user, password: str) -> None:
    """Validate against AUTH_PASSWORD_VALIDATORS (400 on `password`), then store the hash."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            "password_invalid",
            error.messages[0],
            field="password",
            invalid_input=True,
            errors={"password": list(error.messages)},
        ) from error
    user.set_password(password)


def revoke_credentials(user, reason: str = "credentials_reset") -> None:
    """A new password, or leaving, ends every other way in: API tokens and the secret calendar
    URL."""
    from apps.reminders.models import CalendarFeed

    revoked = list(AuthToken.objects.filter(user=user).values_list("token_key", flat=True))
    AuthToken.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    for token_key in revoked:
        security_event("token_revoked", user=user, token_key=token_key, reason=reason)


def token_issue(user):
    """A new API token for `user`; over `APV_MAX_TOKENS_PER_USER` live tokens the oldest are
    revoked, so a new login always succeeds and a forgotten laptop's token ends. Returns
    (token row, the token's secret, shown once)."""
    with transaction.atomic():
        live = AuthToken.objects.filter(user=user).filter(
            Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True)
        )
        keep = settings.APV_MAX_TOKENS_PER_USER - 1
        oldest = dict(live.order_by("-created", "-pk").values_list("pk", "token_key")[keep:])
        AuthToken.objects.filter(pk__in=list(oldest)).delete()
        for token_key in oldest.values():
            security_event("token_revoked", user=user, token_key=token_key, reason="token_limit")
        row, secret = AuthToken.objects.create(user=user, expiry=settings.REST_KNOX["TOKEN_TTL"])
        security_event("token_issued", user=user, token_key=row.token_key)
        return row, secret


def _clean_user(user) -> None:
    # No HR id is NULL, not "": many people may have none, each id is unique.
    user.external_id = (user.external_id or "").strip() or None
    validate(user)


def _user_fields(by) -> set[str]:
    return USER_FIELDS | PRIVILEGE_FIELDS if by is None or by.is_superuser else USER_FIELDS


@transaction.atomic
def user_create(*, by, username: str, password: str | None = None, **fields):
    """Add a person to the directory; without a password they cannot log in until given one."""
    user = get_user_model()(username=username)
    apply_fields(user, fields, _user_fields(by))
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    _clean_user(user)
    user.save()
    return user


@transaction.atomic
def user_update(*, by, user, password: str | None = None, **fields):
    """Edit a person (deactivate with is_active=False); a new password revokes their tokens."""
    apply_fields(user, fields, _user_fields(by))
    if password is not None:
        _set_password(user, password)
    _clean_user(user)
    user.save()
    if password is not None:
        revoke_credentials(user)
    return user


@transaction.atomic
def user_set_password(*, by, user, password: str | None):
    """Give a person a new password (None: no password, they log in another way or not at
    all); their API tokens and calendar URL stop working either way."""
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    user.save(update_fields=["password"])
    revoke_credentials(user)
    return user


@transaction.atomic
def user_delete(*, by, user) -> None:
    """Delete a person entered by mistake; anyone with actions is deactivated instead, so that
    the plan keeps who was responsible."""
    try:
        user.delete()
    except ProtectedError as error:
        message = _("The person owns actions: deactivate them instead.")
        raise DomainError("user_in_use", message, unmet=[Unmet("user_in_use", message)]) from error
