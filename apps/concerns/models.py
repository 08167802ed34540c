"""A concern (bekymring): an employee's message to their unit's AMR, named or anonymous, that
ends with a decision (DESIGN.md §2, §6).

An anonymous concern stores nothing that links it to its sender: no user, no address, no
time of day (its date only: a timestamp could be matched with access logs), no history row of
its creation (simple-history would record the request's user and the moment), and no
sequential id (an id between two named, timestamped concerns would place it in time). Its
sender follows it with a receipt code, of which only a hash is kept.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Codes a person copies from a screen: no 0/O, 1/I/L.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12


def random_id() -> int:
    """A primary key that says nothing about when the row was written (below 2**53, so that
    JavaScript reads it exactly)."""
    return secrets.randbelow(2**53 - 1) + 1


def new_receipt_code() -> str:
    """A fresh receipt code, grouped in fours for reading: "ABCD-EFGH-JKMN" (about 59 bits)."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_hash(code: str) -> str:
    """The stored form of a receipt code: its SHA-256, after dropping dashes, spaces and case."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


class Concern(models.Model):
    """An employee's concern about the work environment of a unit, to the unit's AMR."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        IN_FINDING = "in_finding", _("Taken into the APV as a finding")
        CLOSED = "closed", _("Closed")

    class Decision(models.TextChoices):
        ANSWER = "answer", _("Answer")
        FINDING = "finding", _("Make a finding")
        CLOSE = "close", _("Close with a note")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    text = models.TextField(_("concern"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns_sent",
        help_text=_("Empty for an anonymous concern."),
    )
    # The date only: a time of day could be matched with access logs.
    created_on = models.DateField(_("sent on"))
    receipt_hash = models.CharField(_("receipt code (hash)"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(
        _("answer"),
        blank=True,
        help_text=_("What the sender reads: the AMR's answer, or why the concern was closed."),
    )
    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns_decided",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when the retention rule removed its text and sender (apps/privacy).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # The AMR's decisions are history; the creation of an anonymous concern is not (services).
    history = HistoricalRecords(excluded_fields=["receipt_hash"])

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(sender__isnull=True),
                name="concern_anonymous_has_no_sender",
                violation_error_message=_("An anonymous concern has no sender."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="new") | models.Q(decided_at__isnull=False),
                name="concern_decided_has_a_date",
                violation_error_message=_("A decided concern records when it was decided."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        # Never the text: a list or a mail names a concern by its unit and date.
        return _("Concern of %(date)s, %(unit)s") % {
            "date": self.created_on.strftime("%d.%m.%Y") if self.created_on else "–",
            "unit": self.unit,
        }

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.NEW
