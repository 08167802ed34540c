from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from apps import access
from apps.access import Verb
from apps.core.admin import (
    LabelledChoicesMixin,
    SecurityLoggedMixin,
    adopt,
    changed_fields,
    no_history_page,
)
from apps.hr.admin import PersonImportMixin
from apps.organisation import services
from apps.organisation.leavers import person_leave
from apps.organisation.models import RoleAssignment
from apps.privacy.admin_views import person_export_urls

from .admin_login import (
    AuthenticatorFilter,
    LockedOutFilter,
    LoginHelpAdminMixin,
    with_login_state,
)
from .forms import LeaverChangeForm, PasswordSetForm, password_set_by
from .models import User

# What anyone who manages people may change; superusers also make administrators. Groups and
# Django's permissions are not used: the access module decides what a person may do.
SAFE_FIELDS = {
    "username",
    "password",
    "first_name",
    "last_name",
    "email",
    "external_id",
    "is_active",
    "last_login",
    "date_joined",
}
SUPERUSER_FIELDS = SAFE_FIELDS | services.PRIVILEGE_FIELDS


class RolesInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("unit", "role")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Roles (assign roles on the unit's page)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return access.role_assignments_visible_to(request.user)


@admin.register(User)
class UserAdmin(
    PersonImportMixin,
    SecurityLoggedMixin,
    LoginHelpAdminMixin,
    LabelledChoicesMixin,
    DjangoUserAdmin,
):
    """The user directory: everyone in scope; edits only by a coordinator over all their roles."""

    list_display = ("username", "first_name", "last_name", "email", "is_active", "locked_out")
    list_filter = ("is_active", LockedOutFilter, AuthenticatorFilter)
    search_fields = ("username", "first_name", "last_name", "email", "external_id")
    inlines = (RolesInline,)
    form = LeaverChangeForm
    change_password_form = PasswordSetForm
    # The HR id beside the name and e-mail: the people import matches people by it.
    fieldsets = [
        (name, {**options, "fields": (*options["fields"], "external_id")})
        if "email" in options["fields"]
        else (name, options)
        for name, options in DjangoUserAdmin.fieldsets
    ]

    def get_queryset(self, request):
        return with_login_state(access.users_visible_to(request.user))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        allowed = SUPERUSER_FIELDS if request.user.is_superuser else SAFE_FIELDS
        shown = [
            (name, {**options, "fields": [f for f in options["fields"] if f in allowed]})
            for name, options in fieldsets
            if any(f in allowed for f in options["fields"])
        ]
        if obj.is_active and self.has_change_permission(request, obj):
            shown.append((_("When the person leaves"), {"fields": ["successor"]}))
        return shown

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A class of its own per request (modelform_factory), so these never leak across.
        form.admin_site, form.request = self.admin_site, request
        return form

    def has_module_permission(self, request):
        return access.may_ever(request.user, Verb.READ)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.READ)
        return access.can(request.user, Verb.READ, obj)

    def has_add_permission(self, request):
        return access.may_ever(request.user, Verb.MANAGE)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.MANAGE)
        return access.can(request.user, Verb.MANAGE, obj)

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, not deleted: their findings and actions keep their names.
        return request.user.is_superuser

    # --- writes through the services ----------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            allowed = services.USER_FIELDS | (
                services.PRIVILEGE_FIELDS if request.user.is_superuser else set()
            )
            fields = changed_fields(form, allowed)
            leaves = fields.pop("is_active", True) is False
            user = User.objects.get(pk=obj.pk)
            saved = services.user_update(by=request.user, user=user, **fields)
            if leaves:
                self._leave(request, saved, form.cleaned_data.get("successor"))
        else:
            usable = form.cleaned_data.get("set_usable_password", True)
            saved = services.user_create(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data.get("password1") if usable else None,
            )
        adopt(obj, saved)

    def _leave(self, request, user, successor) -> None:
        """Unticking "active" is a person leaving: roles end, actions are handed over."""
        handovers = person_leave(by=request.user, user=user, successor=successor)
        given = [h for h in handovers if h.owner is not None]
        if given:
            names = ", ".join(sorted({str(h.owner) for h in given}))
            self.message_user(
                request,
                ngettext(
                    "%(count)d open action was handed over to %(names)s, who is told why.",
                    "%(count)d open actions were handed over to %(names)s, who are told why.",
                    len(given),
                )
                % {"count": len(given), "names": names},
            )
        stuck = len(handovers) - len(given)
        if stuck:
            self.message_user(
                request,
                ngettext(
                    "%(count)d open action has nobody to carry it on: give it an owner by hand.",
                    "%(count)d open actions have nobody to carry them on: give them an owner "
                    "by hand.",
                    stuck,
                )
                % {"count": stuck},
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        # Groups and permissions are not offered; the roles inline is read-only.
        return None

    def delete_model(self, request, obj):
        services.user_delete(by=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.user_delete(by=request.user, user=user)

    def user_change_password(self, request, id, form_url=""):
        token = password_set_by.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            password_set_by.reset(token)

    def history_view(self, request, object_id, extra_context=None):
        return no_history_page(request, self)

    def get_urls(self):
        # The per-person export (GDPR art. 15), linked from the person's page by the object
        # tools template of apps/privacy.
        return [*person_export_urls(self), *super().get_urls()]


# Groups are not used (roles on units are), and tokens are revoked by changing a password or
# logging out: neither has a page of its own.
admin.site.unregister(Group)
admin.site.unregister(AuthToken)
# Authenticators are set up by their owner at login and removed by an action on the person
# (LoginHelpAdminMixin): django-otp's own page would list everyone's, outside any scope.
admin.site.unregister(TOTPDevice)
