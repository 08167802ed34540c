"""Reads for the APV report and the action-plan exports (DESIGN.md §8): every list in
`report_data` comes from the access module, so an export never shows more than the caller may
see. The legal elements (the compliance view) are in `compliance`."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from apps import access
from apps.actions.models import Action
from apps.assessments import cycle
from apps.assessments.models import Assessment, Phase
from apps.dashboard.selectors import assessment_comparison
from apps.findings.models import Finding
from apps.surveys.selectors import latest_absence, unit_survey

from .compliance import compliance


def action_plan_visible_to(user, assessment: Assessment):
    """The actions of `assessment` that `user` may see, in plan order, with their finding."""
    return (
        access.actions_visible_to(user)
        .filter(finding__assessment=assessment)
        .select_related("finding__factor", "owner")
        .order_by("finding__priority", "finding_id", "due_on", "id")
    )


def _phases(assessment: Assessment, transitions: list) -> list[dict]:
    """Each phase with the date it was last entered (from the transition log)."""
    entered = {Phase.IDENTIFICATION: assessment.started_on}
    for move in transitions:
        entered[move.to_phase] = timezone.localdate(move.at)
    return [
        {
            "code": phase,
            "label": phase.label,
            "entered_on": entered.get(phase),
            "current": phase == assessment.phase,
        }
        for phase in cycle.ORDER
    ]


def report_data(user, assessment: Assessment) -> dict:
    """Everything the APV report shows, each list read through the access module for `user`."""
    findings = list(
        access.findings_visible_to(user).filter(assessment=assessment).order_by("priority", "id")
    )
    visible_finding_ids = {f.pk for f in findings}
    actions = list(action_plan_visible_to(user, assessment))
    for action in actions:
        # The owner of an action under a confidential finding sees the action, not the finding.
        action.finding_label = access.finding_label(
            user, action.finding, readable=action.finding_id in visible_finding_ids
        )
    transitions = list(access.transitions_visible_to(user).filter(assessment=assessment))
    return {
        "assessment": assessment,
        "unit": assessment.unit,
        "phases": _phases(assessment, transitions),
        "transitions": transitions,
        "findings": findings,
        "risks": [f for f in findings if f.kind == Finding.Kind.RISK],
        "resources": [f for f in findings if f.kind == Finding.Kind.RESOURCE],
        "actions": actions,
        "dialogues": list(
            access.dialogues_visible_to(user).filter(assessment=assessment).order_by("held_on")
        ),
        "communications": list(
            access.communications_visible_to(user)
            .filter(assessment=assessment)
            .order_by("published_at", "created_at")
        ),
        "evaluations": list(
            access.evaluations_visible_to(user)
            .filter(action__finding__assessment=assessment)
            .select_related("action", "by")
            .order_by("evaluated_on", "id")
        ),
        "attachments": attachments_of(user, assessment),
        "compliance": compliance(assessment),
        "survey": unit_survey(assessment.unit),
        "threshold": settings.APV_ANONYMITY_THRESHOLD,
        "absence": latest_absence(user, assessment.unit),
        "comparison": assessment_comparison(user, assessment),
        "generated_at": timezone.localtime(),
    }


def attachments_of(user, assessment: Assessment) -> list:
    """The attachments of the APV and of everything in it that `user` may read (never one of a
    confidential finding they may not read), oldest first."""
    return list(
        access.attachments_visible_to(user)
        .filter(
            Q(assessment=assessment)
            | Q(finding__assessment=assessment)
            | Q(dialogue__assessment=assessment)
            | Q(action__finding__assessment=assessment)
            | Q(evaluation__action__finding__assessment=assessment)
        )
        .order_by("uploaded_at", "id")
    )


def photo_data_uri(attachment) -> str:
    """A photo as a data: URI, for the PDF (which fetches nothing but our static files)."""
    import base64

    with attachment.file.open("rb") as file:
        encoded = base64.b64encode(file.read()).decode("ascii")
    return f"data:{attachment.content_type};base64,{encoded}"


@dataclass
class PlanLine:
    """One finding of the plan as the approver sees it, with its actions."""

    label: str
    finding: Finding | None  # None: a finding the approver may not read
    actions: list
    lacks_action: bool


def plan_for_approval(user, assessment: Assessment) -> list[PlanLine]:
    """The action plan an approver approves: every confirmed risk finding they may read, and
    every other one with actions, each with its actions (owner, deadline) and flagged when a
    confirmed risk has none planned; actions under findings they may not read come last,
    under "Fortroligt fund"."""
    visible = {
        f.pk: f
        for f in access.findings_visible_to(user)
        .filter(assessment=assessment)
        .order_by(F("priority").asc(nulls_last=True), "id")
    }
    lacking = set(
        assessment.findings.filter(cycle.lacking("action_missing").q).values_list("pk", flat=True)
    )
    by_finding: dict[int, list] = {pk: [] for pk in visible}
    hidden: list = []
    for action in action_plan_visible_to(user, assessment).exclude(status=Action.Status.CANCELLED):
        by_finding.get(action.finding_id, hidden).append(action)
    lines = [
        PlanLine(
            access.finding_label(user, finding, readable=True),
            finding,
            by_finding[pk],
            pk in lacking,
        )
        for pk, finding in visible.items()
        if by_finding[pk]
        or (finding.kind == Finding.Kind.RISK and finding.status == Finding.Status.CONFIRMED)
    ]
    if hidden:
        lines.append(PlanLine(str(access.CONFIDENTIAL_FINDING), None, hidden, False))
    return lines
