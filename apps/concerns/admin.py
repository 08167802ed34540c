"""Concerns in the admin: the AMR's list and read-only page with its three decisions, and the
pages where anyone with a role sends a concern and follows it by its receipt code. Every write
goes through the services; who reads and who decides comes from the access module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from apps.access.rules import may_decide_concern
from apps.api.throttles import throttled
from apps.core.admin import ScopedAdmin, refusal_message
from apps.core.errors import DomainError
from apps.security.log import refused_lookup

from . import services
from .forms import AnswerForm, CloseForm, FindingForm, ReceiptForm, SendForm
from .models import Concern
from .quiet import render_unlogged
from .selectors import concern_by_receipt


@dataclass(frozen=True)
class DecisionPage:
    decision: str
    form: type
    title: str
    # The service's keyword arguments from the form's cleaned data.
    arguments: Callable[[dict], dict]


DECISION_PAGES = {
    "answer": DecisionPage(
        Concern.Decision.ANSWER,
        AnswerForm,
        _("Answer the concern"),
        lambda data: {"answer": data["answer"]},
    ),
    "make_finding": DecisionPage(
        Concern.Decision.FINDING,
        FindingForm,
        _("Take the concern into the APV as a finding"),
        lambda data: {
            "title": data["title"],
            "factor": data["factor"],
            "description": data["description"],
            "confidential": data["confidential"],
            "answer": data["answer"],
        },
    ),
    "close": DecisionPage(
        Concern.Decision.CLOSE,
        CloseForm,
        _("Close the concern with a note"),
        lambda data: {"answer": data["note"]},
    ),
}


@admin.register(Concern)
class ConcernAdmin(ScopedAdmin):
    list_display = ("created_on", "unit", "status", "sender_display")
    list_filter = ("status", "anonymous")
    search_fields = ("text",)
    fields = (
        "unit",
        "created_on",
        "sender_display",
        "text",
        "status",
        "answer",
        "finding_display",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields

    # --- a concern is sent on its own page and changed only by a decision ------------------

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sender"))
    def sender_display(self, obj):
        if obj.anonymous:
            return gettext("Anonymous")
        if obj.sender is None:
            return "–"
        return obj.sender.get_full_name() or obj.sender.get_username()

    @admin.display(description=_("finding"))
    def finding_display(self, obj):
        if obj.finding_id is None:
            return "–"
        url = reverse("admin:findings_finding_change", args=[obj.finding_id])
        # str() names a confidential finding "Fortroligt fund" whoever reads this page.
        return format_html('<a href="{}">{}</a>', url, str(obj.finding))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        concern = self._concern(request, object_id, refuse=False)
        buttons = []
        decides = concern is not None and may_decide_concern(request.user, concern)
        if decides and not concern.is_decided:
            buttons = [
                (reverse(f"admin:concerns_concern_{name}", args=[concern.pk]), page.title)
                for name, page in DECISION_PAGES.items()
            ]
        extra_context = {"decision_buttons": buttons, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        decision_urls = [
            path(
                f"<path:object_id>/{name.replace('_', '-')}/",
                view(self._decision_view_for(name)),
                name=f"concerns_concern_{name}",
            )
            for name in DECISION_PAGES
        ]
        urls = [
            path("send/", view(self.send_view), name="concerns_concern_send"),
            path("receipt/", view(self.receipt_view), name="concerns_concern_receipt"),
            *decision_urls,
            *super().get_urls(),
        ]
        # Every concern page answers without a debug dump of its context (quiet.py).
        return [
            URLPattern(url.pattern, render_unlogged(url.callback), url.default_args, url.name)
            for url in urls
        ]

    def _page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, f"admin/concerns/{template}", context)

    # --- sending and following: anyone with a role ---------------------------------------------

    @method_decorator(sensitive_post_parameters("text", "anonymous", "unit"))
    def send_view(self, request):
        """The form; after sending, the receipt code, shown once in the answer to the post and
        kept nowhere (not in the session, not in a message)."""
        form = SendForm(request.POST if request.method == "POST" else None, user=request.user)
        if not form.fields["unit"].queryset.exists():
            raise PermissionDenied
        if request.method == "POST" and form.is_valid():
            try:
                concern, code = services.concern_send(
                    by=request.user,
                    unit=form.cleaned_data["unit"],
                    text=form.cleaned_data["text"],
                    anonymous=form.cleaned_data["anonymous"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return self._page(
                    request,
                    "sent.html",
                    title=gettext("Your concern is sent"),
                    code=code,
                    anonymous=concern.anonymous,
                    unit=concern.unit,
                )
        return self._page(
            request, "send.html", title=gettext("Send a concern to your AMR"), form=form
        )

    @method_decorator(sensitive_post_parameters("code"))
    @method_decorator(throttled("receipt", methods=frozenset({"POST"})))
    def receipt_view(self, request):
        """Follow a concern by its receipt code: its status, the answer and the date, nothing
        more. The code is posted, never put in an address (which logs and browsers keep)."""
        form = ReceiptForm(request.POST if request.method == "POST" else None)
        receipt = None
        if request.method == "POST" and form.is_valid():
            receipt = concern_by_receipt(form.cleaned_data["code"])
            if receipt is None:
                form.add_error(
                    "code",
                    gettext("No concern has this receipt code. Check that you typed it right."),
                )
        return self._page(
            request,
            "receipt.html",
            title=gettext("Follow a concern"),
            form=form,
            receipt=receipt,
        )

    # --- the AMR's decisions -------------------------------------------------------------------

    def _concern(self, request, object_id, refuse=True):
        concern = None
        if str(object_id).isdigit():
            concern = self.get_queryset(request).filter(pk=object_id).first()
        if concern is None and refuse:
            if str(object_id).isdigit():
                refused_lookup(Concern, object_id, request=request)
            raise Http404
        return concern

    def _decision_view_for(self, name):
        def decision_view(request, object_id):
            return self.decision_view(request, object_id, name)

        return decision_view

    @method_decorator(sensitive_post_parameters())
    def decision_view(self, request, object_id, name):
        """One decision: 404 for a concern the person may not read, 403 for one they read but
        do not decide (its sender), back to the concern when it is already decided."""
        concern = self._concern(request, object_id)
        if not may_decide_concern(request.user, concern):
            raise PermissionDenied
        page = DECISION_PAGES[name]
        change_url = reverse("admin:concerns_concern_change", args=[concern.pk])
        if concern.is_decided:
            self.message_user(
                request, gettext("The concern has already been decided."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        form = page.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.concern_decide(
                    concern=concern,
                    by=request.user,
                    decision=page.decision,
                    **page.arguments(form.cleaned_data),
                )
            except DomainError as error:
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    self.message_user(request, refusal_message(error), messages.ERROR)
            else:
                self.message_user(request, gettext("The concern is decided."), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return self._page(
            request,
            "decide.html",
            title=page.title,
            subtitle=str(concern),
            original=concern,
            concern=concern,
            form=form,
            open_apv=services.open_assessment_of(concern.unit) if name == "make_finding" else None,
            finding_page=name == "make_finding",
        )
