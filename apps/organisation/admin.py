from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.core.admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    adopt,
    changed_fields,
    save_formset_through,
)
from apps.core.errors import DomainError
from apps.hr.admin import UnitImportMixin

from . import services
from .models import RoleAssignment, Unit

ROLE_FIELDS = {"user", "unit", "role"}


def managed_units(user):
    """Units where `user` may manage structure and roles (coordinator scope)."""
    return access.units_where(user, Verb.MANAGE)


class RoleAssignmentInline(ScopedInlineMixin, admin.TabularInline):
    model = RoleAssignment
    edit_verb = Verb.MANAGE
    add_another_label = _("Add another role")
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and access.can(request.user, Verb.MANAGE, obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


@admin.register(Unit)
class UnitAdmin(UnitImportMixin, ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("indented_name", "kind", "headcount", "parent")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "external_id")
    autocomplete_fields = ("parent",)
    fields = ("name", "external_id", "kind", "parent", "headcount")
    inlines = (RoleAssignmentInline,)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        depth = obj.path.count("/") - 2
        return "\u2003" * max(depth, 0) + obj.name

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = managed_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        parent = form.cleaned_data.get("parent")
        moved_to_top = parent is None and (not change or "parent" in form.changed_data)
        if moved_to_top and not request.user.is_superuser:
            # The top of the tree belongs to administrators (as in the API).
            raise DomainError(
                "root_unit",
                str(_("Choose the unit this unit belongs under.")),
                field="parent",
                invalid_input=True,
            )
        if change:
            saved = services.unit_update(
                unit=Unit.objects.get(pk=obj.pk),
                by=request.user,
                **changed_fields(form, services.UNIT_FIELDS),
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in services.UNIT_FIELDS}
            saved = services.unit_create(by=request.user, **data)
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        """Roles added, changed or removed on the unit's page go through the services."""

        def save_one(inline_form):
            data = changed_fields(inline_form, ROLE_FIELDS)
            if inline_form.instance.pk:
                return services.role_assignment_update(
                    by=request.user,
                    role_assignment=RoleAssignment.objects.get(pk=inline_form.instance.pk),
                    **data,
                )
            return services.role_assignment_create(
                by=request.user,
                unit=form.instance,
                user=inline_form.cleaned_data["user"],
                role=inline_form.cleaned_data["role"],
            )

        def delete_one(assignment):
            services.role_assignment_delete(by=request.user, role_assignment=assignment)

        save_formset_through(formset, save_one, delete_one)

    def delete_with_service(self, request, obj):
        services.unit_delete(unit=obj, by=request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "unit")

    def has_delete_permission(self, request, obj=None):
        # Removing a role is managing roles, not deleting a mistake from an APV.
        if obj is None:
            return access.may_ever(request.user, Verb.MANAGE)
        return access.can(request.user, Verb.MANAGE, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = managed_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.role_assignment_update(
                by=request.user,
                role_assignment=RoleAssignment.objects.get(pk=obj.pk),
                **changed_fields(form, ROLE_FIELDS),
            )
        else:
            data = {k: form.cleaned_data[k] for k in ROLE_FIELDS}
            saved = services.role_assignment_create(by=request.user, **data)
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.role_assignment_delete(by=request.user, role_assignment=obj)
