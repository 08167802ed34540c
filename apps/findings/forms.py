"""Form fields of the finding pages: severity and extent as labelled choices, the factor grouped
by domain with the words people use for it (for the search box in front of it)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.factors.models import Domain

SEVERITY_CHOICES = [
    (1, _("1 – minor")),
    (2, _("2 – noticeable")),
    (3, _("3 – serious")),
    (4, _("4 – very serious")),
]
EXTENT_CHOICES = [
    (1, _("1 – a few")),
    (2, _("2 – some")),
    (3, _("3 – many")),
    (4, _("4 – everyone")),
]


def scale_field(model_field, choices) -> forms.TypedChoiceField:
    """A 1–4 scale as radio buttons a thumb can hit; empty means not assessed yet."""
    return forms.TypedChoiceField(
        label=capfirst(model_field.verbose_name),
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "apv-scale"}),
        help_text=model_field.help_text,
    )


class FactorSelect(forms.Select):
    """Options grouped by domain, each carrying its common words (`data-keywords`)."""

    def __init__(self, *args, keywords=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keywords = keywords or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        words = self.keywords.get(str(value))
        if words:
            option["attrs"]["data-keywords"] = words
        return option


def group_factors(field: forms.ModelChoiceField) -> None:
    """Show `field`'s factors grouped by domain, with their common words for the search."""
    factors = list(field.queryset.order_by("domain", "name"))
    labels = dict(Domain.choices)
    groups: dict[str, list] = {}
    for factor in factors:
        groups.setdefault(factor.domain, []).append((factor.pk, factor.name))
    field.widget = FactorSelect(
        keywords={str(f.pk): f"{f.keywords} {labels.get(f.domain, '')}".strip() for f in factors},
        attrs={
            "class": "apv-factor",
            "data-search-placeholder": _("Search: e.g. break, noise, shouting"),
        },
    )
    field.choices = [("", "---------")] + [
        (labels.get(domain, domain), options) for domain, options in groups.items()
    ]
