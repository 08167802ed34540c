"""The base of every admin page: querysets, permissions, choices, labels and history come from
the access module, and every write goes through a service, so the admin follows the same rules
as the API. It is a user interface, not a back door."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from apps import access
from apps.access import Verb
from apps.core.errors import DomainError
from apps.security.log import confidential_read, refused_lookup


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


def save_formset_through(formset, save_one, delete_one=None) -> None:
    """Save an inline formset's new and changed rows with `save_one(form) -> saved object` and
    its deleted rows with `delete_one(obj)`, keeping the bookkeeping the admin's change
    message reads."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for inline_form in formset.deleted_forms:
        if inline_form.instance.pk is None:
            continue
        if delete_one is None:
            raise ImproperlyConfigured(f"No service deletes {formset.model.__name__} here")
        delete_one(inline_form.instance)
        formset.deleted_objects.append(inline_form.instance)
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


def refused_form(form_class, error: DomainError):
    """`form_class` with the service's refusal as its errors, so the admin shows the form again
    instead of saving it."""

    class RefusedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            if error.unmet:
                self.add_error(None, refusal_message(error))
                return cleaned
            for name, messages_ in error.field_errors().items():
                target = name if name in self.fields and name not in self.errors else None
                for message in messages_:
                    self.add_error(target, message)
            return cleaned

    return RefusedForm


def keeps_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def no_history_page(request, model_admin):
    """Models without history offer no history link; their history URL says so in Danish."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": model_admin.model._meta.verbose_name_plural,
    }
    return TemplateResponse(request, "admin/no_history.html", context, status=404)


class ReadableHistory(HistoricalRecordContextHelper):
    """Changes in a version as a person reads them: a choice by its label ("Bekræftet", not
    "confirmed"), nothing as "–", yes and no in words. Related objects are named by their
    `__str__`, which never names a confidential finding."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "–"
        if getattr(field, "choices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return value


class NamedInlineFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add another" link reads as Danish does: Django builds it from one
    phrase for every noun ("Tilføj endnu en Tiltag"); an inline may name it whole
    (`add_another_label`: "Tilføj endnu et tiltag")."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        label = getattr(self.opts, "add_another_label", None)
        if label:
            data["options"]["addText"] = str(label)
        return json.dumps(data)


class LabelledChoicesMixin:
    """Choices of foreign keys and many-to-many fields come from the access module, and are
    named through it (a confidential finding is named only to those who may read it)."""

    def _scope_choices(self, db_field, request, kwargs):
        related = db_field.related_model
        if "queryset" not in kwargs and (related in access.VISIBLE or related is get_user_model()):
            kwargs["queryset"] = access.visible(request.user, related)

    def _label_choices(self, formfield, request):
        if formfield is not None and hasattr(formfield, "label_from_instance"):
            user = request.user
            formfield.label_from_instance = lambda obj: access.label(user, obj, readable=True)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._label_choices(formfield, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._label_choices(formfield, request)


class SecurityLoggedMixin:
    """An object page of the admin tells the security log what it refused (an object that
    exists but is out of reach) and which confidential finding it showed."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            refused_lookup(self.model, object_id, request=request)
        else:
            confidential_read([obj], request=request)
        return obj


class ScopedAdmin(SecurityLoggedMixin, LabelledChoicesMixin, SimpleHistoryAdmin):
    """An admin page that shows and allows exactly what the access module says."""

    edit_verb = Verb.EDIT
    object_history_list_template = "admin/history_list.html"
    # "12 results (150,000 total)" costs a second COUNT over the whole scope on every page.
    show_full_result_count = False

    def get_queryset(self, request):
        return access.visible(request.user, self.model)

    def history_form_view_title(self, request, obj):
        # simple-history says "View %s" here as Django's read-only page does; a past version
        # needs its own words, not the page's.
        return gettext("Version of %s") % obj

    def lookup_allowed(self, lookup, value, request=None):
        # A list filter of our own that names its lookup in full (`finding__assessment__id__exact`)
        # applies it itself, through the access module; Django's check knows field filters only.
        own = {
            getattr(item, "parameter_name", None)
            for item in self.get_list_filter(request)
            if isinstance(item, type)
        }
        return lookup in own or super().lookup_allowed(lookup, value, request)

    def object_is_locked(self, obj) -> bool:
        """Whether rules (not roles) forbid changing `obj`, e.g. it belongs to a closed APV."""
        return False

    # --- permissions ------------------------------------------------------------------------

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

    def get_readonly_fields(self, request, obj=None):
        """Fields the person may not change on this object are shown, not offered."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk:
            names = [f.name for f in self.model._meta.get_fields() if f.concrete or f.many_to_many]
            refused = access.refused_fields(request.user, obj, names)
            readonly += [name for name in names if name in refused and name not in readonly]
        return readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widgets = getattr(getattr(formfield, "widget", None), "widgets", None)
        if formfield is not None and isinstance(db_field, models.DateTimeField) and widgets:
            # A date and a time field under one label: name each (WCAG 1.3.1, 4.1.2).
            label = capfirst(formfield.label or "")
            for widget, part in zip(widgets, (_("date"), _("time")), strict=False):
                widget.attrs.setdefault("aria-label", f"{label}: {part}")
        return formfield

    # --- pages ------------------------------------------------------------------------------

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.__class__ = NamedInlineFormSet
        return inline_formsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_queryset(request).filter(pk=object_id).first()
        context = {"keeps_history": keeps_history(self.model), **(extra_context or {})}
        if obj is not None:
            context.setdefault("subtitle", access.label(request.user, obj, readable=True))
        return super().change_view(request, object_id, form_url, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            if request.method != "POST":
                raise
            # The write was rolled back; show the same form again, what was typed kept, with
            # the refusal on the field it concerns.
            request.admin_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "admin_refusal", None)
        return form_class if refusal is None else refused_form(form_class, refusal)

    # --- history, version by version ---------------------------------------------------------

    def _readable(self, request, object_id):
        """The object as the person may read it now; 404 whether it is missing or not theirs."""
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:
            refused_lookup(self.model, object_id, request=request)
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        if not keeps_history(self.model):
            return no_history_page(request, self)
        self._readable(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        versions = super().get_history_queryset(request, history_manager, pk_name, object_id)
        obj = self._readable(request, object_id)
        return access.versions_visible_to(request.user, obj, versions)

    def get_urls(self):
        urls = super().get_urls()
        if keeps_history(self.model):
            return urls
        # No versions, so no version pages (the history URL itself says so in Danish).
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_simple_history"
        return [url for url in urls if getattr(url, "name", None) != name]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            # Reverting to an old version would write around the services.
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self._readable(request, object_id)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        versions = history.filter(**{self.model._meta.pk.attname: obj.pk})
        if not access.versions_visible_to(request.user, obj, versions).filter(
            history_id=version_id
        ):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    # --- writes through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        raise ImproperlyConfigured(f"{type(self).__name__} saves through no service")

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went to the service in save_model: Django's save_m2m would
        # overwrite what the service kept (links the editor cannot see).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """Inlines an admin does not save through a service are read-only: nothing to save."""
        if any(f.has_changed() for f in formset.forms) or formset.deleted_forms:
            raise ImproperlyConfigured(f"{type(self).__name__} saves no {formset.model.__name__}")
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        self.delete_with_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                continue
            try:
                self.delete_with_service(request, obj)
            except DomainError as error:
                label = access.label(request.user, obj, readable=True)
                self.message_user(request, f"{label}: {refusal_message(error)}", messages.ERROR)

    def delete_with_service(self, request, obj):
        raise ImproperlyConfigured(f"{type(self).__name__} deletes through no service")


class ScopedInlineMixin(LabelledChoicesMixin):
    """Inlines read through the access module too, and follow the parent's permissions."""

    edit_verb = Verb.EDIT

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            # In a table row the column heading is the only label; name each field, so that a
            # screen reader says what it is (WCAG 4.1.2).
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", str(capfirst(formfield.label or "")))
        return formfield

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
