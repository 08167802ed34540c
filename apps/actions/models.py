from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import plausible_date
from apps.findings.models import Level


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])

    def overdue(self, as_of=None):
        return self.open().filter(due_on__lt=as_of or timezone.localdate())


class Action(models.Model):
    """One line of the action plan: what, how, who, by when."""

    class Approach(models.TextChoices):
        """As the workshop deck frames the work: preventing a risk, or handling one that is
        already there."""

        PREVENTION = "prevention", _("Prevention")
        HANDLING = "handling", _("Handling")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("finding"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("how"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    approach = models.CharField(
        _("prevention or handling"), max_length=20, choices=Approach.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_actions",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, validators=[plausible_date])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[plausible_date]
    )
    evaluation_due_on = models.DateField(_("evaluation due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__range=(0, 100)),
                name="action_progress_0_to_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="done", completed_on__isnull=False)
                    | (~models.Q(status="done") & models.Q(completed_on__isnull=True))
                ),
                name="action_completed_on_iff_done",
                violation_error_message=_("Only a done action has a completion date."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["evaluation_due_on"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status not in (self.Status.DONE, self.Status.CANCELLED)
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class ActionUpdate(models.Model):
    """A progress note on an action: who, when, how far, and what happened."""

    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Action.Status.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__range=(0, 100)),
                name="action_update_progress_0_to_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            )
        ]

    def __str__(self):
        return f"{self.action}: {self.progress}%"


class Evaluation(models.Model):
    """Follow-up on an action: did it work, and what now? The latest one counts."""

    class Effect(models.TextChoices):
        BETTER = "better", _("Better")
        UNCHANGED = "unchanged", _("Unchanged")
        WORSE = "worse", _("Worse")

    class Decision(models.TextChoices):
        KEEP = "keep", _("Keep")
        ADJUST = "adjust", _("Adjust")
        STOP = "stop", _("Stop")
        NEW_ACTION = "new_action", _("New action")

    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    notes = models.TextField(_("notes"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    evaluated_on = models.DateField(
        _("evaluated on"), default=timezone.localdate, validators=[plausible_date]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-created_at", "-id"]
        get_latest_by = ["evaluated_on", "created_at", "id"]

    def __str__(self):
        return f"{self.action}: {self.get_effect_display()}"
