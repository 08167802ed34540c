"""A person leaves the organisation (by hand in the admin or the API, or by the HR import).

Their roles end, their way in closes (login, API tokens, calendar feed), and their open actions
go to someone who carries them on: a named successor, else the unit's leader, else (under a
confidential finding) one of the finding's handlers, else a coordinator; never to someone who
may not read the finding. Each new owner gets one reminder saying why. Everything they did
stays under their name: nothing historical is rewritten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.actions.services import action_reassign
from apps.core.errors import DomainError
from apps.security.log import security_event

from . import services
from .models import Role, RoleAssignment


@dataclass(frozen=True)
class Handover:
    action: Action
    owner: object  # the new owner
    why: str  # "successor", "leader", "handler" or "coordinator"


def _end_roles(*, by, user, on: datetime.date) -> None:
    """Every assignment of the person ends the day before `on`. A deputy standing in for them
    stops with it (a stand-in holds only while the assignment it stands in for does)."""
    for assignment in RoleAssignment.objects.filter(user=user).select_related("stands_in_for"):
        services.role_assignment_end(by=by, role_assignment=assignment, on=on)


def _readers(people, finding, leaver) -> list:
    return [
        person
        for person in sorted({p.pk: p for p in people}.values(), key=lambda p: p.pk)
        if person.pk != leaver.pk and person.is_active and access.can(person, Verb.READ, finding)
    ]


def _new_owner(action: Action, leaver, successor) -> tuple[object, str] | None:
    finding = action.finding
    unit = finding.assessment.unit
    steps = []
    if successor is not None:
        steps.append(("successor", [successor]))
    steps.append(("leader", access.nearest_holders(unit, Role.LEADER)))
    if finding.confidential:
        named = list(finding.handlers.all())
        defaults = [
            u for role in access.DEFAULT_HANDLER_ROLES for u in access.nearest_holders(unit, role)
        ]
        steps.append(("handler", named or defaults))
    steps.append(("coordinator", access.nearest_holders(unit, Role.COORDINATOR)))
    for why, people in steps:
        readers = _readers(people, finding, leaver)
        if readers:
            return readers[0], why
    return None


@transaction.atomic
def person_leave(*, by, user, successor=None, on: datetime.date | None = None) -> list[Handover]:
    """`user` leaves as of `on` (default today). Returns where their open actions went; an
    action nobody may carry on (no leader, handler or coordinator above its unit) stays with
    them and is listed with `owner` None, for a coordinator to give by hand."""
    on = on or timezone.localdate()
    if successor is not None and (successor.pk == user.pk or not successor.is_active):
        raise DomainError(
            "successor_invalid",
            _("Choose an active person other than the one who leaves."),
            field="successor",
            invalid_input=True,
        )
    _end_roles(by=by, user=user, on=on)
    if user.is_active:
        services.user_update(by=by, user=user, is_active=False)
    services.revoke_credentials(user, reason="left")
    handovers = []
    open_actions = (
        Action.objects.filter(owner=user)
        .exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])
        .select_related("finding__assessment__unit")
        .order_by("pk")
    )
    for action in open_actions:
        found = _new_owner(action, user, successor)
        if found is None:
            handovers.append(Handover(action, None, ""))
            continue
        owner, why = found
        action_reassign(action=action, owner=owner, by=by)
        handovers.append(Handover(action, owner, why))
    from apps.reminders.services import handovers_record

    handovers_record([(h.action, h.owner) for h in handovers if h.owner is not None], on=on)
    security_event(
        "person_left",
        user=user,
        by=getattr(by, "pk", None),
        actions_handed_over=sum(1 for h in handovers if h.owner is not None),
        actions_left_without_owner=sum(1 for h in handovers if h.owner is None),
    )
    return handovers
