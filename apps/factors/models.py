from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Domain(models.TextChoices):
    DEMANDS = "krav", _("Demands")
    LEADERSHIP = "ledelse", _("Leadership")
    COLLABORATION = "samarbejde", _("Collaboration")
    # A context keeps this apart from the admin's "Change" (edit) link.
    CHANGE = "forandringer", pgettext_lazy("factor domain", "Change")
    ORGANISATION_OF_WORK = "arbejdets_organisering", _("Organisation of work")
    NEGATIVE_ACTS = "negative_handlinger", _("Negative acts")
    WELLBEING = "trivsel", _("Well-being")
    PHYSICAL_AND_OTHER = "fysisk_og_andet", _("Physical and other work environment")


class LegalRisk(models.TextChoices):
    """The five risk areas of the executive order on the psychosocial work environment."""

    WORKLOAD = "workload", _("Heavy workload and time pressure")
    UNCLEAR_DEMANDS = "unclear_demands", _("Unclear and conflicting demands")
    EMOTIONAL_DEMANDS = (
        "emotional_demands",
        _("High emotional demands in work with people"),
    )
    OFFENSIVE_BEHAVIOUR = (
        "offensive_behaviour",
        _("Offensive behaviour, including bullying and sexual harassment"),
    )
    VIOLENCE = "violence", _("Work-related violence, also outside working hours")


class Factor(models.Model):
    """What a finding concerns, from the psychosocial taxonomy (DESIGN.md §3)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    legal_risk = models.CharField(
        _("legal risk area"), max_length=30, choices=LegalRisk.choices, blank=True
    )
    keywords = models.CharField(
        _("common words"),
        max_length=300,
        blank=True,
        help_text=_('Words people use for it, so that a search finds it ("pause", "skæld ud").'),
    )

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["domain", "name"]

    def __str__(self):
        return self.name
