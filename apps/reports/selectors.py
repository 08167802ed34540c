"""Reads for the APV report, the compliance view and the action-plan exports (DESIGN.md §4, §8).

`compliance` speaks in counts only, so it may be shown to anyone who can read the APV; every
list in `report_data` comes from the access module, so an export never shows more than the
caller may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from apps import access
from apps.actions.models import Action, Evaluation
from apps.assessments import cycle
from apps.assessments.models import Assessment, Phase
from apps.assessments.services import revision_due
from apps.dashboard.selectors import assessment_comparison
from apps.findings.models import Dialogue, Finding
from apps.surveys.selectors import latest_absence, unit_survey

# The safety organisation's own forums: a dialogue there is its involvement (DESIGN.md §4).
SAFETY_ORGANISATION_FORUMS = (Dialogue.Forum.AMO, Dialogue.Forum.MED)


@dataclass(frozen=True)
class Element:
    """One legal element of the APV and whether this assessment has it in place."""

    code: str
    label: str
    met: bool
    detail: str

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "met": self.met, "detail": self.detail}


def _n(count: int, one: str, many: str) -> str:
    """A count with its Danish noun in the right number: "1 dialog", "3 dialoger"."""
    return f"{count} {one if count == 1 else many}"


def _messages(unmet, codes=None) -> list[str]:
    return [u.message for u in unmet if codes is None or u.code in codes]


def _risk_assessment(assessment: Assessment) -> Element:
    unmet = _messages(cycle.guard(assessment, Phase.IDENTIFICATION))
    unmet += _messages(cycle.guard(assessment, Phase.INVOLVEMENT))
    findings = assessment.findings.count()
    dialogues = assessment.dialogues.count()
    if unmet:
        detail = " ".join(unmet)
    elif findings:
        detail = f"{findings} fund registreret og drøftet i {_n(dialogues, 'dialog', 'dialoger')}."
    else:
        detail = (
            f"Ingen fund (begrundelse skrevet); drøftet i {_n(dialogues, 'dialog', 'dialoger')}."
        )
    return Element("risk_assessment", "Kortlægning og risikovurdering", not unmet, detail)


def _sickness_absence(assessment: Assessment) -> Element:
    written = bool(assessment.sickness_absence_note.strip())
    detail = (
        "Vurderingen af sygefraværet er skrevet."
        if written
        else "Skriv, om arbejdsmiljøet bidrager til sygefravær i enheden."
    )
    return Element("sickness_absence", "Inddragelse af sygefravær", written, detail)


def _survey_missing(assessment: Assessment) -> list[str]:
    """A plan and its follow-up build on the survey: without one there is nothing to plan."""
    return _messages(cycle.guard(assessment, Phase.IDENTIFICATION))


def _action_plan(assessment: Assessment) -> Element:
    codes = {"risk_assessment_incomplete", "action_missing"}
    unmet = _survey_missing(assessment)
    unmet += _messages(cycle.guard(assessment, Phase.PRIORITISATION), codes)
    actions = Action.objects.filter(finding__assessment=assessment).count()
    detail = " ".join(unmet) if unmet else f"{actions} tiltag med hvad, hvordan, hvem og hvornår."
    return Element("action_plan", "Skriftlig handlingsplan", not unmet, detail)


def _follow_up(assessment: Assessment) -> Element:
    codes = {"evaluation_missing", "new_action_missing"}
    unmet = _survey_missing(assessment)
    unmet += _messages(cycle.guard(assessment, Phase.FOLLOW_UP), codes)
    actions = Action.objects.filter(finding__assessment=assessment)
    evaluations = Evaluation.objects.filter(action__finding__assessment=assessment).count()
    if not unmet and actions.exists() and not evaluations:
        unmet = ["Ingen tiltag er fulgt op med en evaluering endnu."]
    detail = (
        " ".join(unmet)
        if unmet
        else f"{_n(evaluations, 'evaluering', 'evalueringer')} af tiltagenes effekt."
    )
    return Element("follow_up", "Gennemførelse og opfølgning", not unmet, detail)


def _involvement(assessment: Assessment) -> Element:
    held = assessment.dialogues.filter(forum__in=SAFETY_ORGANISATION_FORUMS).count()
    detail = (
        f"{_n(held, 'dialog', 'dialoger')} i AMO eller MED."
        if held
        else "Ingen dialog i AMO eller MED er registreret."
    )
    return Element("involvement", "Arbejdsmiljøorganisationens inddragelse", bool(held), detail)


def _plan_approval(assessment: Assessment) -> Element:
    if not assessment.plan_is_approved:
        return Element(
            "plan_approval",
            "Godkendelse af handlingsplanen",
            False,
            "Handlingsplanen er ikke godkendt af AMO eller MED.",
        )
    by = assessment.plan_approved_by
    who = (by.get_full_name() or by.get_username()) if by else "ukendt"
    when = timezone.localtime(assessment.plan_approved_at)
    detail = f"Godkendt {when:%d.%m.%Y} af {who} i {assessment.get_plan_approval_forum_display()}."
    return Element("plan_approval", "Godkendelse af handlingsplanen", True, detail)


def _revision(assessment: Assessment, as_of: datetime.date) -> Element:
    due = next_revision_due(assessment)
    overdue = revision_overdue(assessment, as_of=as_of)
    detail = (
        f"Revisionen var senest {due:%d.%m.%Y} og er overskredet."
        if overdue
        else f"Revideres senest {due:%d.%m.%Y}."
    )
    return Element("revision", "Revision mindst hvert tredje år", not overdue, detail)


def _available(assessment: Assessment) -> Element:
    published = assessment.communications.filter(published_at__isnull=False).count()
    detail = (
        f"{_n(published, 'offentliggjort statusmeddelelse', 'offentliggjorte statusmeddelelser')} "
        "til medarbejderne."
        if published
        else "Ingen statusmeddelelse er offentliggjort for medarbejderne."
    )
    return Element("available", "Tilgængelig for medarbejderne", bool(published), detail)


def compliance(assessment: Assessment, *, as_of: datetime.date | None = None) -> list[dict]:
    """The legal elements of DESIGN.md §4 for `assessment`: which are in place, what is missing.

    Details are counts and rule messages only, never a finding's text.
    """
    as_of = as_of or timezone.localdate()
    return [
        element.as_dict()
        for element in (
            _risk_assessment(assessment),
            _sickness_absence(assessment),
            _action_plan(assessment),
            _follow_up(assessment),
            _involvement(assessment),
            _plan_approval(assessment),
            _revision(assessment, as_of),
            _available(assessment),
        )
    ]


def next_revision_due(assessment: Assessment) -> datetime.date:
    """The three-year clock's date: as stored, or computed by the assessment services."""
    return assessment.next_revision_due or revision_due(assessment)


def revision_overdue(assessment: Assessment, *, as_of: datetime.date | None = None) -> bool:
    """Whether the three-year clock of `assessment` has run out."""
    return next_revision_due(assessment) < (as_of or timezone.localdate())


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
        "compliance": compliance(assessment),
        "survey": unit_survey(assessment.unit),
        "threshold": settings.APV_ANONYMITY_THRESHOLD,
        "absence": latest_absence(user, assessment.unit),
        "comparison": assessment_comparison(user, assessment),
        "generated_at": timezone.localtime(),
    }


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
