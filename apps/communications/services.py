"""Writes on status messages to colleagues."""

from __future__ import annotations

from django.db import transaction

from apps.assessments.services import ensure_open
from apps.core.services import apply_fields, validate

from .models import Communication

FIELDS = {"where_we_are", "what_we_did", "how_we_go_on", "published_at"}


@transaction.atomic
def communication_create(*, assessment, by, **fields) -> Communication:
    """Write a status message; it stays a draft until `published_at` is set."""
    ensure_open(assessment)
    communication = Communication(assessment=assessment, created_by=by)
    apply_fields(communication, fields, FIELDS)
    validate(communication)
    communication.save()
    return communication


@transaction.atomic
def communication_update(*, communication: Communication, by, **fields) -> Communication:
    ensure_open(communication.assessment)
    apply_fields(communication, fields, FIELDS)
    validate(communication)
    communication.save()
    return communication


@transaction.atomic
def communication_delete(*, communication: Communication, by) -> None:
    ensure_open(communication.assessment)
    communication.delete()
