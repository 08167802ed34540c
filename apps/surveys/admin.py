"""Surveys and sickness absence in the admin: imports with a preview, the figures people may
read, the dimension mapping, and the AMR's page of proposed findings."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateWidget, DecimalWidget, ForeignKeyWidget, IntegerWidget

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.core.admin import ScopedAdmin, adopt, changed_fields, refusal_message
from apps.core.admin_import import PlannedImportMixin, PlannedImportResource
from apps.core.errors import DomainError
from apps.factors.models import Factor
from apps.organisation.models import Unit
from apps.security.log import refused_lookup

from . import services
from .imports import ABSENCE_COLUMNS, ABSENCE_OPTIONAL, SURVEY_COLUMNS, plan_absence, plan_survey
from .models import SicknessAbsence, Survey, SurveyDimension, SurveyFigure, SurveyResult
from .proposals import proposals_for


class SurveyResultResource(PlannedImportResource):
    survey = Field("survey", _("survey"), widget=ForeignKeyWidget(Survey, "name"))
    unit = Field("unit", _("unit"), widget=ForeignKeyWidget(Unit, "name"))
    factor = Field("factor", _("factor"), widget=ForeignKeyWidget(Factor, "name"))
    score = Field("score", _("score"), widget=DecimalWidget())
    respondents = Field("respondents", _("respondents"), widget=IntegerWidget())

    class Meta:
        model = SurveyResult
        fields = ("survey", "unit", "factor", "score", "respondents")
        skip_unchanged = True
        report_skipped = True

    def plan(self, dataset, by):
        rows = plan_survey(dataset, by=by)
        keys = {row.survey for row in rows}
        self.surveys = {
            (s.name, s.conducted_on): s
            for s in Survey.objects.filter(name__in={name for name, _date in keys})
        }
        self.earlier = {
            (r.survey_id, r.unit_id, r.factor_id): r
            for r in SurveyResult.objects.filter(survey__in=self.surveys.values())
        }
        return rows

    def find(self, planned):
        survey = self.surveys.get(planned.survey)
        if survey is None:
            return None
        return self.earlier.get((survey.pk, planned.unit.pk, planned.dimension.factor_id))

    def fill(self, instance, planned):
        name, conducted_on = planned.survey
        instance.survey = self.surveys.get(planned.survey) or Survey(
            name=name, conducted_on=conducted_on
        )
        instance.unit = planned.unit
        instance.factor = planned.dimension.factor
        instance.score = planned.score
        instance.respondents = planned.respondents

    def store(self, rows, by):
        return services.survey_import(rows, by=by)


class AbsenceResource(PlannedImportResource):
    unit = Field("unit", _("unit"), widget=ForeignKeyWidget(Unit, "name"))
    period_start = Field("period_start", _("from"), widget=DateWidget("%d.%m.%Y"))
    period_end = Field("period_end", _("to"), widget=DateWidget("%d.%m.%Y"))
    days_per_fte = Field("days_per_fte", _("days per full-time employee"), widget=DecimalWidget())
    municipality_average = Field(
        "municipality_average", _("municipality average"), widget=DecimalWidget()
    )

    class Meta:
        model = SicknessAbsence
        fields = ("unit", "period_start", "period_end", "days_per_fte", "municipality_average")
        skip_unchanged = True
        report_skipped = True

    def plan(self, dataset, by):
        rows = plan_absence(dataset, by=by)
        self.earlier = {
            (a.unit_id, a.period_start, a.period_end): a
            for a in SicknessAbsence.objects.filter(unit__in=[row.unit.pk for row in rows])
        }
        return rows

    def find(self, planned):
        return self.earlier.get(planned.key)

    def fill(self, instance, planned):
        for name in ("unit", "period_start", "period_end", "days_per_fte"):
            setattr(instance, name, getattr(planned, name))
        instance.municipality_average = planned.municipality_average

    def store(self, rows, by):
        return services.absence_import(rows, by=by)


class ReadOnlyAdmin(ScopedAdmin):
    """Rows that come from imports: read here, changed by importing again."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(PlannedImportMixin, ReadOnlyAdmin):
    resource_classes = [SurveyResultResource]
    list_display = ("name", "conducted_on", "figures_link", "imported_at")
    search_fields = ("name",)
    fields = ("name", "conducted_on", "imported_at", "figures_link")
    readonly_fields = fields

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_columns": SURVEY_COLUMNS,
            "import_help": _(
                "One row per unit and dimension: the unit's HR id or name, the unit's own "
                "respondents (not those of its sub-units), and its score from 0 to 100. "
                "Importing the same survey (name and date) again replaces it."
            ),
        }

    @admin.display(description=_("figures"))
    def figures_link(self, obj):
        url = reverse("admin:surveys_surveyfigure_changelist") + f"?survey__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Show figures"))

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.MANAGE)
        return access.can(request.user, Verb.DELETE, obj)

    def delete_with_service(self, request, obj):
        services.survey_delete(survey=obj, by=request.user)

    def get_urls(self):
        view = self.admin_site.admin_view(self.proposals_view)
        return [
            path("proposals/<int:assessment_id>/", view, name="surveys_proposals"),
            *super().get_urls(),
        ]

    def proposals_view(self, request, assessment_id):
        """The APV's proposed findings: accept or reject each, or several at once."""
        assessment = access.assessments_visible_to(request.user).filter(pk=assessment_id).first()
        if assessment is None:
            refused_lookup(Assessment, assessment_id, request=request)
            raise Http404
        if not access.can(request.user, Verb.EDIT, assessment):
            raise PermissionDenied
        # A closed APV is the record of its round: nothing is proposed to it.
        proposals = [] if cycle.is_locked(assessment) else proposals_for(assessment)
        back = reverse("admin:assessments_assessment_change", args=[assessment.pk])
        if request.method == "POST":
            chosen = set(request.POST.getlist("proposal"))
            keys = [(p.survey.pk, p.factor.pk) for p in proposals]
            picked = [key for key in keys if f"{key[0]}-{key[1]}" in chosen]
            accept = "reject" not in request.POST
            try:
                decisions = services.proposals_decide(
                    assessment=assessment,
                    by=request.user,
                    accept=picked if accept else [],
                    reject=[] if accept else picked,
                )
            except DomainError as error:
                self.message_user(request, refusal_message(error), messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            if not decisions:
                self.message_user(
                    request, gettext("Choose one or more proposals."), messages.WARNING
                )
                return HttpResponseRedirect(request.get_full_path())
            message = (
                gettext("%s findings logged from the survey.")
                if accept
                else gettext("%s proposals rejected.")
            )
            self.message_user(request, message % len(decisions))
            more_left = len(proposals) > len(decisions)
            return HttpResponseRedirect(request.path if more_left else back)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Proposed findings from the survey"),
            "subtitle": str(assessment),
            "assessment": assessment,
            "proposals": proposals,
            "back": back,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/surveys/proposals.html", context)


class SurveysInReach(admin.SimpleListFilter):
    """The surveys the person may read figures of (Django's own filter would list them all)."""

    title = _("survey")
    parameter_name = "survey__id__exact"

    def lookups(self, request, model_admin):
        return [
            (s.pk, str(s))
            for s in access.surveys_visible_to(request.user).order_by("-conducted_on")
        ]

    def queryset(self, request, queryset):
        return queryset.filter(survey_id=self.value()) if self.value() else queryset


@admin.register(SurveyFigure)
class SurveyFigureAdmin(ReadOnlyAdmin):
    list_display = ("unit", "factor", "score", "respondents", "survey")
    list_select_related = ("unit", "factor", "survey")
    list_filter = (SurveysInReach, "factor__domain", "factor")
    search_fields = ("unit__name", "factor__name")
    fields = ("survey", "unit", "factor", "score", "respondents", "higher_is_better")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SicknessAbsence)
class SicknessAbsenceAdmin(PlannedImportMixin, ReadOnlyAdmin):
    resource_classes = [AbsenceResource]
    list_display = ("unit", "period_start", "period_end", "days_per_fte", "municipality_average")
    list_select_related = ("unit",)
    search_fields = ("unit__name",)
    fields = list_display

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_columns": ABSENCE_COLUMNS + ABSENCE_OPTIONAL,
            "import_help": _(
                "One row per unit and period: days of sickness absence per full-time employee, "
                "and, if you have it, the municipality's average for the same period."
            ),
        }

    def delete_with_service(self, request, obj):
        services.absence_delete(absence=obj, by=request.user)


@admin.register(SurveyDimension)
class SurveyDimensionAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("name", "factor", "higher_is_better")
    list_select_related = ("factor",)
    list_filter = ("higher_is_better",)
    search_fields = ("name", "factor__name")
    autocomplete_fields = ("factor",)

    def save_model(self, request, obj, form, change):
        fields = services.DIMENSION_FIELDS
        if change:
            saved = services.dimension_update(
                by=request.user,
                dimension=SurveyDimension.objects.get(pk=obj.pk),
                **changed_fields(form, fields),
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in fields}
            saved = services.dimension_create(by=request.user, **data)
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.dimension_delete(by=request.user, dimension=obj)
