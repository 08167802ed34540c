from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import plausible_date


class Level(models.TextChoices):
    """IGLO: where a finding or an action sits."""

    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    LEADERSHIP = "leadership", _("Leadership")
    ORGANISATION = "organisation", _("Organisation")


class HandlersRecorded(models.Model):
    """A historical finding records its handlers with it (`m2m_fields`); versions written
    before that have unknown handlers, and only their reporter and coordinators see them."""

    handlers_recorded = models.BooleanField(_("handlers recorded"), default=True)

    class Meta:
        abstract = True


class Finding(models.Model):
    """Something found in the APV: a risk to act on or a resource to keep."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk (problem)")
        RESOURCE = "resource", _("Resource (strength)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")
        RESOLVED = "resolved", _("Resolved at once")

    class Source(models.TextChoices):
        SURVEY = "survey", _("Survey")
        DIALOGUE = "dialogue", _("Dialogue")
        WALKROUND = "walkround", _("Walk-round")
        INCIDENT = "incident", _("Incident")
        SICKNESS_ABSENCE = "sickness_absence", _("Sickness absence")
        OTHER = "other", _("Other")

    SCALE = [MinValueValidator(1), MaxValueValidator(4)]

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RISK)
    factor = models.ForeignKey(
        "factors.Factor",
        verbose_name=_("factor"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SURVEY
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        null=True,
        blank=True,
        validators=SCALE,
        help_text=_("1 (low) to 4 (high)."),
    )
    extent = models.PositiveSmallIntegerField(
        _("extent"),
        null=True,
        blank=True,
        validators=SCALE,
        help_text=_("1 (few) to 4 (all)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    priority = models.PositiveIntegerField(
        _("priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Rank within the APV; 1 comes first."),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only the reporter, the handlers and coordinators can see a confidential finding."
        ),
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handlers"),
        blank=True,
        related_name="handled_findings",
        help_text=_(
            "Who handles a confidential finding. Leave empty to let the unit's AMR and leader "
            "handle it."
        ),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_findings",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the retention rule anonymised the finding (apps/privacy), which then never
    # touches it again. A field rather than a recognisable title: anyone may type any title.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # Who could read a confidential version is judged by the handlers it had then.
    history = HistoricalRecords(m2m_fields=[handlers], bases=[HandlersRecorded])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["assessment", "priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True) | models.Q(severity__range=(1, 4)),
                name="finding_severity_1_to_4",
                violation_error_message=_("Severity must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=models.Q(extent__isnull=True) | models.Q(extent__range=(1, 4)),
                name="finding_extent_1_to_4",
                violation_error_message=_("Extent must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=models.Q(priority__isnull=True) | models.Q(priority__gte=1),
                name="finding_priority_positive",
                violation_error_message=_("Priority must be 1 or more."),
            ),
        ]
        indexes = [models.Index(fields=["assessment", "status"])]

    def __str__(self):
        # Whoever reads a bare str() is unknown: a confidential finding is not named. Pages
        # that know their reader label it through access.finding_label.
        from apps.access import finding_label

        return finding_label(None, self)

    @property
    def risk_score(self) -> int | None:
        if self.severity is None or self.extent is None:
            return None
        return self.severity * self.extent


class Dialogue(models.Model):
    """A meeting where findings were discussed: do we see the same?"""

    class Forum(models.TextChoices):
        AMO = "amo", _("AMO meeting")
        MED = "med", _("MED committee")
        HSU = "hsu", _("HSU")
        TRIO = "trio", _("TRIO")
        TEAM_MEETING = "team_meeting", _("Team meeting")
        GRUS = "grus", _("GRUS (group development talk)")
        MUS = "mus", _("MUS (employee development talk)")
        TAL_SAMMEN = "tal_sammen", _("Tal Sammen")
        WALKROUND = "walkround", _("Walk-round")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        on_delete=models.CASCADE,
        related_name="dialogues",
    )
    forum = models.CharField(_("forum"), max_length=20, choices=Forum.choices)
    held_on = models.DateField(_("held on"), validators=[plausible_date])
    participants = models.TextField(_("participants"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings"), blank=True, related_name="dialogues"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-held_on", "id"]

    def __str__(self):
        return f"{self.get_forum_display()} {self.held_on:%d.%m.%Y}"
