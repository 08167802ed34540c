"""The APV in the admin: its page (phase panel, findings, report links) and its list."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps import access
from apps.access import Verb
from apps.core.admin import (
    ReadOnlyInlineMixin,
    ScopedAdmin,
    adopt,
    changed_fields,
)
from apps.findings.models import Finding
from apps.reports.links import report_links

from . import cycle, services
from .admin_cycle import CyclePagesMixin, unmet_link
from .models import Assessment, Phase, PhaseTransition


class FindingInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Finding
    fields = ("title", "kind", "factor", "status", "severity", "extent", "priority")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Findings (open a finding to edit it and its actions)")


class PhaseTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = PhaseTransition
    fields = ("at", "from_phase", "to_phase", "by", "comment")
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = gettext_lazy("Phase changes")


@admin.register(Assessment)
class AssessmentAdmin(CyclePagesMixin, ScopedAdmin):
    list_display = (
        "title",
        "unit",
        "phase",
        "readiness_summary",
        "phase_entered_at",
        "plan_approved_at",
        "next_revision_due",
    )
    list_filter = ("phase", ("unit", RelatedOnlyFieldListFilter), "next_revision_due")
    search_fields = ("title", "unit__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("unit",)
    inlines = (FindingInline, PhaseTransitionInline)
    readonly_fields = (
        "phase_panel",
        "reports",
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
            {"fields": ("no_findings_statement", "sickness_absence_note")},
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
        state = cycle.readiness(obj)
        if state.ready:
            return _("Yes")
        return _("%(count)d missing") % {"count": len(state.unmet)}

    @admin.display(description=gettext_lazy("Report"))
    def reports(self, obj):
        return report_links(obj) if obj is not None and obj.pk else "–"

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

    def delete_with_service(self, request, obj):
        services.assessment_delete(assessment=obj, by=request.user)
