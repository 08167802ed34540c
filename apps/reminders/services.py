"""Reminders (DESIGN.md §7): what is due as of a date, recording each reminder once, and sending
each recorded reminder at most once.

A reminder is recorded under a unique key before anything is sent, so sweeping twice, or two
sweeps at once, records it once. Sending claims rows in a short transaction (pending ones, or
`sending` ones whose lease ran out because their worker died), sends one message per person, and
marks the rows sent. The only window where a person may get a message twice is a worker that
dies after the mail server accepted the message and before the rows were marked sent.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from apps import access
from apps.access import Verb
from apps.actions.models import Action, Evaluation
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.core.services import validate
from apps.organisation.models import Role, RoleAssignment, Unit

from . import selectors
from .models import CalendarFeed, Reminder

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Reason = Reminder.Reason
TRIO = (Role.LEADER, Role.AMR, Role.TR)


# --- what is due ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One reminder that is due: the key of a `Reminder` row and why its recipient gets it."""

    kind: str
    recipient: object
    reason: str
    subject: object
    unit: Unit
    due_on: datetime.date
    period: str = ""

    def key(self) -> tuple:
        subject_type = ContentType.objects.get_for_model(type(self.subject))
        return (
            self.kind,
            subject_type.pk,
            self.subject.pk,
            self.recipient.pk,
            self.due_on,
            self.period,
        )


class _Readers:
    """Answers "may this person read this object?" through the access module, once per pair."""

    def __init__(self):
        self._seen: dict[tuple, bool] = {}

    def can_read(self, user, obj) -> bool:
        key = (user.pk, type(obj), obj.pk)
        if key not in self._seen:
            self._seen[key] = access.can(user, Verb.READ, obj)
        return self._seen[key]

    def recipients(self, obj, candidates: Iterable[tuple[object, str]]) -> list[tuple[object, str]]:
        """The (user, reason) pairs that may read `obj`, each user once (first reason wins)."""
        chosen: dict[int, tuple[object, str]] = {}
        for user, reason in candidates:
            if user is None or user.pk in chosen or not user.is_active:
                continue
            if self.can_read(user, obj):
                chosen[user.pk] = (user, reason)
        return list(chosen.values())


def _holders(unit: Unit, roles: Iterable[str]) -> list[tuple[object, str]]:
    """The unit's nearest holders of each role (DESIGN.md §2), with the role as the reason."""
    return [(user, role) for role in roles for user in access.nearest_holders(unit, role)]


def _overdue_period(due_on: datetime.date, as_of: datetime.date) -> str:
    """Overdue reminders repeat weekly: the day after the deadline is week 1, a week later 2..."""
    days_late = (as_of - due_on).days
    return f"w{(days_late - 1) // settings.APV_REMINDER_OVERDUE_REPEAT_DAYS + 1}"


def _digest_day(as_of: datetime.date) -> datetime.date | None:
    """The digest day of `as_of`'s week, when `as_of` is that day or within its catch-up days."""
    monday = as_of - datetime.timedelta(days=as_of.weekday())
    day = monday + datetime.timedelta(days=settings.APV_MED_DIGEST_WEEKDAY)
    if 0 <= (as_of - day).days < settings.APV_MED_DIGEST_CATCH_UP_DAYS:
        return day
    return None


def _only(queryset, ids: Iterable[int] | None):
    return queryset if ids is None else queryset.filter(pk__in=list(ids))


def _action_due_soon(actions, as_of, readers) -> list[Due]:
    window_end = as_of + datetime.timedelta(days=settings.APV_REMINDER_DUE_SOON_DAYS)
    due = []
    for action in actions.open().filter(due_on__gt=as_of, due_on__lte=window_end):
        unit = action.finding.assessment.unit
        for user, reason in readers.recipients(action, [(action.owner, Reason.OWNER)]):
            due.append(Due(Kind.ACTION_DUE_SOON, user, reason, action, unit, action.due_on))
    return due


def _action_overdue(actions, as_of, readers) -> list[Due]:
    """To the owner, with the unit's leader in copy: the leader gets a reminder of their own."""
    due = []
    for action in actions.overdue(as_of):
        unit = action.finding.assessment.unit
        period = _overdue_period(action.due_on, as_of)
        candidates = [(action.owner, Reason.OWNER), *_holders(unit, [Role.LEADER])]
        for user, reason in readers.recipients(action, candidates):
            due.append(Due(Kind.ACTION_OVERDUE, user, reason, action, unit, action.due_on, period))
    return due


def _evaluation_due(actions, as_of, readers) -> list[Due]:
    evaluated = Evaluation.objects.filter(action=OuterRef("pk"))
    waiting = (
        actions.filter(status=Action.Status.DONE, evaluation_due_on__lte=as_of)
        .filter(~Exists(evaluated))
        .filter(cycle.open_q("finding__assessment"))
    )
    due = []
    for action in waiting:
        unit = action.finding.assessment.unit
        for user, reason in readers.recipients(action, _holders(unit, TRIO)):
            due.append(
                Due(Kind.EVALUATION_DUE, user, reason, action, unit, action.evaluation_due_on)
            )
    return due


def _phase_stalled(assessments, as_of, readers) -> list[Due]:
    # Entered on day D (local time) and stalled when D + 30 days <= as_of.
    last_day = as_of - datetime.timedelta(days=settings.APV_PHASE_STALLED_DAYS)
    before = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )
    stalled = cycle.open_assessments(assessments).filter(phase_entered_at__lt=before)
    due = []
    for assessment in stalled:
        entered = timezone.localdate(assessment.phase_entered_at)
        for user, reason in readers.recipients(assessment, _holders(assessment.unit, TRIO)):
            due.append(
                Due(
                    Kind.PHASE_STALLED,
                    user,
                    reason,
                    assessment,
                    assessment.unit,
                    entered,
                    assessment.phase,
                )
            )
    return due


def _revision_due(assessments, as_of, readers) -> list[Due]:
    """Each unit's latest round (closed ones too: the clock runs after closing)."""
    notice_end = as_of + datetime.timedelta(days=settings.APV_REVISION_NOTICE_DAYS)
    rounds = assessments.filter(
        pk__in=selectors.latest_assessments().values("pk"),
        next_revision_due__isnull=False,
        next_revision_due__lte=notice_end,
    )
    due = []
    for assessment in rounds:
        candidates = _holders(assessment.unit, [Role.LEADER, Role.AMR])
        for user, reason in readers.recipients(assessment, candidates):
            due.append(
                Due(
                    Kind.REVISION_DUE,
                    user,
                    reason,
                    assessment,
                    assessment.unit,
                    assessment.next_revision_due,
                )
            )
    return due


def _med_units() -> dict[int, tuple[object, list[Unit]]]:
    """Each active MED member with the topmost units of their MED roles (no overlapping scopes)."""
    assignments = RoleAssignment.objects.filter(role=Role.MED, user__is_active=True).select_related(
        "user", "unit"
    )
    by_user: dict[int, tuple[object, list[Unit]]] = {}
    for assignment in assignments.order_by("unit__path"):
        user, units = by_user.setdefault(assignment.user_id, (assignment.user, []))
        if not any(u.contains(assignment.unit) for u in units):
            units.append(assignment.unit)
    return by_user


def _med_digest(as_of, readers) -> list[Due]:
    day = _digest_day(as_of)
    if day is None:
        return []
    year, week, _weekday = day.isocalendar()
    period = f"{year}-W{week:02d}"
    due = []
    for user, units in _med_units().values():
        for unit in units:
            if not readers.can_read(user, unit):
                continue
            if selectors.med_digest(user, unit, as_of).is_empty:
                continue
            due.append(Due(Kind.MED_DIGEST, user, Reason.MED, unit, unit, day, period))
    return due


def reminders_due(
    *,
    as_of: datetime.date | None = None,
    action_ids: Iterable[int] | None = None,
    assessment_ids: Iterable[int] | None = None,
) -> list[Due]:
    """Every reminder due as of `as_of` (default today), with recipients resolved through the
    access module; nobody gets a reminder about an object they may not read.

    Given `action_ids` or `assessment_ids`, only the reminders about those objects: what a
    change implies (an action entered after its deadline is overdue at once).
    """
    as_of = as_of or timezone.localdate()
    targeted = action_ids is not None or assessment_ids is not None
    if targeted:
        action_ids, assessment_ids = action_ids or [], assessment_ids or []
    readers = _Readers()
    actions = _only(Action.objects.select_related("finding__assessment__unit", "owner"), action_ids)
    assessments = _only(Assessment.objects.select_related("unit"), assessment_ids)
    due = [
        *_action_due_soon(actions, as_of, readers),
        *_action_overdue(actions, as_of, readers),
        *_evaluation_due(actions, as_of, readers),
        *_phase_stalled(assessments, as_of, readers),
        *_revision_due(assessments, as_of, readers),
    ]
    if not targeted:
        due += _med_digest(as_of, readers)
    return due


# --- recording ------------------------------------------------------------------------------


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


# --- sending --------------------------------------------------------------------------------


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


def _claim_next(exclude: set[int]) -> tuple[int, uuid.UUID | None] | None:
    """Claim every sendable reminder of the next person, in one short transaction.

    Returns (person, claim token), the token None when another sender has that person right
    now; None when nothing is left. On PostgreSQL the person's row is locked with SKIP LOCKED,
    so concurrent senders take different people and one person's reminders make one message.
    The conditional update makes the claim safe without row locks too (SQLite): a reminder is
    claimed by exactly one token.
    """
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.APV_REMINDER_LEASE_SECONDS)
    with transaction.atomic():
        recipient_id = (
            Reminder.objects.filter(_claimable(now))
            .exclude(recipient_id__in=exclude)
            .order_by("id")
            .values_list("recipient_id", flat=True)
            .first()
        )
        if recipient_id is None:
            return None
        mine = list(
            get_user_model()
            .objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk=recipient_id)
            .values_list("pk", flat=True)
        )
        if not mine:
            return recipient_id, None
        claimable = Reminder.objects.filter(_claimable(now), recipient_id=recipient_id)
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
    return recipient_id, token


def _action_is_current(reminder: Reminder, action: Action) -> bool:
    return action.due_on == reminder.due_on and action.status not in (
        Action.Status.DONE,
        Action.Status.CANCELLED,
    )


def _no_longer_due(reminder: Reminder, subject, as_of: datetime.date) -> str:
    """Why a recorded reminder should not go out any more (empty when it still should)."""
    if subject is None:
        return "The subject no longer exists."
    recipient = reminder.recipient
    if not recipient.is_active:
        return "The recipient is no longer active."
    if not access.can(recipient, Verb.READ, subject):
        return "The recipient may no longer read the subject."
    kind = reminder.kind
    if kind == Kind.ACTION_DUE_SOON:
        if not _action_is_current(reminder, subject) or subject.due_on <= as_of:
            return "The action is done, cancelled, overdue or has a new deadline."
    elif kind == Kind.ACTION_OVERDUE:
        if not _action_is_current(reminder, subject) or subject.due_on >= as_of:
            return "The action is done, cancelled or has a new deadline."
    elif kind == Kind.EVALUATION_DUE:
        if (
            subject.status != Action.Status.DONE
            or subject.evaluation_due_on != reminder.due_on
            or subject.evaluations.exists()
        ):
            return "The action has been evaluated or is no longer done."
    elif kind == Kind.PHASE_STALLED:
        if (
            subject.phase != reminder.period
            or timezone.localdate(subject.phase_entered_at) != reminder.due_on
        ):
            return "The APV has moved since."
    elif kind == Kind.REVISION_DUE:
        latest = selectors.latest_assessments().filter(pk=subject.pk).exists()
        if subject.next_revision_due != reminder.due_on or not latest:
            return "The revision date has changed, or a new APV round has started."
    elif kind == Kind.MED_DIGEST:
        if Role.MED not in access.roles_on(recipient, subject):
            return "The recipient is no longer a MED member of the unit."
        if selectors.med_digest(recipient, subject, as_of).is_empty:
            return "Nothing to report any more."
    return ""


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _days(a: datetime.date, b: datetime.date) -> int:
    return abs((b - a).days)


def _role_unit(user, role: str, unit: Unit) -> Unit:
    """Where `user` holds `role` for `unit`: the unit itself or the nearest one above it."""
    held = RoleAssignment.objects.filter(user=user, role=role, unit_id__in=unit.ancestor_ids)
    nearest = held.order_by("-unit__path").values_list("unit_id", flat=True).first()
    return unit if nearest in (None, unit.pk) else Unit.objects.get(pk=nearest)


def _item(reminder: Reminder, subject, as_of: datetime.date) -> dict:
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
        item["role_unit"] = _role_unit(reminder.recipient, reminder.reason, reminder.unit)
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


def _deliver(token: uuid.UUID, as_of: datetime.date, result: SendResult) -> None:
    """Send one person's claimed reminders as one message, then mark them sent."""
    rows = list(
        Reminder.objects.filter(claim=token, status=Reminder.Status.SENDING)
        .select_related("recipient", "unit", "subject_type")
        .order_by("kind", "due_on", "id")
    )
    if not rows:
        return
    recipient = rows[0].recipient
    items: dict[tuple, dict] = {}
    covered: list[int] = []
    for row in rows:
        subject = row.subject
        reason = _no_longer_due(row, subject, as_of)
        if reason:
            result.skipped += _finish(
                token, [row.pk], status=Reminder.Status.SKIPPED, last_error=reason
            )
            continue
        covered.append(row.pk)
        # Two weeks of the same overdue action (a long outage) make one line, not two.
        items.setdefault(
            (row.kind, row.subject_type_id, row.subject_id), _item(row, subject, as_of)
        )
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


def reminders_send(*, as_of: datetime.date | None = None) -> SendResult:
    """Send every pending reminder (and every one whose lease ran out): one message per person,
    re-checking first that each is still due and still readable by its recipient."""
    as_of = as_of or timezone.localdate()
    result = SendResult()
    tried: set[int] = set()
    while (claimed := _claim_next(tried)) is not None:
        recipient_id, token = claimed
        tried.add(recipient_id)
        if token is not None:
            _deliver(token, as_of, result)
    return result


def within_send_hours(now: datetime.datetime | None = None) -> bool:
    """Whether it is a decent hour to mail people (local time); nobody wants one at 3 am."""
    start, end = settings.APV_REMINDER_SEND_HOURS
    hour = timezone.localtime(now).hour
    return start <= hour < end


# --- the beat schedule ----------------------------------------------------------------------


def reminders_schedule_install(*, restore: bool = False, using: str = "default") -> list[str]:
    """Create the default beat entries of `schedule.SCHEDULE` that are missing; with `restore`,
    reset existing ones to the defaults too. Returns the names created or restored."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from .schedule import SCHEDULE

    done = []
    for name, entry in SCHEDULE.items():
        existing = PeriodicTask.objects.using(using).filter(name=name).first()
        if existing is not None and not restore:
            continue
        cron = entry["schedule"]
        crontab, _created = CrontabSchedule.objects.using(using).get_or_create(
            minute=cron._orig_minute,
            hour=cron._orig_hour,
            day_of_week=cron._orig_day_of_week,
            day_of_month=cron._orig_day_of_month,
            month_of_year=cron._orig_month_of_year,
            timezone=settings.TIME_ZONE,
        )
        fields = {
            "task": entry["task"],
            "crontab": crontab,
            "interval": None,
            "solar": None,
            "clocked": None,
            "args": "[]",
            "kwargs": "{}",
            "expire_seconds": entry["options"]["expires"],
            "description": entry["description"],
            "enabled": True,
            "one_off": False,
        }
        PeriodicTask.objects.using(using).update_or_create(name=name, defaults=fields)
        done.append(name)
    return done


# --- the calendar feed ----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user) -> str:
    """Give `user` a new secret calendar URL token (the old one stops working); returns it."""
    feed = CalendarFeed.objects.filter(user=user).first() or CalendarFeed(user=user)
    token = feed.set_new_token()
    validate(feed)
    feed.save()
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """Revoke `user`'s calendar URL; returns whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar-feed", args=[token])


def calendar_feed_user(token: str):
    """The active user whose calendar `token` opens, or None; notes when the feed was used."""
    feed = CalendarFeed.objects.for_token(token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
