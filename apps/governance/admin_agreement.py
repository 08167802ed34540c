"""The TRIO's expectation agreement in the admin: its three parts, who of the TRIO has confirmed
it, and the page where a member confirms. Every write goes through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.assessments.admin_filters import AssessmentsOfUnit
from apps.core.admin import ReadOnlyInlineMixin, ScopedAdmin, adopt, changed_fields, refusal_message
from apps.core.errors import DomainError

from . import services
from .admin_pages import action_page, readable_or_404
from .forms import ConfirmForm
from .models import Agreement, AgreementConfirmation
from .questions import ANSWER_FIELDS, PARTS
from .selectors import (
    agreement_members,
    trio_members,
)


# --- the TRIO's agreement -------------------------------------------------------------------
class ConfirmationInline(ReadOnlyInlineMixin, admin.TabularInline):
    """Who confirmed the agreement as it reads (a change of its text clears them)."""

    model = AgreementConfirmation
    fields = ("user", "role", "confirmed_at")
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = _("confirmations")


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ("unit", "with_med", "reviewed_on", "review_due", "confirmation_count")
    list_filter = ("with_med", AssessmentsOfUnit)
    search_fields = ("unit__name", *ANSWER_FIELDS)
    autocomplete_fields = ("unit",)
    readonly_fields = ("review_due", "members_display")
    inlines = (ConfirmationInline,)
    fieldsets = (
        (None, {"fields": ("unit", "with_med", "reviewed_on", "review_due")}),
        *((part.title, {"fields": tuple(q.code for q in part.questions)}) for part in PARTS),
        (_("The TRIO's confirmations"), {"fields": ("members_display",)}),
    )

    @admin.display(description=_("confirmations"))
    def confirmation_count(self, obj):
        return len(obj.confirmations.all())

    @admin.display(description=_("the TRIO"))
    def members_display(self, obj):
        if obj.pk is None:
            return self.get_empty_value_display()
        members = agreement_members(obj)
        if not members:
            return gettext("The unit has no leader, AMR or TR.")
        return format_html_join(
            "",
            "<div>{} ({}): {}</div>",
            (
                (
                    m.user.get_full_name() or m.user.get_username(),
                    m.role_label,
                    (
                        gettext("confirmed %(date)s")
                        % {"date": f"{timezone.localtime(m.confirmed_at):%d.%m.%Y}"}
                        if m.confirmed_at
                        else gettext("not confirmed")
                    ),
                )
                for m in members
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "unit"]

    def get_inlines(self, request, obj):
        return () if obj is None else super().get_inlines(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets[:-1] if obj is None else fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = access.units_where(request.user, Verb.EDIT).filter(
                agreement__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ANSWER_FIELDS and formfield is not None:
            formfield.widget = forms.Textarea(attrs={"rows": 3, "cols": 80})
        return formfield

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_queryset(request).filter(pk=object_id).first()
        buttons = []
        if obj is not None and self._may_confirm(request.user, obj):
            url = reverse("admin:governance_agreement_confirm", args=[obj.pk])
            buttons.append((url, gettext("Confirm the agreement")))
        extra_context = {"governance_buttons": buttons, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _may_confirm(user, agreement) -> bool:
        members = trio_members(agreement.unit)
        confirmed = {c.user_id for c in agreement.confirmations.all()}
        return any(u.pk == user.pk for u, _role in members) and user.pk not in confirmed

    def get_urls(self):
        return [
            path(
                "<path:object_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="governance_agreement_confirm",
            ),
            *super().get_urls(),
        ]

    def confirm_view(self, request, object_id):
        """A TRIO member confirms the agreement as it reads: 404 for one the person may not
        read, 403 for whoever is not in the unit's TRIO, back to the agreement when they have
        confirmed it already."""
        agreement = readable_or_404(self, request, object_id)
        if not any(u.pk == request.user.pk for u, _role in trio_members(agreement.unit)):
            raise PermissionDenied
        change_url = reverse("admin:governance_agreement_change", args=[agreement.pk])
        if not self._may_confirm(request.user, agreement):
            self.message_user(
                request, gettext("You have already confirmed this agreement."), messages.INFO
            )
            return HttpResponseRedirect(change_url)
        form = ConfirmForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.agreement_confirm(agreement=agreement, by=request.user)
            except DomainError as error:
                self.message_user(request, refusal_message(error), messages.ERROR)
            else:
                self.message_user(
                    request, gettext("You have confirmed the agreement."), messages.SUCCESS
                )
            return HttpResponseRedirect(change_url)
        details = [
            (
                gettext("With the MED committee"),
                gettext("Yes") if agreement.with_med else gettext("No"),
            )
        ]
        sections = [
            (
                part.title,
                [(q.text, getattr(agreement, q.code) or "–") for q in part.questions],
            )
            for part in PARTS
        ]
        return action_page(
            self,
            request,
            agreement,
            title=gettext("Confirm the agreement"),
            form=form,
            intro=gettext(
                "You confirm the agreement as it reads above. If its text changes later, "
                "everyone confirms it again."
            ),
            details=details,
            sections=sections,
            submit=gettext("Confirm the agreement"),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            current = Agreement.objects.get(pk=obj.pk)
            had_confirmations = current.confirmations.exists()
            fields = changed_fields(form, services.AGREEMENT_FIELDS)
            saved = services.agreement_update(agreement=current, by=request.user, **fields)
            if had_confirmations and set(fields) & services.AGREEMENT_TEXT_FIELDS:
                self.message_user(
                    request,
                    gettext(
                        "The text changed, so the confirmations were cleared: the TRIO "
                        "confirms the new text."
                    ),
                    messages.WARNING,
                )
        else:
            saved = services.agreement_create(
                unit=data["unit"],
                by=request.user,
                **{k: v for k, v in data.items() if k in services.AGREEMENT_FIELDS},
            )
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.agreement_delete(agreement=obj, by=request.user)
