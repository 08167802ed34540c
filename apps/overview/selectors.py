"""The start page of every person (Mit overblik): what is theirs to do, read through the access
module and judged by the cycle. Every list is bounded: a root coordinator's page costs what a
team's does, and links lead to the full lists."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from apps import access
from apps.access import ROLES_FOR_VERB, Verb
from apps.actions.models import Action, Evaluation
from apps.assessments import cycle
from apps.assessments.admin_filters import unmet_url
from apps.conversation.selectors import inbox_for, inbox_lines
from apps.organisation.models import Role
from apps.surveys.proposals import proposals_for

LIMIT = 8


@dataclass
class ApvLine:
    assessment: object
    next_phase: str | None
    missing: list[tuple[str, str | None]]
    proposals: int = 0  # proposed findings from the survey, for those who may log them


@dataclass
class ActionLine:
    action: object
    finding: str
    overdue: bool


@dataclass
class Section:
    lines: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass
class Overview:
    apvs: Section
    my_actions: Section
    unit_actions: Section | None
    approvals: Section
    evaluations: Section
    reminders: list = field(default_factory=list)
    loggable_apvs: list = field(default_factory=list)
    inbox: Section | None = None  # the newest unread items (apps.conversation)


def _section(queryset, make, limit=LIMIT) -> Section:
    rows = list(queryset[:limit])
    total = len(rows) if len(rows) < limit else queryset.count()
    return Section([make(row) for row in rows], total)


def _apv_section(apvs, user) -> Section:
    """The open APVs with what each is missing, counted for the whole section at once, and
    the survey's proposed findings for those the person may log findings in."""
    section = _section(apvs, lambda assessment: assessment)
    counted = cycle.readiness_many(section.lines)
    section.lines = [
        ApvLine(
            a,
            counted[a.pk].next,
            [(u.message, unmet_url(a, u.code)) for u in counted[a.pk].unmet],
            len(proposals_for(a)) if access.can(user, Verb.EDIT, a) else 0,
        )
        for a in section.lines
    ]
    return section


def _action_line(user, today):
    def make(action) -> ActionLine:
        overdue = action.due_on is not None and action.due_on < today
        return ActionLine(action, access.finding_label(user, action.finding), overdue)

    return make


def _by_due_date(actions):
    return actions.order_by(F("due_on").asc(nulls_last=True), "id")


def overview_for(user, *, today: datetime.date | None = None) -> Overview:
    """What waits for `user`: their units' open APVs with what is missing, their actions (and
    for leaders and coordinators their units' open actions), plans waiting for their approval,
    evaluations due, and their latest reminders."""
    today = today or timezone.localdate()
    apvs = cycle.open_assessments(access.assessments_visible_to(user)).order_by(
        F("due_on").asc(nulls_last=True), "unit__path", "id"
    )
    open_actions = (
        access.actions_visible_to(user).open().filter(cycle.open_q("finding__assessment"))
    )
    mine = _by_due_date(open_actions.filter(owner=user))
    leads = {Role.LEADER, Role.COORDINATOR}
    unit_actions = None
    if user.is_superuser or any(g.role in leads for g in access.grants(user)):
        theirs = open_actions.filter(
            access.scope_q(user, "finding__assessment__unit__path", roles=leads)
        ).exclude(owner=user)
        unit_actions = _section(_by_due_date(theirs), _action_line(user, today))
    approvers = ROLES_FOR_VERB[Verb.APPROVE_PLAN]
    approvals = cycle.awaiting_approval(apvs).filter(
        access.scope_q(user, "unit__path", roles=approvers)
    )
    evaluated = Evaluation.objects.filter(action=OuterRef("pk"))
    evaluations = (
        access.actions_visible_to(user)
        .filter(status=Action.Status.DONE, evaluation_due_on__lte=today + datetime.timedelta(7))
        .filter(~Exists(evaluated), cycle.open_q("finding__assessment"))
        .filter(
            access.scope_q(user, "finding__assessment__unit__path", roles=ROLES_FOR_VERB[Verb.EDIT])
        )
        .order_by("evaluation_due_on", "id")
    )
    editable = apvs.filter(unit__in=access.units_where(user, Verb.EDIT))
    return Overview(
        apvs=_apv_section(apvs, user),
        my_actions=_section(mine, _action_line(user, today)),
        unit_actions=unit_actions,
        approvals=_section(approvals, lambda a: a),
        evaluations=_section(evaluations, _action_line(user, today)),
        reminders=list(
            access.reminders_visible_to(user).filter(recipient=user).order_by("-created_at")[:5]
        ),
        loggable_apvs=list(editable[:LIMIT]),
        inbox=_inbox_section(user),
    )


def _inbox_section(user) -> Section:
    """The newest unread items of the inbox, named in one pass for the whole section."""
    section = _section(inbox_for(user, unread=True), lambda item: item, limit=5)
    section.lines = inbox_lines(user, section.lines)
    return section
