"""The APV in the admin: its page (phase panel, findings, report links) and its list."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps import access
from apps.access import Verb
from apps.attachments.admin import ATTACHMENT_INLINES, AttachmentsMixin
from apps.conversation.admin import ConversationPageMixin
from apps.core.admin import (
    ReadOnlyInlineMixin,
    ScopedAdmin,
    ScopedInlineMixin,
    adopt,
    changed_fields,
    save_formset_through,
)
from apps.findings.forms import EXTENT_CHOICES, SEVERITY_CHOICES, scale_field
from apps.findings.models import Finding
from apps.reports.links import report_links
from apps.surveys.links import survey_and_absence as survey_panel

from . import cycle, services
from .admin_cycle import CyclePagesMixin, unmet_link
from .admin_filters import AssessmentsOfUnit
from .admin_rounds import RoundAdmin  # noqa: F401 (registers the rounds' pages)
from .models import Assessment, Phase, PhaseTransition


class FindingInline(ScopedInlineMixin, admin.TabularInline):
    """The APV's findings where the work is: status, severity, extent and priority changed in
    place by those who may (through the finding service); the rest on the finding's page."""

    model = Finding
    fields = ("title", "factor", "status", "severity", "extent", "priority", "actions_link")
    readonly_fields = ("title", "factor", "actions_link")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = gettext_lazy("Findings")

    def has_add_permission(self, request, obj=None):
        return False  # a finding is logged on its own form ("New finding")

    def has_change_permission(self, request, obj=None):
        return (
            obj is not None
            and not cycle.is_locked(obj)
            and access.can(request.user, Verb.EDIT, obj)
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        scales = {"severity": SEVERITY_CHOICES, "extent": EXTENT_CHOICES}
        if db_field.name in scales:
            # A compact list in a table row; the finding's own form has the big choices.
            field = scale_field(db_field, scales[db_field.name])
            field.widget = forms.Select(
                choices=[("", "–"), *scales[db_field.name]], attrs={"aria-label": field.label}
            )
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("actions"))
    def actions_link(self, finding):
        if finding.pk is None:
            return "–"
        count = finding.actions.count()
        add = reverse("admin:actions_action_add") + f"?finding={finding.pk}"
        listed = reverse("admin:findings_finding_change", args=[finding.pk]) + "#actions-group"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            listed,
            ngettext("%(count)d action", "%(count)d actions", count) % {"count": count},
            add,
            _("add"),
        )


class PhaseTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = PhaseTransition
    fields = ("at", "from_phase", "to_phase", "by", "comment")
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = gettext_lazy("Phase changes")


class ReadinessCountedChangeList(ChangeList):
    """The APV list says what each APV is missing: counted for the whole page at once."""

    def get_results(self, request):
        super().get_results(request)
        counted = cycle.readiness_many(self.result_list)
        for assessment in self.result_list:
            assessment.counted_readiness = counted[assessment.pk]


@admin.register(Assessment)
class AssessmentAdmin(AttachmentsMixin, ConversationPageMixin, CyclePagesMixin, ScopedAdmin):
    list_display = (
        "title",
        "unit",
        "phase",
        "readiness_summary",
        "phase_entered_at",
        "plan_approved_at",
        "next_revision_due",
    )
    list_filter = ("phase", AssessmentsOfUnit, "next_revision_due")
    search_fields = ("title", "unit__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("unit",)
    inlines = (FindingInline, *ATTACHMENT_INLINES, PhaseTransitionInline)
    readonly_fields = (
        "phase_panel",
        "reports",
        "survey_and_absence",
        "closed_on",
        "next_revision_due",
        "plan_approved_at",
        "plan_approved_by",
        "plan_approval_forum",
        "plan_approval_comment",
    )
    fieldsets = (
        (None, {"fields": ("unit", "title", "phase_panel", "started_on", "due_on", "closed_on")}),
        (gettext_lazy("Report and exports"), {"fields": ("reports",)}),
        (
            gettext_lazy("Content required by law"),
            {"fields": ("no_findings_statement", "survey_and_absence", "sickness_absence_note")},
        ),
        (
            gettext_lazy("Follow-up of the APV as a whole"),
            {"fields": ("went_well", "to_strengthen")},
        ),
        (
            gettext_lazy("Action plan approval and revision"),
            {
                "fields": (
                    "plan_approved_at",
                    "plan_approved_by",
                    "plan_approval_forum",
                    "plan_approval_comment",
                    "next_revision_due",
                )
            },
        ),
    )

    def get_changelist(self, request, **kwargs):
        return ReadinessCountedChangeList

    def object_is_locked(self, obj):
        return cycle.is_locked(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The unit of an APV never changes after it is created (DESIGN.md §6).
        return readonly if obj is None else [*readonly, "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = access.units_where(request.user, Verb.EDIT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Ready for next phase"))
    def readiness_summary(self, obj):
        if cycle.is_locked(obj):
            return "–"
        state = getattr(obj, "counted_readiness", None) or cycle.readiness(obj)
        if state.ready:
            return _("Yes")
        return _("%(count)d missing") % {"count": len(state.unmet)}

    @admin.display(description=gettext_lazy("Report"))
    def reports(self, obj):
        return report_links(obj) if obj is not None and obj.pk else "–"

    @admin.display(description=gettext_lazy("Survey and sickness absence"))
    def survey_and_absence(self, obj):
        return survey_panel(obj) if obj is not None and obj.pk else "–"

    @admin.display(description=gettext_lazy("Phase"))
    def phase_panel(self, obj):
        if obj is None or obj.pk is None:
            return Phase.IDENTIFICATION.label
        state = cycle.readiness(obj)
        parts = [format_html("<strong>{}</strong>", obj.get_phase_display())]
        if state.next:
            next_label = Phase(state.next).label
            if state.ready:
                parts.append(
                    format_html("<p>{}</p>", _("Ready to move on to: %(p)s") % {"p": next_label})
                )
            else:
                parts.append(
                    format_html(
                        "<p>{}</p><ul>{}</ul>",
                        _("Missing before moving on to: %(p)s") % {"p": next_label},
                        format_html_join(
                            "", "<li>{}</li>", ((unmet_link(obj, u),) for u in state.unmet)
                        ),
                    )
                )
        return format_html("{}" * len(parts), *parts)

    # --- saving through the services ----------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            fresh = Assessment.objects.get(pk=obj.pk)
            saved = services.assessment_update(
                assessment=fresh,
                by=request.user,
                **changed_fields(form, services.EDITABLE_FIELDS),
            )
        else:
            saved = services.assessment_create(
                by=request.user,
                **{k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS},
            )
        adopt(obj, saved)

    def cycle_buttons(self, request, obj) -> list[tuple[str, str]]:
        """Besides the cycle's moves: the APV's action plan as a list (where owners, deadlines
        and statuses of several actions change at once), a new finding in this APV, and its
        findings as a list (where several are confirmed, dismissed or resolved at once)."""
        buttons = super().cycle_buttons(request, obj)
        plan = reverse("admin:actions_action_changelist") + (
            f"?finding__assessment__id__exact={obj.pk}"
        )
        buttons = [(plan, _("The action plan")), *buttons]
        if cycle.is_locked(obj) or not access.can(request.user, Verb.EDIT, obj):
            return buttons
        add = reverse("admin:findings_finding_add") + f"?assessment={obj.pk}"
        listed = reverse("admin:findings_finding_changelist") + f"?assessment__id__exact={obj.pk}"
        proposals = reverse("admin:surveys_proposals", args=[obj.pk])
        return [
            (add, _("New finding")),
            (listed, _("Handle several findings")),
            (proposals, _("From the survey")),
            *buttons,
        ]

    def save_formset(self, request, form, formset, change):
        """Findings changed in place on the APV's page go through the finding service."""
        from apps.findings import services as finding_services

        if formset.model is not Finding:
            return super().save_formset(request, form, formset, change)

        def save_one(inline_form):
            return finding_services.finding_update(
                finding=Finding.objects.get(pk=inline_form.instance.pk),
                by=request.user,
                **changed_fields(inline_form, finding_services.FINDING_FIELDS),
            )

        save_formset_through(formset, save_one)

    def delete_with_service(self, request, obj):
        services.assessment_delete(assessment=obj, by=request.user)
