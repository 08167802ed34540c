from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.organisation.models import RoleAssignment

from .models import User


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
class UserAdmin(DjangoUserAdmin):
    """The user directory: everyone in scope; edits only by a coordinator over all their roles."""

    list_display = ("username", "first_name", "last_name", "email", "is_active")
    list_filter = ("is_active",)
    inlines = (RolesInline,)

    def get_queryset(self, request):
        return access.users_visible_to(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Only superusers hand out superuser status, groups and Django permissions.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f in SAFE_FIELDS]})
            for name, options in fieldsets
            if any(f in SAFE_FIELDS for f in options["fields"])
        ]

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


SAFE_FIELDS = {
    "username",
    "password",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "last_login",
    "date_joined",
}
