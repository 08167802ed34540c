"""The legal elements of one APV (DESIGN.md §4): met, not met, or not applicable, each with its
reason. It speaks in counts and rule messages only, never a finding's text, so it may be shown
to anyone who can read the APV. "Met" means that something is in place: a plan with no action
or a follow-up with no evaluation is not met."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from apps.actions.models import Action
from apps.assessments import cycle
from apps.assessments.facts import facts_for
from apps.assessments.models import Assessment, Phase
from apps.assessments.services import revision_due
from apps.findings.models import Dialogue, Finding

# The safety organisation's own forums: a dialogue there is its involvement (DESIGN.md §4).
SAFETY_ORGANISATION_FORUMS = (Dialogue.Forum.AMO, Dialogue.Forum.MED)

MET, NOT_MET, NOT_APPLICABLE = "met", "not_met", "not_applicable"


@dataclass(frozen=True)
class Element:
    """One legal element of the APV and whether this assessment has it in place."""

    code: str
    label: str
    status: str
    detail: str

    def as_dict(self) -> dict:
        met = None if self.status == NOT_APPLICABLE else self.status == MET
        return {
            "code": self.code,
            "label": self.label,
            "status": self.status,
            "met": met,
            "detail": self.detail,
        }


def _n(count: int, one: str, many: str) -> str:
    """A count with its Danish noun in the right number: "1 dialog", "3 dialoger"."""
    return f"{count} {one if count == 1 else many}"


def _messages(unmet, codes=None) -> list[str]:
    return [u.message for u in unmet if codes is None or u.code in codes]


@dataclass(frozen=True)
class _Counts:
    facts: object
    confirmed_risks: int
    actions: int
    done_actions: int

    @classmethod
    def of(cls, assessment: Assessment) -> _Counts:
        risks = assessment.findings.filter(
            kind=Finding.Kind.RISK, status=Finding.Status.CONFIRMED
        ).count()
        actions = Action.objects.filter(finding__assessment=assessment).exclude(
            status=Action.Status.CANCELLED
        )
        return cls(
            facts=facts_for([assessment])[assessment.pk],
            confirmed_risks=risks,
            actions=actions.count(),
            done_actions=actions.filter(status=Action.Status.DONE).count(),
        )


def _risk_assessment(assessment: Assessment, counts: _Counts) -> Element:
    unmet = _messages(cycle.guard(assessment, Phase.IDENTIFICATION, counts.facts))
    unmet += _messages(cycle.guard(assessment, Phase.INVOLVEMENT, counts.facts))
    findings = counts.facts.findings
    dialogues = counts.facts.dialogues
    if unmet:
        detail = " ".join(unmet)
    elif findings:
        detail = f"{findings} fund vurderet og drøftet i {_n(dialogues, 'dialog', 'dialoger')}."
    else:
        detail = (
            f"Ingen fund (begrundelse skrevet); drøftet i {_n(dialogues, 'dialog', 'dialoger')}."
        )
    return Element(
        "risk_assessment", "Kortlægning og risikovurdering", NOT_MET if unmet else MET, detail
    )


def _sickness_absence(assessment: Assessment) -> Element:
    written = bool(assessment.sickness_absence_note.strip())
    detail = (
        "Vurderingen af sygefraværet er skrevet."
        if written
        else "Skriv, om arbejdsmiljøet bidrager til sygefravær i enheden."
    )
    return Element(
        "sickness_absence", "Inddragelse af sygefravær", MET if written else NOT_MET, detail
    )


def _plan_needed(assessment: Assessment, counts: _Counts) -> bool | None:
    """Whether the APV needs an action plan: yes with confirmed risks, no when every finding
    is judged and none is a confirmed risk, and None while that is not known yet."""
    if counts.confirmed_risks:
        return True
    undecided = (
        cycle.guard(assessment, Phase.IDENTIFICATION, counts.facts)
        or (counts.facts.lacking["findings_open"])
    )
    return None if undecided else False


def _action_plan(assessment: Assessment, counts: _Counts) -> Element:
    label = "Skriftlig handlingsplan"
    needed = _plan_needed(assessment, counts)
    if needed is None:
        open_ = counts.facts.lacking["findings_open"]
        detail = (
            f"Risikovurderingen er ikke færdig: {_n(open_, 'fund', 'fund')} er endnu ikke "
            "vurderet, så planen kan ikke være komplet."
            if open_
            else "Kortlægningen er ikke gjort endnu: der er hverken fund eller en begrundelse."
        )
        return Element("action_plan", label, NOT_MET, detail)
    if not needed:
        detail = "Ingen bekræftede risici: der er intet at handle på."
        return Element("action_plan", label, NOT_APPLICABLE, detail)
    codes = {"risk_assessment_incomplete", "action_missing"}
    unmet = _messages(cycle.guard(assessment, Phase.PRIORITISATION, counts.facts), codes)
    if unmet:
        return Element("action_plan", label, NOT_MET, " ".join(unmet))
    risks = _n(counts.confirmed_risks, "bekræftet risiko", "bekræftede risici")
    detail = f"{_n(counts.actions, 'tiltag', 'tiltag')} for {risks}, med hvem og hvornår."
    return Element("action_plan", label, MET, detail)


def _follow_up(assessment: Assessment, counts: _Counts) -> Element:
    label = "Gennemførelse og opfølgning"
    needed = _plan_needed(assessment, counts)
    if needed is False:
        detail = "Ingen handlingsplan: der er intet at følge op på."
        return Element("follow_up", label, NOT_APPLICABLE, detail)
    if not counts.done_actions:
        detail = (
            "Ingen tiltag er gennemført endnu."
            if counts.actions
            else "Der er ingen tiltag at følge op på endnu."
        )
        return Element("follow_up", label, NOT_MET, detail)
    codes = {"evaluation_missing", "new_action_missing"}
    unmet = _messages(cycle.guard(assessment, Phase.FOLLOW_UP, counts.facts), codes)
    if unmet:
        return Element("follow_up", label, NOT_MET, " ".join(unmet))
    done = _n(counts.done_actions, "gennemført tiltag", "gennemførte tiltag")
    detail = f"{done} fulgt op med en evaluering af effekten."
    return Element("follow_up", label, MET, detail)


def _involvement(assessment: Assessment) -> Element:
    held = assessment.dialogues.filter(forum__in=SAFETY_ORGANISATION_FORUMS).count()
    detail = (
        f"{_n(held, 'dialog', 'dialoger')} i AMO eller MED."
        if held
        else "Ingen dialog i AMO eller MED er registreret."
    )
    return Element(
        "involvement", "Arbejdsmiljøorganisationens inddragelse", MET if held else NOT_MET, detail
    )


def _plan_approval(assessment: Assessment, counts: _Counts) -> Element:
    label = "Godkendelse af handlingsplanen"
    if _plan_needed(assessment, counts) is False and not assessment.plan_is_approved:
        return Element("plan_approval", label, NOT_APPLICABLE, "Ingen handlingsplan at godkende.")
    if not assessment.plan_is_approved:
        detail = "Handlingsplanen er ikke godkendt af AMO eller MED."
        return Element("plan_approval", label, NOT_MET, detail)
    by = assessment.plan_approved_by
    who = (by.get_full_name() or by.get_username()) if by else "ukendt"
    when = timezone.localtime(assessment.plan_approved_at)
    detail = f"Godkendt {when:%d.%m.%Y} af {who} i {assessment.get_plan_approval_forum_display()}."
    return Element("plan_approval", label, MET, detail)


def _revision(assessment: Assessment, as_of: datetime.date) -> Element:
    due = next_revision_due(assessment)
    overdue = revision_overdue(assessment, as_of=as_of)
    detail = (
        f"Revisionen var senest {due:%d.%m.%Y} og er overskredet."
        if overdue
        else f"Revideres senest {due:%d.%m.%Y}."
    )
    return Element(
        "revision", "Revision mindst hvert tredje år", NOT_MET if overdue else MET, detail
    )


def _available(assessment: Assessment) -> Element:
    published = assessment.communications.filter(published_at__isnull=False).count()
    detail = (
        f"{_n(published, 'offentliggjort statusmeddelelse', 'offentliggjorte statusmeddelelser')} "
        "til medarbejderne."
        if published
        else "Ingen statusmeddelelse er offentliggjort for medarbejderne."
    )
    return Element(
        "available", "Tilgængelig for medarbejderne", MET if published else NOT_MET, detail
    )


def compliance(assessment: Assessment, *, as_of: datetime.date | None = None) -> list[dict]:
    """The legal elements of DESIGN.md §4 for `assessment`: met, not met or not applicable,
    each with the reason. Details are counts and rule messages only, never a finding's text."""
    as_of = as_of or timezone.localdate()
    counts = _Counts.of(assessment)
    return [
        element.as_dict()
        for element in (
            _risk_assessment(assessment, counts),
            _sickness_absence(assessment),
            _action_plan(assessment, counts),
            _follow_up(assessment, counts),
            _involvement(assessment),
            _plan_approval(assessment, counts),
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
