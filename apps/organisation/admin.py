from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.core.admin import ScopedAdmin

from .models import RoleAssignment, Unit


def managed_units(user):
    """Units where `user` may manage structure and roles (coordinator scope)."""
    return access.units_where(user, Verb.MANAGE)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        return access.role_assignments_visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return obj is not None and access.can(request.user, Verb.MANAGE, obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = access.users_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("indented_name", "kind", "headcount", "parent")
    list_filter = ("kind",)
    search_fields = ("name",)
    autocomplete_fields = ("parent",)
    fields = ("name", "kind", "parent", "headcount")
    inlines = (RoleAssignmentInline,)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        depth = obj.path.count("/") - 2
        return "\u2003" * max(depth, 0) + obj.name

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = managed_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class ScopedUnitForm(form):
            def clean_parent(self):
                parent = self.cleaned_data.get("parent")
                moved_to_top = self.instance.pk is None or self.instance.parent_id is not None
                if parent is None and not user.is_superuser and moved_to_top:
                    raise ValidationError(_("Choose the unit this unit belongs under."))
                return parent

        return ScopedUnitForm


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "unit")

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.MANAGE)
        return access.can(request.user, Verb.MANAGE, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = managed_units(request.user)
        if db_field.name == "user":
            kwargs["queryset"] = access.users_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
