"""Sending the reminders of the organisation's year (`due_organisation`): whether a recorded one
is still due when it goes out, and what its mail says. Kept beside `sending`, which asks these
for the four kinds."""

from __future__ import annotations

import datetime

from django.utils import timezone

from apps.concerns.models import Concern
from apps.governance.models import Agreement, AnnualReview, ChangeEvent
from apps.organisation.models import RoleAssignment

from .models import Reminder

Kind = Reminder.Kind
KINDS = frozenset(
    {
        Kind.ANNUAL_REVIEW_DUE,
        Kind.AGREEMENT_REVIEW_DUE,
        Kind.CHANGE_UNANSWERED,
        Kind.CONCERN_UNDECIDED,
        Kind.ROLE_ENDING,
    }
)
# The subjects' rows as the mail reads them (one query per kind, `sending._claimed_rows`).
SUBJECT_QUERYSETS = (
    AnnualReview.objects.select_related("unit"),
    Agreement.objects.select_related("unit"),
    ChangeEvent.objects.select_related("unit"),
    Concern.objects.select_related("unit"),
    RoleAssignment.objects.select_related("unit", "user"),
)
_ADMIN_PAGE = {
    AnnualReview: "admin:governance_annualreview_change",
    Agreement: "admin:governance_agreement_change",
    ChangeEvent: "admin:governance_changeevent_answer",
    Concern: "admin:concerns_concern_change",
    RoleAssignment: "admin:organisation_roleassignment_change",
}


def no_longer_due(reminder: Reminder, subject) -> str:
    """Why a recorded reminder of these kinds should not go out any more (empty: it should)."""
    kind = reminder.kind
    if kind == Kind.ANNUAL_REVIEW_DUE:
        newer = AnnualReview.objects.filter(unit_id=subject.unit_id, held_on__gt=subject.held_on)
        if subject.next_due != reminder.due_on or newer.exists():
            return "A newer annual review has been held."
    elif kind == Kind.AGREEMENT_REVIEW_DUE and subject.review_due != reminder.due_on:
        return "The agreement has been reviewed since."
    elif kind == Kind.CHANGE_UNANSWERED and subject.is_answered:
        return "The change has been answered."
    elif kind == Kind.CONCERN_UNDECIDED and subject.is_decided:
        return "The concern has been decided."
    elif kind == Kind.ROLE_ENDING and subject.ends_on != reminder.due_on:
        return "The role's last day has changed."
    return ""


def admin_page(subject) -> str:
    """The name of the admin page where the recipient does what the reminder asks."""
    return _ADMIN_PAGE[type(subject)]


def item(reminder: Reminder, subject, as_of: datetime.date) -> dict:
    """What the mail says of the subject: the days left before a review is due or a role ends,
    or the days a change or a concern has waited. Named by unit and date only: a concern's or a
    change's text stays in the tracker."""
    if isinstance(subject, Concern):
        since = subject.created_on
    elif isinstance(subject, ChangeEvent):
        since = timezone.localdate(subject.created_at)
    else:
        return {"subject": subject, "days": (reminder.due_on - as_of).days}
    return {"subject": subject, "since": since, "days": (as_of - since).days}
