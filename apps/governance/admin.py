"""The annual review, changes and the TRIO's agreement in the admin. Reads through the access
module; every write (creating, editing, answering a change, confirming an agreement, deleting)
goes through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.assessments.admin_filters import AssessmentsOfUnit
from apps.core.admin import ScopedAdmin, adopt, changed_fields, refusal_message
from apps.core.errors import DomainError

from . import services
from .admin_agreement import AgreementAdmin  # noqa: F401 (registers the agreement's pages)
from .admin_pages import action_page, readable_or_404
from .forms import ChangeAnswerForm
from .models import AnnualReview, ChangeEvent
from .selectors import (
    current_assessment_ids,
    current_assessments,
)

# --- annual reviews -------------------------------------------------------------------------


@admin.register(AnnualReview)
class AnnualReviewAdmin(ScopedAdmin):
    list_display = ("unit", "held_on", "next_due_display", "apv_count")
    list_filter = (AssessmentsOfUnit,)
    search_fields = ("unit__name", "participants", "last_year_goals", "goals", "way_of_working")
    date_hierarchy = "held_on"
    autocomplete_fields = ("unit",)
    filter_horizontal = ("assessments",)
    fields = (
        "unit",
        "held_on",
        "participants",
        "last_year_goals",
        "goals",
        "way_of_working",
        "assessments",
    )

    @admin.display(description=_("next review due"), ordering="held_on")
    def next_due_display(self, obj):
        return obj.next_due

    @admin.display(description=_("APVs"))
    def apv_count(self, obj):
        return len(obj.assessments.all())

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # A review stays with the unit it was held for.
        return readonly if obj is None else [*readonly, "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = access.units_where(request.user, Verb.EDIT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("assessments")
        if field is not None:
            # The current APV of each unit in scope (of the review's unit and below, on its
            # page), and whatever the review already links.
            visible = access.assessments_visible_to(request.user)
            if obj is None:
                units = access.units_where(request.user, Verb.EDIT)
                current = visible.filter(pk__in=current_assessment_ids(units))
                field.help_text = gettext(
                    "Left empty, the current APV of the unit and of each unit below it is linked."
                )
            else:
                current = visible.filter(pk__in=current_assessments(obj.unit).values("pk"))
                current = current | visible.filter(annual_reviews=obj)
            field.queryset = current.distinct().select_related("unit").order_by("unit__path")
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.annual_review_update(
                review=AnnualReview.objects.get(pk=obj.pk),
                by=request.user,
                assessments=data["assessments"] if "assessments" in form.changed_data else None,
                **changed_fields(form, services.ANNUAL_REVIEW_FIELDS),
            )
        else:
            saved = services.annual_review_create(
                unit=data["unit"],
                by=request.user,
                assessments=data.get("assessments") or None,
                **{k: v for k, v in data.items() if k in services.ANNUAL_REVIEW_FIELDS},
            )
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.annual_review_delete(review=obj, by=request.user)


# --- changes --------------------------------------------------------------------------------


class AnsweredFilter(admin.SimpleListFilter):
    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting for an answer")), ("yes", _("Answered"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(answered_at__isnull=self.value() == "no")
        return queryset


@admin.register(ChangeEvent)
class ChangeEventAdmin(ScopedAdmin):
    list_display = ("kind", "unit", "changed_on", "answer_display", "assessment_link")
    list_filter = (AnsweredFilter, "kind", "decision", AssessmentsOfUnit)
    search_fields = ("unit__name", "description", "reason")
    date_hierarchy = "changed_on"
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("unit", "kind", "changed_on", "description", "reported_by")}),
        (
            _("Must the APV be revised?"),
            {
                "fields": (
                    "answer_display",
                    "reason",
                    "answered_by",
                    "answered_at",
                    "assessment_link",
                )
            },
        ),
    )
    readonly_fields = (
        "reported_by",
        "answer_display",
        "reason",
        "answered_by",
        "answered_at",
        "assessment_link",
    )

    def get_fieldsets(self, request, obj=None):
        # A new change waits for its answer, given on its own page.
        return self.fieldsets[:1] if obj is None else self.fieldsets

    def object_is_locked(self, obj):
        # The answer was given to what the change said: it stays as it was.
        return obj.is_answered

    @admin.display(description=_("answer"), ordering="answered_at")
    def answer_display(self, obj):
        if not obj.is_answered:
            return gettext("Waiting for an answer")
        return obj.get_decision_display()

    @admin.display(description=_("revised in the APV"))
    def assessment_link(self, obj):
        if obj.assessment_id is None:
            return self.get_empty_value_display()
        url = reverse("admin:assessments_assessment_change", args=[obj.assessment_id])
        return format_html('<a href="{}">{}</a>', url, obj.assessment)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = access.units_where(request.user, Verb.EDIT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_queryset(request).filter(pk=object_id).first()
        buttons = []
        if obj is not None and not obj.is_answered and access.can(request.user, Verb.EDIT, obj):
            url = reverse("admin:governance_changeevent_answer", args=[obj.pk])
            buttons.append((url, gettext("Answer: must the APV be revised?")))
        extra_context = {"governance_buttons": buttons, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="governance_changeevent_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id):
        """Answer the change once: 404 for one the person may not read, 403 for one they read
        but may not answer, back to the change when it is already answered."""
        change = readable_or_404(self, request, object_id)
        if not access.can(request.user, Verb.EDIT, change):
            raise PermissionDenied
        change_url = reverse("admin:governance_changeevent_change", args=[change.pk])
        if change.is_answered:
            self.message_user(
                request, gettext("The change has already been answered."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        open_apv = cycle.open_assessments().filter(unit=change.unit).first()
        closed = None
        if open_apv is None:
            closed = cycle.latest_closed(change.unit)
        may_reopen = closed is not None and access.can(request.user, Verb.REOPEN, closed)
        form = ChangeAnswerForm(
            request.POST if request.method == "POST" else None, may_reopen=may_reopen
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.change_answer(change=change, by=request.user, **form.answer())
            except DomainError as error:
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    form.add_error(None, refusal_message(error))
            else:
                self.message_user(request, gettext("The change is answered."), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        if open_apv is not None:
            intro = gettext("Yes links the unit's open APV “%(apv)s”.") % {"apv": open_apv}
        else:
            intro = gettext("The unit has no open APV: yes starts a new one.")
        return action_page(
            self,
            request,
            change,
            title=gettext("Must the APV be revised?"),
            form=form,
            intro=intro,
            details=[
                (gettext("What changed"), change.get_kind_display()),
                (gettext("Changed on"), f"{change.changed_on:%d.%m.%Y}"),
                (gettext("Description"), change.description or "–"),
            ],
            submit=gettext("Save the answer"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.change_update(
                change=ChangeEvent.objects.get(pk=obj.pk),
                by=request.user,
                **changed_fields(form, services.CHANGE_FIELDS),
            )
        else:
            data = form.cleaned_data
            saved = services.change_create(
                unit=data["unit"],
                by=request.user,
                kind=data["kind"],
                changed_on=data["changed_on"],
                description=data.get("description", ""),
            )
        adopt(obj, saved)

    def response_add(self, request, obj, post_url_continue=None):
        # Straight on to the question the change asks, for whoever may answer it.
        if {"_continue", "_addanother", "_popup"} & set(request.POST):
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, gettext("The change is registered."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:governance_changeevent_answer", args=[obj.pk]))

    def delete_with_service(self, request, obj):
        services.change_delete(change=obj, by=request.user)
