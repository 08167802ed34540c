"""The inbox page, and the small forms on an object's page: comment, follow, mark read. Every
write goes through apps.conversation.services; every read through the access module."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps import access
from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.core.admin import refusal_message
from apps.core.errors import DomainError
from apps.findings.models import Finding

from . import selectors, services
from .models import InboxItem

TARGETS = {"finding": Finding, "action": Action, "assessment": Assessment}
PAGE = 25


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mention someone with @ and their username, e.g. @leder."),
    )


class ConversationPageMixin:
    """An object's page with its thread and comment form (findings, actions) and the follow
    button (APVs, findings)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_queryset(request).filter(pk=object_id).first()
        context = dict(extra_context or {})
        if obj is not None:
            name = type(obj)._meta.model_name
            if name in ("finding", "assessment"):
                context["following"] = services.is_following(request.user, obj)
                context["follow_url"] = reverse("admin:conversation_follow", args=[name, obj.pk])
            if name in ("finding", "action"):
                context["comments"] = (
                    access.comments_visible_to(request.user)
                    .filter(**{name: obj})
                    .prefetch_related("mentioned")
                )
                if access.may_comment(request.user, obj):
                    context["comment_form"] = CommentForm()
                    context["comment_url"] = reverse(
                        "admin:conversation_comment", args=[name, obj.pk]
                    )
        return super().change_view(request, object_id, form_url, context)


def _back_to(obj):
    opts = obj._meta
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )


@admin.register(InboxItem)
class InboxAdmin(admin.ModelAdmin):
    """Not a model page: one's own inbox, and the posts of the forms above."""

    def has_module_permission(self, request):
        return access.grants(request.user) != [] or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.inbox_view), name="conversation_inboxitem_changelist"),
            path("read-all/", view(self.read_all_view), name="conversation_inboxitem_read_all"),
            path("<int:pk>/read/", view(self.read_view), name="conversation_inboxitem_read"),
            path(
                "comment/<str:kind>/<int:pk>/",
                view(self.comment_view),
                name="conversation_comment",
            ),
            path("follow/<str:kind>/<int:pk>/", view(self.follow_view), name="conversation_follow"),
        ]

    def inbox_view(self, request):
        unread = request.GET.get("unread") == "1"
        items = selectors.inbox_for(request.user, unread=True if unread else None)
        page = Paginator(items, PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("My inbox"),
            "lines": selectors.inbox_lines(request.user, page.object_list),
            "page": page,
            "unread_only": unread,
        }
        return TemplateResponse(request, "admin/conversation/inbox.html", context)

    def _target(self, request, kind, pk):
        model = TARGETS.get(kind)
        obj = access.visible(request.user, model).filter(pk=pk).first() if model else None
        if obj is None:
            raise Http404
        return obj

    def read_all_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        services.inbox_mark_all_read(by=request.user)
        return HttpResponseRedirect(reverse("admin:conversation_inboxitem_changelist"))

    def read_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        item = access.inbox_items_visible_to(request.user).filter(pk=pk).first()
        if item is None:
            raise Http404
        services.inbox_mark_read(by=request.user, item=item)
        return HttpResponseRedirect(reverse("admin:conversation_inboxitem_changelist"))

    def comment_view(self, request, kind, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._target(request, kind, pk)
        if kind == "assessment":
            raise Http404
        if not access.may_comment(request.user, obj):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(by=request.user, obj=obj, text=form.cleaned_data["text"])
            except DomainError as error:
                self.message_user(request, refusal_message(error), messages.ERROR)
            else:
                self.message_user(request, _("Your comment is added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Write a comment."), messages.ERROR)
        return _back_to(obj)

    def follow_view(self, request, kind, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._target(request, kind, pk)
        if kind == "action":
            raise Http404
        if services.is_following(request.user, obj):
            services.follow_remove(by=request.user, obj=obj)
            self.message_user(request, _("You no longer follow it."), messages.SUCCESS)
        else:
            services.follow_add(by=request.user, obj=obj)
            self.message_user(
                request, _("You follow it: its news reach your inbox."), messages.SUCCESS
            )
        return _back_to(obj)
