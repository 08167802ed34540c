from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import plausible_date


class Phase(models.TextChoices):
    IDENTIFICATION = "identification", _("Identification")
    INVOLVEMENT = "involvement", _("Involvement")
    PRIORITISATION = "prioritisation", _("Prioritisation and action")
    COMMUNICATION = "communication", _("Communication")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class ApprovalForum(models.TextChoices):
    AMO = "amo", _("AMO (work environment organisation)")
    MED = "med", _("MED committee")


# The phases a round plans a date for, in order.
ROUND_PHASES = [
    Phase.IDENTIFICATION,
    Phase.INVOLVEMENT,
    Phase.PRIORITISATION,
    Phase.COMMUNICATION,
    Phase.FOLLOW_UP,
]


class Round(models.Model):
    """An APV round a coordinator starts for a subtree in one step: one APV per unit, with the
    date by which each phase should be done (behind plan after it; reminders before it)."""

    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("for the unit and every unit below it"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    identification_by = models.DateField(_("identification done by"))
    involvement_by = models.DateField(_("involvement done by"))
    prioritisation_by = models.DateField(_("prioritisation and action plan done by"))
    communication_by = models.DateField(_("communication done by"))
    follow_up_by = models.DateField(_("follow-up done by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.title

    def planned_by(self, phase: str):
        """The date by which `phase` should be done (None for a closed APV)."""
        return getattr(self, f"{phase}_by", None)

    def clean(self):
        dates = [
            ("started_on", self.started_on),
            *((f"{phase}_by", self.planned_by(phase)) for phase in ROUND_PHASES),
        ]
        for (_earlier, before), (name, after) in zip(dates, dates[1:], strict=False):
            if before and after and after < before:
                raise ValidationError(
                    {name: _("Each phase must end on or after the one before it.")}
                )


class Assessment(models.Model):
    """One APV round for one unit, moving through the phases of DESIGN.md §1."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    title = models.CharField(_("title"), max_length=200)
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.IDENTIFICATION
    )
    phase_entered_at = models.DateTimeField(_("in this phase since"), default=timezone.now)
    started_on = models.DateField(
        _("started on"), default=timezone.localdate, validators=[plausible_date]
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, validators=[plausible_date])
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    next_revision_due = models.DateField(_("next revision due"), null=True, blank=True)
    no_findings_statement = models.TextField(
        _("statement of no findings"),
        blank=True,
        help_text=_("Why the survey found nothing to act on, if it did not."),
    )
    sickness_absence_note = models.TextField(
        _("sickness absence note"),
        blank=True,
        help_text=_("Whether the work environment contributes to sickness absence in the unit."),
    )
    # Follow-up of the round as a whole: the workshop deck's two questions.
    went_well = models.TextField(
        _("what are we doing well?"),
        blank=True,
        help_text=_("Follow-up of the APV as a whole: what to keep doing."),
    )
    to_strengthen = models.TextField(
        _("what could we strengthen?"),
        blank=True,
        help_text=_("Follow-up of the APV as a whole: what to work on in the next round."),
    )
    plan_approved_at = models.DateTimeField(_("plan approved at"), null=True, blank=True)
    plan_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("plan approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan_approval_forum = models.CharField(
        _("approved in forum"), max_length=10, choices=ApprovalForum.choices, blank=True
    )
    plan_approval_comment = models.TextField(_("approval comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("APV")
        verbose_name_plural = _("APVs")
        ordering = ["-started_on", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=~models.Q(phase="closed"),
                name="one_open_assessment_per_unit",
                violation_error_message=_("The unit already has an open APV."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("started_on")),
                name="assessment_due_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["phase", "phase_entered_at"])]

    def __str__(self):
        return f"{self.title} ({self.unit})"

    def clean(self):
        # The database constraints hold these too; here they become messages on the field.
        if self.due_on and self.started_on and self.due_on < self.started_on:
            raise ValidationError({"due_on": _("The due date cannot be before the start date.")})
        if self.unit_id and self.phase != Phase.CLOSED:
            others = Assessment.objects.filter(unit_id=self.unit_id).exclude(phase=Phase.CLOSED)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError({"unit": _("The unit already has an open APV.")})

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def plan_is_approved(self) -> bool:
        return self.plan_approved_at is not None


class PhaseTransition(models.Model):
    """The log of every move of an assessment between phases."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("APV"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.assessment}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"
