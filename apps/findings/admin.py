from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.assessments import cycle
from apps.assessments.admin_filters import (
    ChosenAssessmentFilter,
    ChosenUnitFilter,
    FindingsLacking,
)
from apps.attachments.admin import ATTACHMENT_INLINES, AttachmentsMixin
from apps.conversation.admin import ConversationPageMixin
from apps.core.admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    adopt,
    changed_fields,
    save_formset_through,
)
from apps.core.admin_bulk import apply_to_each

from . import services
from .forms import EXTENT_CHOICES, SEVERITY_CHOICES, group_factors, scale_field
from .models import Dialogue, Finding


def editable_assessments(user, verb=Verb.EDIT):
    """Open APVs in units where `user` may do `verb`: the choices when adding to an APV."""
    return cycle.open_assessments(access.assessments_visible_to(user)).filter(
        unit__in=access.units_where(user, verb)
    )


class ActionInline(ScopedInlineMixin, admin.TabularInline):
    """The finding's actions, edited where the AMR and leader think of them: with the finding."""

    model = Action
    edit_verb = Verb.EDIT_ACTIONS
    add_another_label = _("Add another action")
    fields = ("title", "owner", "due_on", "status", "progress", "overdue")
    readonly_fields = ("overdue",)
    autocomplete_fields = ("owner",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue if obj.pk else None

    def has_add_permission(self, request, obj=None):
        return obj is None or (
            not cycle.is_locked(obj.assessment) and access.can(request.user, self.edit_verb, obj)
        )

    has_change_permission = has_add_permission


@admin.register(Finding)
class FindingAdmin(AttachmentsMixin, ConversationPageMixin, ScopedAdmin):
    list_display = (
        "title",
        "unit",
        "factor",
        "kind",
        "status",
        "risk_score_display",
        "priority",
        "confidential",
        "action_count",
    )
    list_filter = (
        FindingsLacking,
        ChosenAssessmentFilter,
        "status",
        "kind",
        "factor__domain",
        "factor__legal_risk",
        "source",
        "confidential",
        ChosenUnitFilter,
    )
    search_fields = ("title", "description", "causes", "factor__name")
    autocomplete_fields = ("assessment", "handlers")
    actions = ("confirm", "dismiss", "resolve")
    inlines = (ActionInline, *ATTACHMENT_INLINES)
    readonly_fields = ("reported_by", "risk_score_display", "created_at")
    fieldsets = (
        (None, {"fields": ("assessment", "title", "kind", "factor", "source", "level")}),
        (
            _("Nature, severity, extent and causes"),
            {"fields": ("description", "causes", "severity", "extent", "risk_score_display")},
        ),
        (_("Handling"), {"fields": ("status", "priority")}),
        (
            _("Confidentiality"),
            {"fields": ("confidential", "handlers", "reported_by", "created_at")},
        ),
    )
    # Logging a finding on a phone: what is needed first, the rest folded away below.
    add_fieldsets = (
        (None, {"fields": ("assessment", "title", "factor", "severity", "extent", "kind")}),
        (None, {"fields": ("description",)}),
        (
            _("More details (optional)"),
            {
                "classes": ("collapse",),
                "fields": ("causes", "source", "level", "status", "priority"),
            },
        ),
        (
            _("Confidentiality (optional)"),
            {"classes": ("collapse",), "fields": ("confidential", "handlers")},
        ),
    )

    class Media:
        js = ("apv/finding-form.js",)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        # A new finding is logged first; its actions are added on its page or the APV's.
        return () if obj is None else super().get_inlines(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        scales = {"severity": SEVERITY_CHOICES, "extent": EXTENT_CHOICES}
        if db_field.name in scales:
            return scale_field(db_field, scales[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_the_apv(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._back_to_the_apv(request, obj) or super().response_change(request, obj)

    def _back_to_the_apv(self, request, obj):
        """After saving, back to the finding's APV (where the work is), unless the person
        asked to go on editing or to add another."""
        if {"_continue", "_addanother", "_saveasnew"} & set(
            request.POST
        ) or "_popup" in request.POST:
            return None
        self.message_user(
            request,
            _("The finding “%(finding)s” is saved.")
            % {"finding": access.label(request.user, obj, readable=True)},
            messages.SUCCESS,
        )
        url = reverse("admin:assessments_assessment_change", args=[obj.assessment_id])
        return HttpResponseRedirect(url)

    def get_queryset(self, request):
        # A correlated count, evaluated for the page's rows only (a join and GROUP BY would
        # count the actions of every finding in scope before the page is cut).
        actions = (
            Action.objects.filter(finding=OuterRef("pk"))
            .order_by()
            .values("finding")
            .annotate(n=Count("pk"))
            .values("n")
        )
        total = Coalesce(Subquery(actions, output_field=IntegerField()), 0)
        return super().get_queryset(request).annotate(action_total=total)

    def object_is_locked(self, obj):
        return cycle.is_locked(obj.assessment)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # A finding stays in the APV it was logged in.
        return readonly if obj is None else [*readonly, "assessment"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessment":
            kwargs["queryset"] = editable_assessments(request.user)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "factor":
            group_factors(formfield)
        return formfield

    @admin.display(description=_("unit"), ordering="assessment__unit__name")
    def unit(self, obj):
        return obj.assessment.unit

    @admin.display(description=_("risk score"), ordering="severity")
    def risk_score_display(self, obj):
        # Django's read-only field would print a missing score as "None".
        score = obj.risk_score
        return self.get_empty_value_display() if score is None else score

    @admin.display(description=_("actions"), ordering="action_total")
    def action_count(self, obj):
        return getattr(obj, "action_total", None)

    def save_model(self, request, obj, form, change):
        handlers = form.cleaned_data.get("handlers")
        if change:
            saved = services.finding_update(
                finding=Finding.objects.get(pk=obj.pk),
                by=request.user,
                handlers=handlers if "handlers" in form.changed_data else None,
                **changed_fields(form, services.FINDING_FIELDS),
            )
        else:
            saved = services.finding_create(
                assessment=form.cleaned_data["assessment"],
                by=request.user,
                handlers=handlers,
                **{k: v for k, v in form.cleaned_data.items() if k in services.FINDING_FIELDS},
            )
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        """Actions added or changed inline go through the action services."""
        from apps.actions import services as action_services

        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)

        def save_one(inline_form):
            data = changed_fields(inline_form, action_services.ACTION_FIELDS)
            if inline_form.instance.pk:
                return action_services.action_update(
                    action=Action.objects.get(pk=inline_form.instance.pk),
                    by=request.user,
                    **data,
                )
            return action_services.action_create(finding=form.instance, by=request.user, **data)

        save_formset_through(formset, save_one)

    def delete_with_service(self, request, obj):
        services.finding_delete(finding=obj, by=request.user)

    # --- several at once: "do we see the same?" answered for a whole list ----------------------

    def _set_status(self, request, queryset, status, done):
        apply_to_each(
            self,
            request,
            queryset,
            lambda finding: services.finding_update(
                finding=finding, by=request.user, status=status
            ),
            done,
        )

    @admin.action(description=_("Confirm the selected findings"))
    def confirm(self, request, queryset):
        self._set_status(
            request, queryset, Finding.Status.CONFIRMED, gettext("Confirmed: %(count)d.")
        )

    @admin.action(description=_("Dismiss the selected findings"))
    def dismiss(self, request, queryset):
        self._set_status(
            request, queryset, Finding.Status.DISMISSED, gettext("Dismissed: %(count)d.")
        )

    @admin.action(description=_("Mark the selected findings resolved at once"))
    def resolve(self, request, queryset):
        self._set_status(
            request, queryset, Finding.Status.RESOLVED, gettext("Resolved at once: %(count)d.")
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access.may_ever(request.user, Verb.EDIT):
            for name in ("confirm", "dismiss", "resolve"):
                actions.pop(name, None)
        return actions


@admin.register(Dialogue)
class DialogueAdmin(AttachmentsMixin, ScopedAdmin):
    list_display = ("forum", "held_on", "assessment", "finding_count")
    list_filter = ("forum", ChosenUnitFilter)
    search_fields = ("summary", "participants", "assessment__title")
    date_hierarchy = "held_on"
    autocomplete_fields = ("assessment",)
    filter_horizontal = ("findings",)
    inlines = ATTACHMENT_INLINES
    fields = ("assessment", "forum", "held_on", "participants", "summary", "findings")

    def object_is_locked(self, obj):
        return cycle.is_locked(obj.assessment)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "assessment"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessment":
            kwargs["queryset"] = editable_assessments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "findings":
            kwargs["queryset"] = access.findings_visible_to(request.user).filter(
                cycle.open_q("assessment")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("findings discussed"))
    def finding_count(self, obj):
        return len(obj.findings.all())

    def save_model(self, request, obj, form, change):
        fields = changed_fields(form, services.DIALOGUE_FIELDS)
        findings = form.cleaned_data.get("findings")
        if change:
            saved = services.dialogue_update(
                dialogue=Dialogue.objects.get(pk=obj.pk),
                by=request.user,
                findings=findings if "findings" in form.changed_data else None,
                **fields,
            )
        else:
            saved = services.dialogue_create(
                assessment=form.cleaned_data["assessment"],
                by=request.user,
                findings=findings or (),
                **{k: v for k, v in form.cleaned_data.items() if k in services.DIALOGUE_FIELDS},
            )
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.dialogue_delete(dialogue=obj, by=request.user)
