import functools
import operator

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .storage import attachment_storage

# The objects an attachment may belong to: one nullable foreign key each, exactly one set. A
# plain key per kind keeps the access rule a filter on each key (no content types to join) and
# lets the database delete an object's attachments with it.
TARGETS = ("assessment", "finding", "dialogue", "action", "evaluation")


def _exactly_one_target() -> Q:
    """One key set, the others empty."""
    alternatives = [
        Q(**{f"{name}__isnull": False}, **{f"{o}__isnull": True for o in TARGETS if o != name})
        for name in TARGETS
    ]
    return functools.reduce(operator.or_, alternatives)


class Attachment(models.Model):
    """A file on an APV, a finding, a dialogue, an action or an evaluation: minutes, a survey
    report, a photo from the walk-round, a measurement, the approval of the plan."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        SURVEY_REPORT = "survey_report", _("Survey report")
        PHOTO = "photo", _("Photo")
        MEASUREMENT = "measurement", _("Measurement")
        APPROVAL = "approval", _("Approval")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    dialogue = models.ForeignKey(
        "findings.Dialogue",
        verbose_name=_("dialogue"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    evaluation = models.ForeignKey(
        "actions.Evaluation",
        verbose_name=_("evaluation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), storage=attachment_storage, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_target(),
                name="attachment_exactly_one_target",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def target(self):
        """The object the attachment belongs to."""
        for name in TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def target_field(self) -> str | None:
        return next((n for n in TARGETS if getattr(self, f"{n}_id") is not None), None)

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


def target_field_for(obj) -> str:
    """The key of Attachment that points at `obj`'s kind of object."""
    name = obj._meta.model_name
    if name not in TARGETS:
        raise TypeError(f"Nothing is attached to a {type(obj).__name__}")
    return name


def assessment_of(obj):
    """The APV an attachable object belongs to (whose phase decides whether it may change)."""
    name = target_field_for(obj)
    if name == "assessment":
        return obj
    if name in ("finding", "dialogue"):
        return obj.assessment
    if name == "action":
        return obj.finding.assessment
    return obj.action.finding.assessment
