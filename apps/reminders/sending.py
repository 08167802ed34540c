"""Sending recorded reminders at most once: claiming a person's reminders in a short
transaction (pending ones, or `sending` ones whose lease ran out because their worker died),
one message per person, then marking them sent. The only window where a person may get a
message twice is a worker that dies after the mail server accepted the message and before the
rows were marked sent."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from apps import access
from apps.actions.models import Action, Evaluation
from apps.assessments.models import Assessment
from apps.organisation.models import Role, Unit, path_within

from . import selectors
from . import sending_organisation as organisation
from .models import Reminder

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Reason = Reminder.Reason


@dataclass
class SendResult:
    """What one send run did: reminders sent, messages (one per person), skipped, failed, and
    how many went back to pending after a delivery error (to be retried)."""

    sent: int = 0
    messages: int = 0
    skipped: int = 0
    failed: int = 0
    retry: int = 0
    recipients: list[int] = field(default_factory=list)


def _claimable(now) -> Q:
    return Q(status=Reminder.Status.PENDING) | Q(
        status=Reminder.Status.SENDING, lease_until__lt=now
    )


# People claimed, read and rendered together: the access module and the prefetches are asked
# once per batch, not once per person.
CLAIM_BATCH = 25


def _claim_batch(after: int, size: int) -> tuple[list[int], uuid.UUID | None] | None:
    """Claim every sendable reminder of the next `size` people (by id, after `after`), in one
    short transaction. Walking the people in id order reads the recipient index from where the
    last batch ended, so a batch costs the same however many reminders wait.

    Returns (the people looked at, the claim token), the token None when other senders have
    all of them right now; None when nothing is left. On PostgreSQL the people's rows are
    locked with SKIP LOCKED, so concurrent senders take different people and one person's
    reminders make one message. The conditional update makes the claim safe without row locks
    too (SQLite): a reminder is claimed by exactly one token.
    """
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.APV_REMINDER_LEASE_SECONDS)
    with transaction.atomic():
        recipient_ids = list(
            Reminder.objects.filter(_claimable(now), recipient_id__gt=after)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:size]
        )
        if not recipient_ids:
            return None
        mine = list(
            get_user_model()
            .objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk__in=recipient_ids)
            .values_list("pk", flat=True)
        )
        if not mine:
            return recipient_ids, None
        claimable = Reminder.objects.filter(_claimable(now), recipient_id__in=mine)
        # A reminder whose worker died again and again is given up rather than retried forever.
        claimable.filter(attempts__gte=settings.APV_REMINDER_MAX_ATTEMPTS).update(
            status=Reminder.Status.FAILED,
            lease_until=None,
            last_error="Gave up: the lease ran out on every attempt.",
        )
        token = uuid.uuid4()
        claimable.update(
            status=Reminder.Status.SENDING,
            claim=token,
            lease_until=now + lease,
            attempts=F("attempts") + 1,
        )
    return recipient_ids, token


def _action_is_current(reminder: Reminder, action: Action) -> bool:
    return action.due_on == reminder.due_on and action.status not in (
        Action.Status.DONE,
        Action.Status.CANCELLED,
    )


def _no_longer_due(reminder: Reminder, subject, as_of: datetime.date, readable: set) -> str:
    """Why a recorded reminder should not go out any more (empty when it still should);
    `readable` is what the access module said its recipient may read, asked for all of the
    person's reminders at once."""
    if subject is None:
        return "The subject no longer exists."
    recipient = reminder.recipient
    if not recipient.is_active:
        return "The recipient is no longer active."
    if (recipient.pk, type(subject), subject.pk) not in readable:
        return "The recipient may no longer read the subject."
    kind = reminder.kind
    if kind == Kind.ACTION_DUE_SOON:
        if not _action_is_current(reminder, subject) or subject.due_on <= as_of:
            return "The action is done, cancelled, overdue or has a new deadline."
    elif kind == Kind.ACTION_OVERDUE:
        if not _action_is_current(reminder, subject) or subject.due_on >= as_of:
            return "The action is done, cancelled or has a new deadline."
    elif kind == Kind.ACTION_REASSIGNED:
        if subject.owner_id != recipient.pk or subject.status in (
            Action.Status.DONE,
            Action.Status.CANCELLED,
        ):
            return "The action has a new owner again, or is done or cancelled."
    elif kind == Kind.EVALUATION_DUE:
        if (
            subject.status != Action.Status.DONE
            or subject.evaluation_due_on != reminder.due_on
            or subject.evaluated
        ):
            return "The action has been evaluated or is no longer done."
    elif kind == Kind.PHASE_STALLED:
        if (
            subject.phase != reminder.period
            or timezone.localdate(subject.phase_entered_at) != reminder.due_on
        ):
            return "The APV has moved since."
    elif kind == Kind.PHASE_DUE:
        planned = subject.round.planned_by(subject.phase) if subject.round else None
        if subject.phase != reminder.period or planned != reminder.due_on:
            return "The APV has moved on, or its round's plan has changed."
    elif kind == Kind.REVISION_DUE:
        latest = selectors.latest_assessments().filter(pk=subject.pk).exists()
        if subject.next_revision_due != reminder.due_on or not latest:
            return "The revision date has changed, or a new APV round has started."
    elif kind in organisation.KINDS:
        return organisation.no_longer_due(reminder, subject)
    elif kind == Kind.MED_DIGEST:
        if Role.MED not in access.roles_on(recipient, subject):
            return "The recipient is no longer a MED member of the unit."
        if selectors.med_digest_is_empty(recipient, subject, as_of):
            return "Nothing to report any more."
    return ""


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _days(a: datetime.date, b: datetime.date) -> int:
    return abs((b - a).days)


def _role_unit(user, role: str, unit: Unit, units: dict[int, Unit]) -> Unit:
    """Where `user` holds `role` for `unit`: the unit itself or the nearest one above it
    (`units`: the units of the batch's grants, fetched once)."""
    held = [g for g in access.grants(user) if g.role == role and path_within(unit.path, g.path)]
    nearest = max(held, key=lambda g: len(g.path), default=None)
    if nearest is None or nearest.unit_id == unit.pk:
        return unit
    return units[nearest.unit_id]


def _item(reminder: Reminder, subject, as_of: datetime.date, units: dict[int, Unit]) -> dict:
    """What the templates need about one reminder. A confidential finding's action is never
    named: the mail says only that it belongs to a confidential finding."""
    item = {
        "kind": reminder.kind,
        "reason": reminder.reason,
        "unit": reminder.unit,
        "due_on": reminder.due_on,
    }
    if reminder.reason != Reason.OWNER:
        # "Leader for Dagtilbud Nord, which Solsikken is part of": say where the role is held.
        item["role_unit"] = _role_unit(reminder.recipient, reminder.reason, reminder.unit, units)
    if isinstance(subject, Action):
        item.update(
            action=subject,
            title=access.action_label(None, subject),
            confidential=not access.named_outside(subject),
            assessment=subject.finding.assessment,
            owner=subject.owner,
            days=_days(as_of, reminder.due_on),
            url=_url("admin:actions_action_change", subject.pk),
        )
    elif isinstance(subject, Assessment):
        item.update(
            assessment=subject,
            phase=subject.get_phase_display(),
            days=_days(reminder.due_on, as_of),
            url=_url("admin:assessments_assessment_change", subject.pk),
        )
    elif reminder.kind in organisation.KINDS:
        item.update(
            organisation.item(reminder, subject, as_of),
            url=_url(organisation.admin_page(subject), subject.pk),
        )
    else:
        item.update(
            digest=selectors.med_digest(reminder.recipient, subject, as_of),
            url=_url("admin:assessments_assessment_changelist"),
        )
    return item


def _message(recipient, items: list[dict]) -> EmailMultiAlternatives:
    waiting = [item for item in items if item["kind"] != Kind.MED_DIGEST]
    # Numbered only when there is more than one thing to do: "1." before the only item reads
    # like a form.
    for number, item in enumerate(waiting, start=1):
        item["number"] = number if len(waiting) > 1 else None
    context = {
        "recipient": recipient,
        "items": items,
        "waiting": len(waiting),
        "digests": len(items) - len(waiting),
        "site_url": settings.SITE_URL.rstrip("/"),
        "reminders_url": _url("admin:reminders_reminder_changelist"),
    }
    with translation.override("da"):
        subject = " ".join(render_to_string("reminders/email/subject.txt", context).split())
        text = render_to_string("reminders/email/body.txt", context)
        html = render_to_string("reminders/email/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        # RFC 3834: an automatic message, so out-of-office replies stay away.
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _finish(token, ids, **fields) -> int:
    return Reminder.objects.filter(claim=token, pk__in=ids, status=Reminder.Status.SENDING).update(
        lease_until=None, **fields
    )


def _claimed_rows(token: uuid.UUID) -> list[Reminder]:
    """The batch's claimed reminders, each person's rows sharing one user object (so the
    access module's answers about them are cached once), with their subjects."""
    evaluated = Evaluation.objects.filter(action=OuterRef("pk"))
    rows = list(
        Reminder.objects.filter(claim=token, status=Reminder.Status.SENDING)
        .select_related("recipient", "unit", "subject_type")
        .prefetch_related(
            # Each kind of subject in one query, with what the mail says about it.
            GenericPrefetch(
                "subject",
                [
                    Action.objects.select_related("finding__assessment__unit", "owner").annotate(
                        evaluated=Exists(evaluated)
                    ),
                    Assessment.objects.select_related("unit"),
                    Unit.objects.all(),
                    *organisation.SUBJECT_QUERYSETS,
                ],
            )
        )
        .order_by("recipient_id", "kind", "due_on", "id")
    )
    people: dict[int, object] = {}
    for row in rows:
        row.recipient = people.setdefault(row.recipient_id, row.recipient)
    return rows


def _deliver_batch(token: uuid.UUID, as_of: datetime.date, result: SendResult) -> None:
    """Send each claimed person's reminders as one message, then mark them sent."""
    rows = _claimed_rows(token)
    readable = access.readable_pairs((row.recipient, row.subject) for row in rows if row.subject)
    access.prime_grants({row.recipient_id: row.recipient for row in rows}.values())
    grant_units = {g.unit_id for row in rows for g in access.grants(row.recipient)}
    units = Unit.objects.in_bulk(grant_units)
    for _recipient_id, own in groupby(rows, key=lambda row: row.recipient_id):
        _deliver(token, list(own), as_of, readable, units, result)


def _deliver(token, rows: list[Reminder], as_of, readable, units, result: SendResult) -> None:
    """Send one person's claimed reminders as one message, then mark them sent."""
    recipient = rows[0].recipient
    items: dict[tuple, dict] = {}
    covered: list[int] = []
    skipped: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        subject = row.subject
        reason = _no_longer_due(row, subject, as_of, readable)
        if reason:
            skipped[reason].append(row.pk)
            continue
        covered.append(row.pk)
        # Two weeks of the same overdue action (a long outage) make one line, not two.
        items.setdefault(
            (row.kind, row.subject_type_id, row.subject_id), _item(row, subject, as_of, units)
        )
    for reason, ids in skipped.items():
        result.skipped += _finish(token, ids, status=Reminder.Status.SKIPPED, last_error=reason)
    if not covered:
        return
    if not recipient.email:
        result.failed += _finish(
            token, covered, status=Reminder.Status.FAILED, last_error="No e-mail address."
        )
        return
    try:
        _message(recipient, list(items.values())).send()
    except Exception as error:  # the mail server said no: try again later, up to a limit
        logger.warning("Reminder mail to user %s failed: %s", recipient.pk, error)
        message = f"{type(error).__name__}: {error}"[:1000]
        gave_up = Q(attempts__gte=settings.APV_REMINDER_MAX_ATTEMPTS)
        result.failed += Reminder.objects.filter(
            gave_up, claim=token, pk__in=covered, status=Reminder.Status.SENDING
        ).update(status=Reminder.Status.FAILED, lease_until=None, last_error=message)
        result.retry += _finish(
            token, covered, status=Reminder.Status.PENDING, claim=None, last_error=message
        )
        return
    result.sent += _finish(
        token, covered, status=Reminder.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    result.messages += 1
    result.recipients.append(recipient.pk)


def reminders_send(*, as_of: datetime.date | None = None, limit: int | None = None) -> SendResult:
    """Send every pending reminder (and every one whose lease ran out): one message per person,
    re-checking first that each is still due and still readable by its recipient. With
    `limit`, stop after that many people (the rest waits for the next run)."""
    as_of = as_of or timezone.localdate()
    result = SendResult()
    tried, after = 0, 0
    while limit is None or tried < limit:
        size = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - tried)
        claimed = _claim_batch(after, size)
        if claimed is None:
            break
        recipient_ids, token = claimed
        tried += len(recipient_ids)
        after = max(recipient_ids)
        if token is not None:
            _deliver_batch(token, as_of, result)
    return result


def within_send_hours(now: datetime.datetime | None = None) -> bool:
    """Whether it is a decent hour to mail people (local time); nobody wants one at 3 am."""
    start, end = settings.APV_REMINDER_SEND_HOURS
    hour = timezone.localtime(now).hour
    return start <= hour < end
