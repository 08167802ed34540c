"""Writes on concerns: sending one, and the AMR's decision that ends it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps import access
from apps.access.rules import may_decide_concern
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.core.errors import DomainError, Unmet
from apps.core.services import validate
from apps.findings import services as finding_services
from apps.findings.models import Finding

from .models import Concern, new_receipt_code, receipt_hash


def sendable_units(user):
    """The units a person may send a concern about: those where they hold a role themselves."""
    from apps.organisation.models import Unit

    return Unit.objects.filter(pk__in={g.unit_id for g in access.grants(user)}).order_by("path")


@transaction.atomic
def concern_send(
    *, by, unit, text: str, anonymous: bool, today: datetime.date | None = None
) -> tuple[Concern, str]:
    """Send a concern about `unit` to its AMR; returns it with its receipt code, which is
    shown once and kept only as a hash. An anonymous one keeps no trace of `by`."""
    if unit is None or not sendable_units(by).filter(pk=unit.pk).exists():
        raise DomainError(
            "unit_not_yours",
            _("You can only send a concern about a unit where you hold a role."),
            field="unit",
            invalid_input=True,
        )
    if not (text or "").strip():
        raise DomainError(
            "text_missing", _("Write what the concern is about."), field="text", invalid_input=True
        )
    code = new_receipt_code()
    concern = Concern(
        unit=unit,
        text=text.strip(),
        anonymous=anonymous,
        sender=None if anonymous else by,
        created_on=today or timezone.localdate(),
        receipt_hash=receipt_hash(code),
    )
    validate(concern)
    if anonymous:
        # simple-history would record the request's user and the moment of sending.
        concern.skip_history_when_saving = True
    concern.save(force_insert=True)
    if anonymous:
        del concern.skip_history_when_saving
    return concern, code


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("missing", message, field=field, invalid_input=True)
    return value


def open_assessment_of(unit) -> Assessment | None:
    """The unit's open APV (at most one), where a concern's finding goes."""
    return cycle.open_assessments(Assessment.objects.filter(unit=unit)).first()


@transaction.atomic
def concern_decide(
    *,
    concern: Concern,
    by,
    decision: str,
    answer: str = "",
    title: str = "",
    factor=None,
    description: str = "",
    confidential: bool = False,
    now: datetime.datetime | None = None,
) -> Concern:
    """End a concern with its decision: an answer to the sender, a finding in the unit's open
    APV (reported by the AMR), or closing it with a note. Decided once; the sender reads the
    status and `answer` (required for an answer and a closing)."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if not may_decide_concern(by, concern):
        raise DomainError(
            "concern_forbidden",
            _("Only the unit's AMR or a coordinator decides a concern."),
            forbidden=True,
        )
    if concern.is_decided:
        raise DomainError(
            "concern_decided",
            _("The concern has already been decided."),
            unmet=[Unmet("concern_decided", _("The concern has already been decided."))],
        )
    if decision == Concern.Decision.ANSWER:
        concern.answer = _required(answer, "answer", _("Write your answer to the sender."))
        concern.status = Concern.Status.ANSWERED
    elif decision == Concern.Decision.CLOSE:
        concern.answer = _required(answer, "note", _("Write a note on why the concern is closed."))
        concern.status = Concern.Status.CLOSED
    elif decision == Concern.Decision.FINDING:
        concern.finding = _make_finding(
            concern,
            by,
            title=_required(title, "title", _("Give the finding a title.")),
            factor=factor,
            description=description,
            confidential=confidential,
        )
        concern.answer = (answer or "").strip()
        concern.status = Concern.Status.IN_FINDING
    else:
        raise DomainError(
            "unknown_decision",
            _("Choose answer, finding or close."),
            field="decision",
            invalid_input=True,
        )
    concern.decided_by = by
    concern.decided_at = now or timezone.now()
    validate(concern)
    concern.save()
    return concern


def _make_finding(concern: Concern, by, *, title, factor, description, confidential) -> Finding:
    if factor is None:
        raise DomainError(
            "missing",
            _("Choose what the finding concerns (factor)."),
            field="factor",
            invalid_input=True,
        )
    assessment = open_assessment_of(concern.unit)
    if assessment is None:
        message = _("The unit has no open APV to take the concern into. Answer or close it.")
        raise DomainError("no_open_apv", message, unmet=[Unmet("no_open_apv", message)])
    return finding_services.finding_create(
        assessment=assessment,
        by=by,
        title=title,
        description=(description or "").strip(),
        factor=factor,
        kind=Finding.Kind.RISK,
        source=Finding.Source.OTHER,
        confidential=bool(confidential),
    )
