"""Well-being survey results and sickness-absence figures: the identification phase's numbers.

A `SurveyResult` is a row of the survey tool's export as imported: one unit's own respondents
on one factor. Nobody reads those rows; people read `SurveyFigure`s, the unit subtrees' figures
that the anonymity rule lets through (apps.surveys.anonymity), computed when results change.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Survey(models.Model):
    """One run of a survey (its name and date say which); a re-import replaces its results."""

    name = models.CharField(_("name"), max_length=200)
    conducted_on = models.DateField(_("date"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The anonymity threshold the figures were computed with: a changed setting recomputes.
    figures_threshold = models.PositiveSmallIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-conducted_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "conducted_on"], name="unique_survey_run")
        ]

    def __str__(self):
        return f"{self.name} ({self.conducted_on:%d.%m.%Y})"


class SurveyDimension(models.Model):
    """A dimension of the survey tool and the factor it measures (coordinators edit these)."""

    name = models.CharField(_("dimension"), max_length=120, unique=True)
    factor = models.ForeignKey(
        "factors.Factor",
        verbose_name=_("factor"),
        on_delete=models.PROTECT,
        related_name="survey_dimensions",
    )
    higher_is_better = models.BooleanField(
        _("a high score is good"),
        default=True,
        help_text=_('Off for dimensions where a high score is a problem ("Stress", "Mobning").'),
    )

    class Meta:
        verbose_name = _("survey dimension")
        verbose_name_plural = _("survey dimensions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResultFields(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE)
    unit = models.ForeignKey("organisation.Unit", verbose_name=_("unit"), on_delete=models.CASCADE)
    factor = models.ForeignKey("factors.Factor", verbose_name=_("factor"), on_delete=models.PROTECT)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, validators=SCORE)
    respondents = models.PositiveIntegerField(_("respondents"))
    higher_is_better = models.BooleanField(_("a high score is good"), default=True)

    class Meta:
        abstract = True


class SurveyResult(ResultFields):
    """A unit's own respondents on one factor, as imported. Never shown: see SurveyFigure."""

    dimension = models.CharField(_("dimension"), max_length=120)

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        default_related_name = "results"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "unit", "factor"], name="unique_result_per_unit_factor"
            )
        ]

    def __str__(self):
        return f"{self.survey} – {self.unit} – {self.factor}"


class SurveyFigure(ResultFields):
    """A unit's figure on one factor: its whole subtree's respondents and their mean score,
    present only where the anonymity rule allows it to be shown."""

    class Meta:
        verbose_name = _("survey figure")
        verbose_name_plural = _("survey figures")
        default_related_name = "figures"
        ordering = ["unit__path", "factor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "unit", "factor"], name="unique_figure_per_unit_factor"
            )
        ]
        indexes = [models.Index(fields=["unit", "survey"], name="figure_unit_survey")]

    def __str__(self):
        return f"{self.survey} – {self.unit} – {self.factor}: {self.score}"


class SicknessAbsence(models.Model):
    """A unit's sickness absence over a period, beside the municipality's average."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="sickness_absence",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    days_per_fte = models.DecimalField(
        _("days per full-time employee"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(366)],
    )
    municipality_average = models.DecimalField(
        _("municipality average"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(366)],
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("sickness absence")
        verbose_name_plural = _("sickness absence")
        ordering = ["unit__path", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_start", "period_end"], name="unique_absence_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="absence_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.unit}: {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


class ProposalDecision(models.Model):
    """The AMR's answer to a proposed finding (a weak or falling survey figure of the APV's
    unit): accepted, with the finding it became, or rejected, so it is not proposed again."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        on_delete=models.CASCADE,
        related_name="survey_decisions",
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="decisions"
    )
    factor = models.ForeignKey(
        "factors.Factor", verbose_name=_("factor"), on_delete=models.PROTECT, related_name="+"
    )
    accepted = models.BooleanField(_("accepted"))
    finding = models.OneToOneField(
        "findings.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_proposal",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey proposal")
        verbose_name_plural = _("survey proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "survey", "factor"], name="one_decision_per_proposal"
            )
        ]

    def __str__(self):
        return f"{self.assessment} – {self.factor}"
