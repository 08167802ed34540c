"""The user admin's help with logging in: who is locked out right now (a column and a filter),
and two actions for a coordinator in scope: lift a lock-out, remove a lost phone's
authenticator. Mixed into UserAdmin (admin.py); the writes go through services.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps import access
from apps.access import Verb
from apps.core.errors import DomainError

from . import services
from .selectors import with_login_failures


class LockedOutFilter(admin.SimpleListFilter):
    title = _("locked out")
    parameter_name = "spaerret"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes")), ("nej", _("No"))]

    def queryset(self, request, queryset):
        limit = settings.AXES_FAILURE_LIMIT
        if self.value() == "ja":
            return queryset.filter(login_failures__gte=limit)
        if self.value() == "nej":
            return queryset.filter(login_failures__lt=limit)
        return queryset


def with_login_state(users):
    """`users` with what the columns show, in the page's own query (not a query per row):
    `login_failures` that count now, and `has_authenticator`."""
    confirmed = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    return with_login_failures(users).annotate(has_authenticator=Exists(confirmed))


class AuthenticatorFilter(admin.SimpleListFilter):
    """Who has set up their authenticator app (two-step verification)."""

    title = _("authenticator app")
    parameter_name = "godkendelsesapp"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes")), ("nej", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nej"):
            return queryset.filter(has_authenticator=self.value() == "ja")
        return queryset


class LoginHelpAdminMixin:
    """For UserAdmin, whose queryset goes through `with_login_state`."""

    actions = ("lift_lockout", "remove_second_factor")
    LOGIN_COLUMNS = ("locked_out",)
    LOGIN_FILTERS = (LockedOutFilter, AuthenticatorFilter)

    # Who is locked out, and who has an authenticator, is for those who can help: coordinators
    # and superusers (the rest of the directory's readers see the people, not their logins).
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if access.may_ever(request.user, Verb.MANAGE):
            return shown
        return [column for column in shown if column not in self.LOGIN_COLUMNS]

    def get_list_filter(self, request):
        shown = super().get_list_filter(request)
        if access.may_ever(request.user, Verb.MANAGE):
            return shown
        return [f for f in shown if f not in self.LOGIN_FILTERS]

    @admin.display(boolean=True, description=_("locked out"), ordering="login_failures")
    def locked_out(self, user):
        return user.login_failures >= settings.AXES_FAILURE_LIMIT

    def _each(self, request, queryset, service):
        """Run `service` for each selected person; the refused are counted, not raised."""
        done, refused = [], 0
        for user in queryset:
            try:
                done.append((user, service(by=request.user, user=user)))
            except DomainError:
                refused += 1
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person was left unchanged: you may do this only for people "
                    "whose roles all lie in your scope.",
                    "%(count)d people were left unchanged: you may do this only for people "
                    "whose roles all lie in your scope.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
        return done

    @admin.action(permissions=["change"], description=_("Lift the login lock-out"))
    def lift_lockout(self, request, queryset):
        limit = settings.AXES_FAILURE_LIMIT
        done = self._each(request, queryset, services.lockout_lift)
        lifted = sum(1 for user, _removed in done if user.login_failures >= limit)
        if lifted:
            self.message_user(
                request,
                ngettext(
                    "The lock-out is lifted for %(count)d person: they can log in again now.",
                    "The lock-out is lifted for %(count)d people: they can log in again now.",
                    lifted,
                )
                % {"count": lifted},
                messages.SUCCESS,
            )
        if len(done) > lifted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d of the chosen was not locked out.",
                    "%(count)d of the chosen were not locked out.",
                    len(done) - lifted,
                )
                % {"count": len(done) - lifted},
                messages.INFO,
            )

    @admin.action(
        permissions=["change"], description=_("Remove the authenticator app (lost phone)")
    )
    def remove_second_factor(self, request, queryset):
        done = self._each(request, queryset, services.second_factor_remove)
        removed = sum(1 for _user, count in done if count)
        if removed:
            self.message_user(
                request,
                ngettext(
                    "The authenticator app is removed for %(count)d person: they set up a new "
                    "one at their next login.",
                    "The authenticator app is removed for %(count)d people: they set up a new "
                    "one at their next login.",
                    removed,
                )
                % {"count": removed},
                messages.SUCCESS,
            )
        if len(done) > removed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d of the chosen had no authenticator app.",
                    "%(count)d of the chosen had no authenticator app.",
                    len(done) - removed,
                )
                % {"count": len(done) - removed},
                messages.INFO,
            )
