"""Admin list filters that ask the cycle: which findings or actions keep an APV where it is."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import cycle


class ChosenAssessmentFilter(admin.SimpleListFilter):
    """`?<path>__id__exact=<APV>`: the rows of one APV (the APV page and the start page link
    here). Only the chosen APV is offered back: listing every APV a root coordinator sees
    (thousands) would cost more than the list itself."""

    title = _("APV")
    path = "assessment"  # from the rows to their APV

    def __init__(self, request, params, model, model_admin):
        self.parameter_name = f"{self.path}__id__exact"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        from apps import access

        if not self.value():
            return []
        chosen = access.assessments_visible_to(request.user).filter(pk=self.value()).first()
        return [(str(chosen.pk), str(chosen))] if chosen else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})


class ActionsOfAssessment(ChosenAssessmentFilter):
    path = "finding__assessment"


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
