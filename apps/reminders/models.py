"""Reminders (DESIGN.md §7): one row per reminder, recorded under a unique key before it is sent,
and a personal calendar feed of the deadlines a person owns."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder to one person about one object for one due date (or period).

    The key (kind, subject, recipient, due date, period) is unique, so recording the same
    reminder twice is a no-op. A reminder moves pending → sending → sent (or failed after too
    many attempts, or skipped when it was no longer due at sending time); a `sending` row whose
    lease ran out belongs to a worker that died, and is claimed again.
    """

    class Kind(models.TextChoices):
        ACTION_DUE_SOON = "action_due_soon", _("Action due soon")
        ACTION_OVERDUE = "action_overdue", _("Action overdue")
        EVALUATION_DUE = "evaluation_due", _("Evaluation due")
        PHASE_STALLED = "phase_stalled", _("APV stalled in a phase")
        PHASE_DUE = "phase_due", _("A round's phase deadline")
        REVISION_DUE = "revision_due", _("APV revision due")
        MED_DIGEST = "med_digest", _("Weekly MED digest")
        ANNUAL_REVIEW_DUE = "annual_review_due", _("Annual review due")
        AGREEMENT_REVIEW_DUE = "agreement_review_due", _("TRIO agreement review due")
        CHANGE_UNANSWERED = "change_unanswered", _("Change waiting for its answer")
        CONCERN_UNDECIDED = "concern_undecided", _("Concern waiting for a decision")
        ACTION_REASSIGNED = "action_reassigned", _("Action handed over from a leaver")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no longer due)")

    class Reason(models.TextChoices):
        """Why the recipient gets it: the mail says so."""

        OWNER = "owner", _("owner of the action")
        LEADER = "leader", _("leader")
        AMR = "amr", _("safety representative (AMR)")
        TR = "tr", _("union representative (TR)")
        MED = "med", _("MED/HSU member")
        COORDINATOR = "coordinator", _("work environment coordinator")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="reminders",
        help_text=_("The unit the subject belongs to; coordinators see the reminders of theirs."),
    )
    due_on = models.DateField(
        _("due on"),
        help_text=_(
            "The date the reminder is about: the deadline, the evaluation or revision date, the "
            "day the APV entered its phase, or the day of the weekly digest."
        ),
    )
    period = models.CharField(
        _("period"),
        max_length=20,
        blank=True,
        default="",
        help_text=_(
            "Tells repeats for the same date apart: the week of an overdue reminder, the phase "
            "of a stalled APV, the ISO week of a digest."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "due_on", "period"],
                name="unique_reminder_key",
            )
        ]
        indexes = [
            models.Index(fields=["status", "lease_until"], name="reminder_claim_idx"),
            models.Index(fields=["recipient", "status"], name="reminder_recipient_idx"),
            models.Index(fields=["due_on"], name="reminder_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_on:%d.%m.%Y})"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_digest=_digest(token))


class CalendarFeed(models.Model):
    """A person's secret calendar URL. Only a hash of the token is kept: the URL is shown once,
    when it is made; a new one replaces it, and deleting the feed revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user} ({self.token_prefix}…)"

    def set_new_token(self) -> str:
        """Give the feed a fresh random token and return it (it is not stored)."""
        token = secrets.token_urlsafe(32)
        self.token_digest = _digest(token)
        self.token_prefix = token[:8]
        return token
