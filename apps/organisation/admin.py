from django import forms
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

ROLE_FIELDS = services.ROLE_FIELDS


def managed_units(user):
    """Units where `user` may manage structure and roles (coordinator scope)."""
    return access.units_where(user, Verb.MANAGE)


class RoleAssignmentInline(ScopedInlineMixin, admin.TabularInline):
    model = RoleAssignment
    edit_verb = Verb.MANAGE
    add_another_label = _("Add another role")
    fields = ("user", "role", "starts_on", "ends_on")
    autocomplete_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        # A deputy's stand-in is managed on the role it stands in for (the roles page).
        return super().get_queryset(request).filter(stands_in_for__isnull=True)

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


class RoleAssignmentForm(forms.ModelForm):
    """A deputy's stand-in takes its unit and role from the assignment it stands in for: they
    need not be chosen again (the service sets them)."""

    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "unit", "starts_on", "ends_on", "stands_in_for")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "role"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if not data.get("stands_in_for"):
            for name in ("unit", "role"):
                if name in self.fields and not data.get(name):
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data


class Deputies(admin.SimpleListFilter):
    title = _("deputy")
    parameter_name = "deputy"

    def lookups(self, request, model_admin):
        return [("yes", _("Deputies")), ("no", _("Role holders"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(stands_in_for__isnull=self.value() == "no")
        return queryset


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    form = RoleAssignmentForm
    list_display = ("user", "role", "unit", "starts_on", "ends_on", "stands_in_for")
    list_select_related = ("user", "unit", "stands_in_for__user", "stands_in_for__unit")
    list_filter = ("role", Deputies)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "unit", "stands_in_for")
    fields = ("user", "role", "unit", "starts_on", "ends_on", "stands_in_for")

    def has_delete_permission(self, request, obj=None):
        # Removing a role is managing roles, not deleting a mistake from an APV.
        if obj is None:
            return access.may_ever(request.user, Verb.MANAGE)
        return access.can(request.user, Verb.MANAGE, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = managed_units(request.user)
        if db_field.name == "stands_in_for":
            kwargs["queryset"] = access.role_assignments_visible_to(request.user).filter(
                unit__in=managed_units(request.user), stands_in_for__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.role_assignment_update(
                by=request.user,
                role_assignment=RoleAssignment.objects.get(pk=obj.pk),
                **changed_fields(form, ROLE_FIELDS),
            )
        else:
            data = {k: form.cleaned_data.get(k) for k in ROLE_FIELDS}
            data["role"] = data["role"] or ""
            saved = services.role_assignment_create(by=request.user, **data)
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.role_assignment_delete(by=request.user, role_assignment=obj)
