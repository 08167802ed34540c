"""What is due in the organisation's year (DESIGN.md §7): the annual review before its year
runs out, the TRIO agreement's yearly review, a change waiting for its answer, and a concern
waiting for the AMR's decision. The sweep (`due.reminders_due`) asks the access module who may
be told, as for every other kind."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from apps.concerns.models import Concern
from apps.concerns.selectors import WAITING_DAYS
from apps.governance.selectors import (
    agreement_reviews_due,
    annual_reviews_due,
    changes_unanswered,
)
from apps.organisation.models import Role, RoleAssignment

from .candidates import TRIO, Candidate, Holders, weekly_period
from .models import Reminder

Kind = Reminder.Kind
# A concern that waits this many weeks also goes to the coordinators: it must not die with
# an AMR who is away or overloaded.
CONCERN_ESCALATION_WEEK = 3


def _registered_on(change) -> datetime.date:
    return timezone.localdate(change.created_at)


def _waiting(subjects, registered_on, as_of: datetime.date) -> list[tuple]:
    """(subject, due date, period) of the subjects waiting longer than `WAITING_DAYS`: due
    that many days after they came in, then again each week."""
    waiting = []
    for subject in subjects:
        due_on = registered_on(subject) + datetime.timedelta(days=WAITING_DAYS)
        if due_on <= as_of:
            waiting.append((subject, due_on, weekly_period(due_on, as_of)))
    return waiting


# Roles whose end is worth a reminder: those held by election or appointment.
ENDING_ROLES = (Role.AMR, Role.TR, Role.MED, Role.LEADER, Role.COORDINATOR)


def _roles_ending(as_of: datetime.date) -> list[RoleAssignment]:
    """Role assignments (not a deputy's stand-in) whose last day falls within the notice."""
    last = as_of + datetime.timedelta(days=settings.APV_ROLE_ENDING_NOTICE_DAYS)
    return list(
        RoleAssignment.objects.in_effect(as_of)
        .filter(
            stands_in_for__isnull=True,
            role__in=ENDING_ROLES,
            ends_on__range=(as_of, last),
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("pk")
    )


def organisation_candidates(as_of: datetime.date) -> list[Candidate]:
    """The four kinds' candidates as of `as_of`, with their people resolved for all at once."""
    reviews = list(annual_reviews_due(as_of, settings.APV_ANNUAL_REVIEW_NOTICE_DAYS))
    agreements = list(agreement_reviews_due(as_of, settings.APV_AGREEMENT_REVIEW_NOTICE_DAYS))
    # A change or a concern of today cannot be due yet: only older ones are loaded.
    last_day = as_of - datetime.timedelta(days=WAITING_DAYS)
    changes = _waiting(
        changes_unanswered().filter(created_at__date__lte=last_day), _registered_on, as_of
    )
    concerns = _waiting(
        Concern.objects.filter(status=Concern.Status.NEW, created_on__lte=last_day)
        .select_related("unit")
        .order_by("created_on", "pk"),
        lambda concern: concern.created_on,
        as_of,
    )
    ending = _roles_ending(as_of)
    holders = Holders(
        [a.unit for a in ending]
        + [r.unit for r in reviews]
        + [a.unit for a in agreements]
        + [c.unit for c, *_ in changes]
        + [c.unit for c, *_ in concerns]
    )
    found = [
        Candidate(
            Kind.ANNUAL_REVIEW_DUE, r, r.unit, r.next_due, "", holders.or_coordinators(r.unit, TRIO)
        )
        for r in reviews
    ]
    found += [
        Candidate(
            Kind.AGREEMENT_REVIEW_DUE,
            a,
            a.unit,
            a.review_due,
            "",
            holders.or_coordinators(a.unit, TRIO),
        )
        for a in agreements
    ]
    found += [
        Candidate(
            Kind.CHANGE_UNANSWERED, c, c.unit, due_on, period, holders.or_coordinators(c.unit, TRIO)
        )
        for c, due_on, period in changes
    ]
    for concern, due_on, period in concerns:
        # A named concern's sender never decides it, whatever roles they hold.
        amrs = [(u, r) for u, r in holders(concern.unit, [Role.AMR]) if u.pk != concern.sender_id]
        coordinators = holders(concern.unit, [Role.COORDINATOR])
        late = int(period[1:]) >= CONCERN_ESCALATION_WEEK
        people = amrs + coordinators if late or not amrs else amrs
        found.append(
            Candidate(Kind.CONCERN_UNDECIDED, concern, concern.unit, due_on, period, people)
        )
    for assignment in ending:
        # The holder, then the coordinators who arrange the election or a successor.
        coordinators = [
            (u, r) for u, r in holders(assignment.unit, [Role.COORDINATOR]) if u != assignment.user
        ]
        people = [(assignment.user, assignment.role), *coordinators]
        found.append(
            Candidate(Kind.ROLE_ENDING, assignment, assignment.unit, assignment.ends_on, "", people)
        )
    return found
