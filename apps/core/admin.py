"""The base of every admin page: querysets, permissions and choices come from the access module,
and saves go through the services, so the admin follows the same rules as the API."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from apps import access
from apps.access import Verb
from apps.core.errors import DomainError


def adopt(target, source) -> None:
    """Make the admin's form instance the object the service saved (the admin saves its
    inlines against that very instance)."""
    target.__dict__.update(source.__dict__)


def changed_fields(form, allowed) -> dict:
    """The cleaned values of the fields the person changed, limited to `allowed`."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def refusal_message(error: DomainError) -> str:
    """A refusal as one readable line: the reason and what is missing."""
    if not error.unmet:
        return error.message
    return f"{error.message} " + " ".join(f"• {unmet.message}" for unmet in error.unmet)


def save_formset_through(formset, save_one) -> None:
    """Save an inline formset's new and changed rows with `save_one(form) -> saved object`,
    keeping the bookkeeping the admin's change message reads."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for inline_form in formset.forms:
        if not inline_form.has_changed() or inline_form in formset.deleted_forms:
            continue
        is_new = inline_form.instance.pk is None
        saved = save_one(inline_form)
        if saved is None:
            continue
        adopt(inline_form.instance, saved)
        if is_new:
            formset.new_objects.append(inline_form.instance)
        else:
            formset.changed_objects.append((inline_form.instance, inline_form.changed_data))


class ScopedAdmin(SimpleHistoryAdmin):
    """An admin page that shows and allows exactly what the access module says."""

    edit_verb = Verb.EDIT

    def get_queryset(self, request):
        return access.visible(request.user, self.model)

    def object_is_locked(self, obj) -> bool:
        """Whether rules (not roles) forbid changing `obj`, e.g. it belongs to a closed APV."""
        return False

    def has_module_permission(self, request):
        return access.may_ever(request.user, Verb.READ)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.READ)
        return access.can(request.user, Verb.READ, obj)

    def has_add_permission(self, request):
        return access.may_ever(request.user, self.edit_verb)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, self.edit_verb)
        return not self.object_is_locked(obj) and access.can(request.user, self.edit_verb, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.DELETE)
        return not self.object_is_locked(obj) and access.can(request.user, Verb.DELETE, obj)

    def history_view(self, request, object_id, extra_context=None):
        # An object the person cannot read has no history for them: 404, as everywhere else.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        self.delete_with_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            if self.has_delete_permission(request, obj):
                self.delete_with_service(request, obj)

    def delete_with_service(self, request, obj):
        obj.delete()


class ScopedInlineMixin:
    """Inlines read through the access module too, and follow the parent's permissions."""

    edit_verb = Verb.EDIT

    def get_queryset(self, request):
        return access.visible(request.user, self.model)

    def has_view_permission(self, request, obj=None):
        return access.may_ever(request.user, Verb.READ)

    def has_add_permission(self, request, obj=None):
        return obj is None or access.can(request.user, self.edit_verb, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or access.can(request.user, self.edit_verb, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin(ScopedInlineMixin):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.ModelAdmin.empty_value_display = "–"
