"""Recording what is due as pending reminders, each under its unique key: sweeping twice, or
two sweeps at once, records a reminder once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from .due import reminders_due
from .models import Reminder


def reminders_record(
    *,
    as_of: datetime.date | None = None,
    action_ids: Iterable[int] | None = None,
    assessment_ids: Iterable[int] | None = None,
) -> int:
    """Record the reminders due as of `as_of` as pending rows; existing keys are left alone, so
    recording twice (or twice at once) is harmless. Returns how many were new."""
    due = reminders_due(as_of=as_of, action_ids=action_ids, assessment_ids=assessment_ids)
    if not due:
        return 0
    keys = {d.key(): d for d in due}
    existing = set(
        Reminder.objects.filter(
            kind__in={k[0] for k in keys},
            subject_id__in={k[2] for k in keys},
            recipient_id__in={k[3] for k in keys},
        ).values_list("kind", "subject_type_id", "subject_id", "recipient_id", "due_on", "period")
    )
    new = [
        Reminder(
            kind=d.kind,
            recipient=d.recipient,
            reason=d.reason,
            subject_type_id=key[1],
            subject_id=key[2],
            unit=d.unit,
            due_on=d.due_on,
            period=d.period,
        )
        for key, d in keys.items()
        if key not in existing
    ]
    # A sweep running at the same moment may insert the same keys: the unique constraint
    # decides, and the loser's rows are dropped.
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def handovers_record(handovers: Iterable[tuple], *, on: datetime.date) -> int:
    """One reminder to each new owner of an action handed over from a person who left
    (apps.organisation.leavers), dated the day of leaving: handing over again the same day
    records nothing new. Sent with the next send, like any other."""
    rows = [
        Reminder(
            kind=Reminder.Kind.ACTION_REASSIGNED,
            recipient=owner,
            reason=Reminder.Reason.OWNER,
            subject_type=ContentType.objects.get_for_model(action),
            subject_id=action.pk,
            unit=action.finding.assessment.unit,
            due_on=on,
        )
        for action, owner in handovers
    ]
    return len(Reminder.objects.bulk_create(rows, ignore_conflicts=True))
