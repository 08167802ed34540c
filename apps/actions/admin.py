from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.core.admin import (
    ReadOnlyInlineMixin,
    ScopedAdmin,
    ScopedInlineMixin,
    adopt,
    changed_fields,
    save_formset_through,
)

from . import services
from .models import Action, ActionUpdate, Evaluation


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", _("Overdue")), ("no", _("Not overdue")))

    def queryset(self, request, queryset):
        overdue = Action.objects.overdue(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class ActionUpdateInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ActionUpdate
    fields = ("at", "by", "progress", "status", "note")
    readonly_fields = fields
    show_change_link = False


class EvaluationInline(ScopedInlineMixin, admin.StackedInline):
    """Evaluations are added to a done action; earlier ones stay as they were written."""

    model = Evaluation
    fields = ("evaluated_on", "effect", "decision", "notes", "by")
    readonly_fields = ("by",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and (
            not cycle.is_locked(obj.finding.assessment) and access.can(request.user, Verb.EDIT, obj)
        )

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(ScopedAdmin):
    edit_verb = Verb.EDIT_ACTIONS
    list_display = (
        "title",
        "finding_link",
        "unit",
        "owner",
        "due_on",
        "status",
        "progress",
        "overdue",
        "evaluation_due_on",
    )
    list_filter = (
        OverdueFilter,
        "status",
        "level",
        ("owner", RelatedOnlyFieldListFilter),
        ("finding__assessment__unit", RelatedOnlyFieldListFilter),
        "due_on",
    )
    search_fields = ("title", "description", "owner__first_name", "owner__last_name")
    date_hierarchy = "due_on"
    autocomplete_fields = ("finding", "owner")
    inlines = (ActionUpdateInline, EvaluationInline)
    readonly_fields = (
        "finding_link",
        "overdue",
        "completed_on",
        "evaluation_due_on",
        "created_at",
    )
    fields = (
        "finding",
        "title",
        "description",
        "level",
        "owner",
        "due_on",
        "status",
        "progress",
        "overdue",
        "completed_on",
        "evaluation_due_on",
        "created_at",
    )

    def get_queryset(self, request):
        # Whether each row's finding is readable, in the page's one query: the owner of an
        # action under a confidential finding sees the action, and the finding only as
        # "Fortroligt fund" (access.finding_label).
        readable = access.findings_visible_to(request.user).filter(pk=OuterRef("finding_id"))
        return super().get_queryset(request).annotate(finding_readable=Exists(readable))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # A saved action stays under its finding: show the finding as it may be named.
        return fields if obj is None else ["finding_link", *(f for f in fields if f != "finding")]

    def object_is_locked(self, obj):
        return cycle.is_locked(obj.finding.assessment)

    @admin.display(description=_("finding"))
    def finding_link(self, obj):
        readable = getattr(obj, "finding_readable", False)
        label = access.finding_label(None, obj.finding, readable=readable)
        if not readable:
            return label
        url = reverse("admin:findings_finding_change", args=[obj.finding_id])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("unit"), ordering="finding__assessment__unit__name")
    def unit(self, obj):
        return obj.finding.assessment.unit

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "finding":
            kwargs["queryset"] = (
                access.findings_visible_to(request.user)
                .filter(assessment__unit__in=access.units_where(request.user, Verb.EDIT_ACTIONS))
                .filter(cycle.open_q("assessment"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.action_update(
                action=Action.objects.get(pk=obj.pk),
                by=request.user,
                **changed_fields(form, services.ACTION_FIELDS),
            )
        else:
            saved = services.action_create(
                finding=form.cleaned_data["finding"],
                by=request.user,
                **{k: v for k, v in form.cleaned_data.items() if k in services.ACTION_FIELDS},
            )
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evaluation:
            return super().save_formset(request, form, formset, change)

        def save_one(inline_form):
            if inline_form.instance.pk:
                return None  # earlier evaluations stay as written
            data = inline_form.cleaned_data
            return services.evaluation_create(
                action=form.instance,
                by=request.user,
                effect=data["effect"],
                decision=data["decision"],
                notes=data.get("notes", ""),
                evaluated_on=data.get("evaluated_on"),
            )

        save_formset_through(formset, save_one)

    def delete_with_service(self, request, obj):
        services.action_delete(action=obj, by=request.user)
