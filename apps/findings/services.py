"""Writes on findings and dialogues."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from apps import access
from apps.assessments.services import ensure_open
from apps.conversation import events
from apps.core.errors import DomainError
from apps.core.services import apply_fields, refuse_fields, validate

from .models import Dialogue, Finding

FINDING_FIELDS = {
    "title",
    "description",
    "causes",
    "kind",
    "factor",
    "source",
    "level",
    "severity",
    "extent",
    "status",
    "priority",
    "confidential",
}
DIALOGUE_FIELDS = {"forum", "held_on", "participants", "summary"}


@transaction.atomic
def finding_create(*, assessment, by, handlers=None, **fields) -> Finding:
    """Log a finding in an open APV; the person logging it is its reporter."""
    ensure_open(assessment)
    finding = Finding(assessment=assessment, reported_by=by)
    apply_fields(finding, fields, FINDING_FIELDS)
    validate(finding)
    finding.save()
    if handlers:
        finding.handlers.set(handlers)
        # The first version was written before its handlers were set: were it confidential,
        # it would read as "the unit's AMR and leader handle it". Mark its handlers unknown,
        # so that only the reporter and coordinators see it; the next version has them.
        finding.history.filter(history_type="+").update(handlers_recorded=False)
    events.finding_created(finding, by=by)
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, by, handlers=None, **fields) -> Finding:
    """Edit a finding of an open APV; `handlers` replaces the named handlers the editor can
    see. Only its reporter or a coordinator changes who may read it (`confidential`,
    `handlers`)."""
    ensure_open(finding.assessment)
    new_handlers = None
    if handlers is not None:
        # Handlers the editor cannot see in their directory stay: they cannot name them back.
        hidden = finding.handlers.exclude(pk__in=access.users_visible_to(by).values("pk"))
        new_handlers = {*handlers, *hidden}
        if new_handlers == set(finding.handlers.all()):
            new_handlers = None
    changed = apply_fields(finding, fields, FINDING_FIELDS)
    refuse_fields(by, finding, changed | ({"handlers"} if new_handlers is not None else set()))
    validate(finding)
    if new_handlers is not None:
        # Handlers first: each version of the history then holds the handlers it was read by,
        # and a finding made confidential is never recorded with the old (default) handlers.
        finding.handlers.set(new_handlers)
    finding.save()
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, by) -> None:
    """Delete a finding logged by mistake (coordinators only; never in a closed APV)."""
    ensure_open(finding.assessment)
    finding.delete()


@transaction.atomic
def dialogue_create(*, assessment, by, findings=(), **fields) -> Dialogue:
    """Record a dialogue held about the APV and the findings it discussed."""
    ensure_open(assessment)
    dialogue = Dialogue(assessment=assessment)
    apply_fields(dialogue, fields, DIALOGUE_FIELDS)
    validate(dialogue)
    dialogue.save()
    _link_findings(dialogue, findings)
    return dialogue


@transaction.atomic
def dialogue_update(*, dialogue: Dialogue, by, findings=None, **fields) -> Dialogue:
    """Edit a dialogue; `findings` replaces the links the editor can see when given."""
    ensure_open(dialogue.assessment)
    apply_fields(dialogue, fields, DIALOGUE_FIELDS)
    validate(dialogue)
    dialogue.save()
    if findings is not None:
        _link_findings(dialogue, findings, by=by)
    return dialogue


@transaction.atomic
def dialogue_delete(*, dialogue: Dialogue, by) -> None:
    ensure_open(dialogue.assessment)
    dialogue.delete()


def _link_findings(dialogue: Dialogue, findings, by=None) -> None:
    """Link findings of the dialogue's own APV; links the editor cannot see are kept as they are."""
    findings = list(findings)
    if any(f.assessment_id != dialogue.assessment_id for f in findings):
        raise DomainError(
            "finding_of_other_apv",
            _("A dialogue can only discuss findings of its own APV."),
            field="findings",
            invalid_input=True,
        )
    if by is None:
        dialogue.findings.set(findings)
        return
    hidden = dialogue.findings.exclude(pk__in=access.findings_visible_to(by).values("pk"))
    dialogue.findings.set([*findings, *hidden])
