"""Admin list filters that ask the cycle: which findings or actions keep an APV where it is."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Unit

from . import cycle
from .models import Assessment


class ChosenFilter(admin.SimpleListFilter):
    """`?<path>__id__exact=<id>`: the rows of one related object, linked to from elsewhere (the
    APV page, the start page, the dashboard). Only the chosen object is offered back, through
    the access module: listing every APV, unit or owner a root coordinator sees (thousands)
    would cost more than the list itself."""

    path = ""  # from the rows to the related object, e.g. "assessment"
    model = None  # the related model

    def __init_subclass__(cls, **kwargs):
        # A class attribute: the admin allows a list's lookups by its filters' parameter names.
        super().__init_subclass__(**kwargs)
        cls.parameter_name = f"{cls.path}__id__exact"

    def always(self, request) -> list[tuple[str, str]]:
        """Choices offered whatever is chosen."""
        return []

    def lookups(self, request, model_admin):
        from apps import access

        offered = self.always(request)
        if self.value() and self.value() not in {value for value, _label in offered}:
            chosen = access.visible(request.user, self.model).filter(pk=self.value()).first()
            offered += [(str(chosen.pk), str(chosen))] if chosen else []
        return offered

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})


class ChosenAssessmentFilter(ChosenFilter):
    title = _("APV")
    path = "assessment"
    model = Assessment


class ActionsOfAssessment(ChosenAssessmentFilter):
    path = "finding__assessment"


class ChosenUnitFilter(ChosenFilter):
    title = _("unit")
    path = "assessment__unit"
    model = Unit


class AssessmentsOfUnit(ChosenUnitFilter):
    path = "unit"


class ActionsOfUnit(ChosenUnitFilter):
    path = "finding__assessment__unit"


class OwnerFilter(ChosenFilter):
    """The actions of one owner: "mine", or the person a link chose."""

    title = _("owner")
    path = "owner"

    @property
    def model(self):
        return get_user_model()

    def always(self, request):
        return [(str(request.user.pk), _("Mine"))]


class LackingFilter(admin.SimpleListFilter):
    """`?lacking=<unmet code>`: the findings or actions one unmet condition is about (the phase
    panel and the start page link here, next to the APV's own filter)."""

    title = _("missing before the next phase")
    parameter_name = "lacking"
    about = ""  # "finding" or "action"

    def lookups(self, request, model_admin):
        return [(code, cycle.lacking(code).label) for code in cycle.LACKING_CODES[self.about]]

    def queryset(self, request, queryset):
        if self.value() not in cycle.LACKING_CODES[self.about]:
            return queryset
        return queryset.filter(cycle.lacking(self.value()).q)


class FindingsLacking(LackingFilter):
    about = "finding"


class ActionsLacking(LackingFilter):
    about = "action"


# Unmet conditions that are not about listed items: where they are fixed.
FIXED_AT = {
    "no_findings": ("admin:findings_finding_add", "assessment"),
    "no_dialogue": ("admin:findings_dialogue_add", "assessment"),
    "no_published_communication": ("admin:communications_communication_add", "assessment"),
    "new_action_missing": ("admin:actions_action_changelist", "finding__assessment__id__exact"),
    "plan_not_approved": ("admin:assessments_assessment_approve_plan", None),
    "sickness_absence_note_missing": ("admin:assessments_assessment_change", None),
}


def unmet_url(assessment, code: str) -> str | None:
    """Where a person fixes one unmet condition of `assessment`: the list of the findings or
    actions it is about, or the form that fixes it."""
    from django.urls import reverse

    about = cycle.lacking(code)
    if about is None:
        if code not in FIXED_AT:
            return None
        name, parameter = FIXED_AT[code]
        if parameter is None:
            anchor = "#id_sickness_absence_note" if code == "sickness_absence_note_missing" else ""
            return reverse(name, args=[assessment.pk]) + anchor
        return f"{reverse(name)}?{parameter}={assessment.pk}"
    if about.model == "finding":
        base, apv = reverse("admin:findings_finding_changelist"), "assessment__id__exact"
    else:
        base, apv = reverse("admin:actions_action_changelist"), "finding__assessment__id__exact"
    return f"{base}?{apv}={assessment.pk}&lacking={code}"
