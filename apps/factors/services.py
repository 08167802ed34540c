"""Writes on the factor taxonomy (coordinators only; who may is the access module's question)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, Unmet
from apps.core.services import apply_fields, validate

from .models import Factor

FACTOR_FIELDS = {"code", "name", "domain", "legal_risk", "keywords"}


@transaction.atomic
def factor_create(*, by, **fields) -> Factor:
    """Add a factor to the taxonomy."""
    factor = Factor()
    apply_fields(factor, fields, FACTOR_FIELDS)
    validate(factor)
    factor.save()
    return factor


@transaction.atomic
def factor_update(*, by, factor: Factor, **fields) -> Factor:
    """Rename a factor or move it to another domain or legal risk area."""
    apply_fields(factor, fields, FACTOR_FIELDS)
    validate(factor)
    factor.save()
    return factor


@transaction.atomic
def factor_delete(*, by, factor: Factor) -> None:
    """Remove a factor no finding uses; one in use stays (findings keep what they concern)."""
    try:
        factor.delete()
    except ProtectedError as error:
        message = _("The factor is used by findings and cannot be deleted.")
        raise DomainError(
            "factor_in_use", message, unmet=[Unmet("factor_in_use", message)]
        ) from error
