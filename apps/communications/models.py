from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.validators import plausible_date


class Communication(models.Model):
    """A status message to colleagues; a draft until `published_at` is set."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        on_delete=models.CASCADE,
        related_name="communications",
    )
    where_we_are = models.TextField(_("where we are"))
    what_we_did = models.TextField(_("what we did"), blank=True)
    how_we_go_on = models.TextField(_("how we go on"), blank=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, validators=[plausible_date]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.where_we_are[:60]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
