"""Reminders in the admin: read-only, each person sees their own, a coordinator those in scope;
and the person's own calendar feed, made and revoked here."""

from django.contrib import admin, messages
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.core.admin import ScopedAdmin
from apps.organisation.models import Unit

from . import services
from .models import CalendarFeed, Reminder
from .sending_organisation import SUBJECT_QUERYSETS


class SignedInMixin:
    """Pages every signed-in person may open (their own rows), whatever role they hold."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_authenticated

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return access.can(request.user, Verb.READ, obj)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(SignedInMixin, ScopedAdmin):
    list_display = (
        "kind",
        "recipient",
        "subject_link",
        "unit",
        "due_on",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("kind", "status", "due_on", "reason")
    search_fields = (
        "recipient__username",
        "recipient__first_name",
        "recipient__last_name",
        "unit__name",
    )
    date_hierarchy = "due_on"
    list_select_related = ("recipient", "unit", "subject_type")
    fields = (
        "kind",
        "recipient",
        "reason",
        "subject_link",
        "unit",
        "due_on",
        "period",
        "status",
        "attempts",
        "lease_until",
        "sent_at",
        "last_error",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row names its subject: fetch them per kind in one query each, with what the
        # label needs (an action's finding, an APV's unit).
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                GenericPrefetch(
                    "subject",
                    [
                        Action.objects.select_related("finding"),
                        Assessment.objects.select_related("unit"),
                        Unit.objects.all(),
                        *SUBJECT_QUERYSETS,
                    ],
                )
            )
        )

    @admin.display(description=_("about"))
    def subject_link(self, reminder):
        """The subject by name and link. The rows shown are the viewer's own or in their scope as
        coordinator, and the mail said as much; a confidential finding's action stays unnamed."""
        subject = reminder.subject
        if subject is None:
            return "–"
        # Named as in the mail the reminder was (a channel we do not control).
        label = access.label(None, subject)
        meta = subject._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[subject.pk])
        return format_html('<a href="{}">{}</a>', url, label)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SignedInMixin, ScopedAdmin):
    """ "Add" makes (or renews) the person's own secret calendar URL and shows it once."""

    list_display = ("user", "token_prefix", "created_at", "last_used_at")
    fields = ("user", "token_prefix", "created_at", "last_used_at")
    readonly_fields = fields
    actions = ["renew"]

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.user_id == request.user.pk or request.user.is_superuser

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST":
            return self._renewed(request)
        return super().add_view(request, form_url, extra_context)

    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else ()

    def delete_model(self, request, obj):
        services.calendar_feed_revoke(user=obj.user)

    def delete_queryset(self, request, queryset):
        for feed in queryset:
            if self.has_delete_permission(request, feed):
                services.calendar_feed_revoke(user=feed.user)

    def _renewed(self, request):
        token = services.calendar_feed_renew(user=request.user)
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code>",
                _("Your calendar URL (shown only now; subscribe to it in your calendar):"),
                services.calendar_feed_url(token),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:reminders_calendarfeed_changelist"))

    @admin.action(description=_("Make a new URL (the old one stops working)"))
    def renew(self, request, queryset):
        if not queryset.filter(user=request.user).exists():
            self.message_user(
                request, _("You can only renew your own calendar URL."), messages.WARNING
            )
            return None
        return self._renewed(request)
