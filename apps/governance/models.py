"""The organisation's work around its APVs: the annual work-environment review, changes that
may call for a revised APV, and the TRIO's expectation agreement (DESIGN.md §2, issue 13)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import plausible_date
from apps.organisation.models import Role

from .questions import QUESTIONS

# An annual review and the agreement's review are due a year after the last one.
YEAR = datetime.timedelta(days=365)


class AnnualReview(models.Model):
    """The annual work-environment review (årlig arbejdsmiljødrøftelse) of a unit; a review
    held for a unit covers every unit below it (the organisation's covers all)."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="annual_reviews",
    )
    held_on = models.DateField(_("held on"), validators=[plausible_date])
    participants = models.TextField(_("participants"), blank=True)
    last_year_goals = models.TextField(
        _("how last year's goals went"),
        blank=True,
        help_text=_("How did the goals set for the past year go?"),
    )
    goals = models.TextField(_("goals for the coming year"), blank=True)
    way_of_working = models.TextField(
        _("way of working for the coming year"),
        blank=True,
        help_text=_("How the work environment work and the cooperation are organised."),
    )
    assessments = models.ManyToManyField(
        "assessments.Assessment",
        verbose_name=_("APVs"),
        blank=True,
        related_name="annual_reviews",
        help_text=_("The current APVs of the unit and the units below it that were reviewed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[assessments])

    class Meta:
        verbose_name = _("annual work environment review")
        verbose_name_plural = _("annual work environment reviews")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self):
        return f"{self.unit} {self.held_on:%d.%m.%Y}"

    @property
    def next_due(self) -> datetime.date:
        """The next review is due a year after this one."""
        return self.held_on + YEAR


class ChangeEvent(models.Model):
    """A change in a unit's work that may call for a revised APV: it waits for the answer to
    "Skal APV'en revideres?" (yes: a new, reopened or the open APV; no: with a reason)."""

    class Kind(models.TextChoices):
        PREMISES = "premises", _("New premises")
        IT_SYSTEM = "it_system", _("New IT system")
        REORGANISATION = "reorganisation", _("Reorganisation")
        WORK_METHODS = "work_methods", _("New work methods")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        REVISE = "revise", _("The APV is revised")
        NO_REVISION = "no_revision", _("No revision")

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="change_events",
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    changed_on = models.DateField(_("changed on"), validators=[plausible_date])
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The answer; empty until answered, then never changed.
    decision = models.CharField(
        _("must the APV be revised?"), max_length=20, choices=Decision.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("revised in the APV"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_events",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-changed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(decision="") & models.Q(answered_at__isnull=True))
                | (~models.Q(decision="") & models.Q(answered_at__isnull=False)),
                name="change_event_answered_with_decision",
                violation_error_message=_("An answered change has a decision."),
            )
        ]
        indexes = [models.Index(fields=["unit", "answered_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.unit}, {self.changed_on:%d.%m.%Y})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


def _answer(code: str) -> models.TextField:
    # The label is the deck's question itself (Danish, quoted: see questions.py).
    return models.TextField(QUESTIONS[code], blank=True)


class Agreement(models.Model):
    """The TRIO's expectation agreement of a unit (the leader, the AMR and the TR), optionally
    made with the MED committee: the deck's sixteen questions answered in free text, confirmed
    by each member, and reviewed at least once a year."""

    unit = models.OneToOneField(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="agreement",
    )
    with_med = models.BooleanField(_("with the MED committee"), default=False)
    direction_purpose = _answer("direction_purpose")
    direction_goals = _answer("direction_goals")
    direction_priorities = _answer("direction_priorities")
    direction_dilemmas = _answer("direction_dilemmas")
    frame_procedures = _answer("frame_procedures")
    frame_resources = _answer("frame_resources")
    frame_standards = _answer("frame_standards")
    frame_communication = _answer("frame_communication")
    frame_evaluation = _answer("frame_evaluation")
    relation_cooperation = _answer("relation_cooperation")
    relation_roles = _answer("relation_roles")
    relation_mandate = _answer("relation_mandate")
    relation_agreements = _answer("relation_agreements")
    relation_information = _answer("relation_information")
    relation_influence = _answer("relation_influence")
    relation_involvement = _answer("relation_involvement")
    reviewed_on = models.DateField(
        _("reviewed on"),
        validators=[plausible_date],
        help_text=_("When the TRIO last went through the agreement; at least once a year."),
    )
    # reviewed_on + 365 days, kept on the row so a sweep finds what is due by an index.
    review_due = models.DateField(_("next review due"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TRIO agreement")
        verbose_name_plural = _("TRIO agreements")
        ordering = ["unit__path"]
        indexes = [models.Index(fields=["review_due"])]

    def __str__(self):
        return str(_("TRIO agreement of %(unit)s") % {"unit": self.unit})

    def save(self, *args, **kwargs):
        self.review_due = self.reviewed_on + YEAR
        super().save(*args, **kwargs)


class AgreementConfirmation(models.Model):
    """A member of the TRIO confirmed the agreement as it read then; any change of its text
    clears the confirmations (they confirmed another text)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("TRIO agreement"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.CASCADE,
        related_name="agreement_confirmations",
    )
    role = models.CharField(_("as"), max_length=20, choices=Role.choices)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user"], name="one_confirmation_per_member"
            )
        ]

    def __str__(self):
        return f"{self.user} {timezone.localtime(self.confirmed_at):%d.%m.%Y}"
