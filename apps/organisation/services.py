"""Writes on the organisation: units, role assignments and the users of the directory.

Who may call them is the access module's question (the API and the admin ask it first); these
functions keep the data valid: a tree without cycles, one assignment per user, unit and role,
and passwords that pass Django's validators and are stored hashed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from knox.models import AuthToken

from apps.core.services import apply_fields

from .models import RoleAssignment, Unit

UNIT_FIELDS = {"name", "kind", "parent", "headcount"}
USER_FIELDS = {"username", "first_name", "last_name", "email", "is_active"}


def _clean_unit(unit: Unit) -> None:
    # `path` is derived in save(); a new unit has none yet. clean() refuses a cycle.
    unit.full_clean(exclude=["path"])


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
def role_assignment_create(*, by, user, unit: Unit, role: str) -> RoleAssignment:
    """Give `user` a role on `unit` (and so on everything below it); each at most once."""
    assignment = RoleAssignment(user=user, unit=unit, role=role)
    assignment.full_clean()
    assignment._history_user = by
    assignment.save()
    return assignment


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
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)


@transaction.atomic
def user_create(*, by, username: str, password: str | None = None, **fields):
    """Add a person to the directory; without a password they cannot log in until given one."""
    user = get_user_model()(username=username)
    apply_fields(user, fields, USER_FIELDS)
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, by, user, password: str | None = None, **fields):
    """Edit a person (deactivate with is_active=False); a new password revokes their tokens."""
    apply_fields(user, fields, USER_FIELDS)
    if password is not None:
        _set_password(user, password)
    user.full_clean()
    user.save()
    if password is not None:
        AuthToken.objects.filter(user=user).delete()
    return user
