"""The APV cycle's rules in one place: which move is allowed, and what is missing (DESIGN.md §5).

Every rule that depends on the phase is a function here: whether an APV is locked, which moves
it allows, when its plan may be approved and when a change withdraws that approval. The
transition service refuses with the unmet list, the readiness endpoint and the admin show it,
dashboards count it, and admins, forms, reminders and selectors ask these functions rather than
compare `phase` themselves. Messages never quote a finding's text: a confidential finding must
not leak through a refusal, so they speak in counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.core.errors import Unmet

from .models import Assessment, Phase

ORDER = [
    Phase.IDENTIFICATION,
    Phase.INVOLVEMENT,
    Phase.PRIORITISATION,
    Phase.COMMUNICATION,
    Phase.FOLLOW_UP,
    Phase.CLOSED,
]


# --- the phase-dependent rules --------------------------------------------------------------


def is_locked(assessment: Assessment) -> bool:
    """A closed APV is the record of a finished round: nothing in it changes until reopened."""
    return assessment.phase == Phase.CLOSED


def open_q(to_assessment: str = "") -> Q:
    """Q for rows whose APV is open (not closed); `to_assessment` leads from the rows to their
    APV: "" for APVs themselves, "assessment" for findings, "finding__assessment" for actions."""
    field = f"{to_assessment}__phase" if to_assessment else "phase"
    return ~Q(**{field: Phase.CLOSED})


def is_behind_plan(assessment: Assessment, today) -> bool:
    """Whether an open APV of a round is still in a phase its round planned done by now."""
    if is_locked(assessment) or assessment.round is None:
        return False
    planned = assessment.round.planned_by(assessment.phase)
    return planned is not None and planned < today


def latest_closed(unit) -> Assessment | None:
    """The unit's newest closed APV: the one a reopening would take up again."""
    return (
        Assessment.objects.filter(unit=unit, phase=Phase.CLOSED)
        .order_by("-started_on", "-id")
        .first()
    )


def is_past_prioritisation(assessment: Assessment) -> bool:
    """Whether the APV has left prioritisation: its plan should be approved and its
    sickness-absence note written by now."""
    return ORDER.index(assessment.phase) > ORDER.index(Phase.PRIORITISATION)


def open_assessments(queryset=None):
    """The open APVs of `queryset` (default: all)."""
    queryset = Assessment.objects.all() if queryset is None else queryset
    return queryset.filter(open_q())


def awaiting_approval(queryset):
    """APVs of `queryset` whose plan is being prioritised and not yet approved."""
    return queryset.filter(phase=Phase.PRIORITISATION, plan_approved_at__isnull=True)


def is_awaiting_approval(assessment: Assessment) -> bool:
    """The same rule for one APV."""
    return assessment.phase == Phase.PRIORITISATION and assessment.plan_approved_at is None


def may_approve_plan(assessment: Assessment) -> bool:
    """The action plan is approved while it is being prioritised, and only then."""
    return assessment.phase == Phase.PRIORITISATION


def may_reopen(assessment: Assessment) -> bool:
    return assessment.phase == Phase.CLOSED


def change_withdraws_approval(assessment: Assessment) -> bool:
    """Whether changing the plan now withdraws its approval: an approved plan that is still
    being prioritised must be approved again (once communicated, it is history)."""
    return assessment.phase == Phase.PRIORITISATION and assessment.plan_approved_at is not None


@dataclass(frozen=True)
class Move:
    to: str
    backward: bool


def allowed_moves(assessment: Assessment) -> list[Move]:
    """The moves a person may try from the current phase: one forward, one back; none from
    closed (reopening is its own action)."""
    if is_locked(assessment):
        return []
    moves = []
    forward, backward = next_phase(assessment.phase), previous_phase(assessment.phase)
    if forward:
        moves.append(Move(forward, backward=False))
    if backward:
        moves.append(Move(backward, backward=True))
    return moves


def next_phase(phase: str) -> str | None:
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_phase(phase: str) -> str | None:
    index = ORDER.index(phase)
    return ORDER[index - 1] if index > 0 else None


def is_backward(current: str, to: str) -> bool:
    return ORDER.index(to) < ORDER.index(current)


# --- what an unmet condition is about ------------------------------------------------------


@dataclass(frozen=True)
class Lacking:
    """The findings or actions of an APV that keep one condition unmet: the guard counts them,
    the admin lists them (a filter of that name), the start page links to them."""

    model: str  # "finding" or "action"
    label: str
    q: Q


def lacking(code: str) -> Lacking | None:
    """What the unmet condition `code` is about, when it is about findings or actions."""
    from apps.actions.models import Action, Evaluation
    from apps.findings.models import Finding

    risk = Q(kind=Finding.Kind.RISK)
    confirmed_risk = risk & Q(status=Finding.Status.CONFIRMED)
    planned = Action.objects.filter(
        finding=OuterRef("pk"), owner__isnull=False, due_on__isnull=False
    ).exclude(status=Action.Status.CANCELLED)
    finished = [Action.Status.DONE, Action.Status.CANCELLED]
    evaluated = Evaluation.objects.filter(action=OuterRef("pk"))
    table = {
        "findings_open": Lacking(
            "finding", gettext_lazy("Still open"), Q(status=Finding.Status.OPEN)
        ),
        "risk_assessment_incomplete": Lacking(
            "finding",
            gettext_lazy("Lacks severity, extent or causes"),
            risk
            & Q(status__in=[Finding.Status.CONFIRMED, Finding.Status.RESOLVED])
            & (Q(severity__isnull=True) | Q(extent__isnull=True) | Q(causes="")),
        ),
        "priority_missing": Lacking(
            "finding", gettext_lazy("Lacks a priority"), confirmed_risk & Q(priority__isnull=True)
        ),
        "action_missing": Lacking(
            "finding",
            gettext_lazy("Lacks an action with an owner and a due date"),
            confirmed_risk & ~Q(Exists(planned)),
        ),
        "actions_not_finished": Lacking(
            "action", gettext_lazy("Neither done nor cancelled"), ~Q(status__in=finished)
        ),
        "evaluation_missing": Lacking(
            "action",
            gettext_lazy("Done, not evaluated"),
            Q(status=Action.Status.DONE) & ~Q(Exists(evaluated)),
        ),
    }
    return table.get(code)


LACKING_CODES = {
    "finding": [
        "findings_open",
        "risk_assessment_incomplete",
        "priority_missing",
        "action_missing",
    ],
    "action": ["actions_not_finished", "evaluation_missing"],
}


def _counted(code: str, count: int, one: str, many: str) -> list[Unmet]:
    if not count:
        return []
    return [Unmet(code, ngettext(one, many, count) % {"count": count})]


def _leaving_identification(assessment: Assessment, facts) -> list[Unmet]:
    if facts.findings or assessment.no_findings_statement.strip():
        return []
    return [
        Unmet(
            "no_findings",
            _("Record at least one finding, or write a statement of why there are no findings."),
        )
    ]


def _leaving_involvement(assessment: Assessment, facts) -> list[Unmet]:
    unmet = []
    if not facts.dialogues:
        unmet.append(
            Unmet(
                "no_dialogue",
                _("Record at least one dialogue where the findings were discussed."),
            )
        )
    unmet += _counted(
        "findings_open",
        facts.lacking["findings_open"],
        "%(count)d finding is still open: confirm, dismiss or resolve it.",
        "%(count)d findings are still open: confirm, dismiss or resolve them.",
    )
    return unmet


def _leaving_prioritisation(assessment: Assessment, facts) -> list[Unmet]:
    unmet = []
    if not assessment.sickness_absence_note.strip():
        unmet.append(
            Unmet(
                "sickness_absence_note_missing",
                _("Write whether the work environment contributes to sickness absence."),
            )
        )
    unmet += _counted(
        "risk_assessment_incomplete",
        facts.lacking["risk_assessment_incomplete"],
        "%(count)d risk finding lacks severity, extent or causes.",
        "%(count)d risk findings lack severity, extent or causes.",
    )
    unmet += _counted(
        "priority_missing",
        facts.lacking["priority_missing"],
        "%(count)d confirmed risk finding has no priority.",
        "%(count)d confirmed risk findings have no priority.",
    )
    unmet += _counted(
        "action_missing",
        facts.lacking["action_missing"],
        "%(count)d confirmed risk finding has no action with an owner and a due date.",
        "%(count)d confirmed risk findings have no action with an owner and a due date.",
    )
    if not assessment.plan_is_approved:
        unmet.append(
            Unmet(
                "plan_not_approved",
                _("The action plan must be approved by the AMO or the MED committee."),
            )
        )
    return unmet


def _leaving_communication(assessment: Assessment, facts) -> list[Unmet]:
    if facts.published_communications:
        return []
    return [
        Unmet(
            "no_published_communication",
            _("Publish at least one status message to your colleagues."),
        )
    ]


def _leaving_follow_up(assessment: Assessment, facts) -> list[Unmet]:
    unmet = _counted(
        "actions_not_finished",
        facts.lacking["actions_not_finished"],
        "%(count)d action is neither done nor cancelled.",
        "%(count)d actions are neither done nor cancelled.",
    )
    unmet += _counted(
        "evaluation_missing",
        facts.lacking["evaluation_missing"],
        "%(count)d done action has not been evaluated.",
        "%(count)d done actions have not been evaluated.",
    )
    unmet += _counted(
        "new_action_missing",
        facts.lacking["new_action_missing"],
        "%(count)d evaluation decided on a new action, but none has been created.",
        "%(count)d evaluations decided on a new action, but none has been created.",
    )
    return unmet


GUARDS = {
    Phase.IDENTIFICATION: _leaving_identification,
    Phase.INVOLVEMENT: _leaving_involvement,
    Phase.PRIORITISATION: _leaving_prioritisation,
    Phase.COMMUNICATION: _leaving_communication,
    Phase.FOLLOW_UP: _leaving_follow_up,
}


def guard(assessment: Assessment, phase: str, facts=None) -> list[Unmet]:
    """What leaving `phase` would ask of `assessment`, whatever phase it is in now (the
    compliance view asks this of every phase)."""
    if facts is None:
        from .facts import facts_for

        facts = facts_for([assessment])[assessment.pk]
    return GUARDS[phase](assessment, facts)


def unmet_conditions(assessment: Assessment, to: str, facts=None) -> list[Unmet]:
    """What stands between `assessment` and phase `to`; empty when the move is allowed.
    `facts` (from `facts.facts_for`) when the caller counted a whole page at once."""
    current = assessment.phase
    if to not in {move.to for move in allowed_moves(assessment)}:
        return [
            Unmet(
                "not_adjacent",
                _("An APV moves one phase forward or one phase back, and never out of closed."),
            )
        ]
    if is_backward(current, to):
        return []
    return guard(assessment, current, facts)


@dataclass
class Readiness:
    next: str | None
    ready: bool
    unmet: list[Unmet] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "next": self.next,
            "ready": self.ready,
            "unmet": [u.as_dict() for u in self.unmet],
        }


def readiness(assessment: Assessment, facts=None) -> Readiness:
    """What is missing to move on to the next phase; a closed APV is never ready."""
    if is_locked(assessment):
        return Readiness(next=None, ready=False, unmet=[])
    to = next_phase(assessment.phase)
    unmet = unmet_conditions(assessment, to, facts)
    return Readiness(next=to, ready=not unmet, unmet=unmet)


def readiness_many(assessments) -> dict[int, Readiness]:
    """The readiness of each of `assessments` (a page of a list), counted in four queries."""
    from .facts import facts_for

    assessments = list(assessments)
    counted = facts_for([a for a in assessments if not is_locked(a)])
    return {a.pk: readiness(a, counted.get(a.pk)) for a in assessments}
