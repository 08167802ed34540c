from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.assessments.admin_filters import (
    ActionsLacking,
    ActionsOfAssessment,
    ActionsOfUnit,
    OwnerFilter,
)
from apps.attachments.admin import ATTACHMENT_INLINES, AttachmentsMixin
from apps.conversation.admin import ConversationPageMixin
from apps.core.admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    adopt,
    changed_fields,
    refusal_message,
    save_formset_through,
)
from apps.core.admin_bulk import apply_to_each
from apps.core.errors import DomainError

from . import services
from .forms import ActionUpdateForm, BulkChangeForm
from .models import Action, Evaluation


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


class EvaluationInline(ScopedInlineMixin, admin.StackedInline):
    """Evaluations are added to a done action; earlier ones stay as they were written."""

    model = Evaluation
    add_another_label = _("Add an evaluation")
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
class ActionAdmin(AttachmentsMixin, ConversationPageMixin, ScopedAdmin):
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
        ActionsLacking,
        ActionsOfAssessment,
        "status",
        "level",
        "approach",
        OwnerFilter,
        ActionsOfUnit,
        "due_on",
    )
    search_fields = ("title", "description", "owner__first_name", "owner__last_name")
    # No date hierarchy: the deadline filter does the same, and the hierarchy's years and
    # months are a grouping query over every action in scope on each page.
    autocomplete_fields = ("finding", "owner")
    inlines = (EvaluationInline, *ATTACHMENT_INLINES)
    actions = ("change_selected",)
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
        "approach",
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
            fields = changed_fields(form, services.ACTION_FIELDS)
            progress = {k: fields.pop(k) for k in ("status", "progress") if k in fields}
            saved = services.action_update(
                action=Action.objects.get(pk=obj.pk), by=request.user, **fields
            )
            if progress:
                # A new status or progress is news: it goes in the action's timeline.
                saved = services.action_update_post(
                    action=saved, by=request.user, **progress
                ).action
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

    # --- several at once: a leader reassigns or moves a handful of actions ------------------

    @admin.action(description=_("Change owner, due date or status of the selected actions"))
    def change_selected(self, request, queryset):
        owners = access.users_visible_to(request.user)
        form = BulkChangeForm(request.POST if "apply" in request.POST else None, owners=owners)
        if form.is_bound and form.is_valid():
            changes = form.changes()

            def change(action):
                if "status" in changes:
                    rest = {k: v for k, v in changes.items() if k != "status"}
                    action = services.action_update(action=action, by=request.user, **rest)
                    return services.action_update_post(
                        action=action, by=request.user, status=changes["status"]
                    )
                return services.action_update(action=action, by=request.user, **changes)

            apply_to_each(self, request, queryset, change, gettext("Changed: %(count)d."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the selected actions"),
            "opts": self.model._meta,
            "form": form,
            "actions": queryset,
            "action_name": "change_selected",
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/actions/action/change_selected.html", context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access.may_ever(request.user, Verb.EDIT_ACTIONS):
            actions.pop("change_selected", None)
        return actions

    # --- status updates: the owner's and the TRIO's news on the action ----------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/update/",
                self.admin_site.admin_view(self.post_update_view),
                name="actions_action_post_update",
            ),
            *super().get_urls(),
        ]

    def may_post_update(self, request, action) -> bool:
        return not cycle.is_locked(action.finding.assessment) and access.can(
            request.user, Verb.UPDATE_ACTION, action
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        action = self.get_queryset(request).filter(pk=object_id).first()
        context = dict(extra_context or {})
        if action is not None:
            context["updates"] = (
                access.action_updates_visible_to(request.user)
                .filter(action=action)
                .select_related("by")
            )
            if self.may_post_update(request, action):
                context["update_form"] = ActionUpdateForm(
                    initial={"status": action.status, "progress": action.progress}
                )
                context["update_url"] = reverse(
                    "admin:actions_action_post_update", args=[action.pk]
                )
        return super().change_view(request, object_id, form_url, context)

    def post_update_view(self, request, object_id):
        """Post a status update (status, progress, note) through the update service."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        action = self.get_queryset(request).filter(pk=object_id).first()
        if action is None:
            raise Http404
        if not access.can(request.user, Verb.UPDATE_ACTION, action):
            raise PermissionDenied
        change_url = reverse("admin:actions_action_change", args=[action.pk])
        form = ActionUpdateForm(request.POST)
        if not form.is_valid():
            errors = "; ".join(
                f"{form.fields[n].label}: {' '.join(e)}" for n, e in form.errors.items()
            )
            self.message_user(request, errors, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            services.action_update_post(action=action, by=request.user, **form.cleaned_data)
        except DomainError as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
        else:
            self.message_user(request, _("The status update is saved."), messages.SUCCESS)
        return HttpResponseRedirect(change_url)
