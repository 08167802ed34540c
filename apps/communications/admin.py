from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.assessments import cycle
from apps.assessments.admin_filters import ChosenUnitFilter
from apps.core.admin import ScopedAdmin, adopt, changed_fields
from apps.findings.admin import editable_assessments

from . import services
from .models import Communication


@admin.register(Communication)
class CommunicationAdmin(ScopedAdmin):
    list_display = ("where_we_are_short", "assessment", "published_at", "created_at")
    list_filter = (ChosenUnitFilter, "published_at")
    search_fields = ("where_we_are", "what_we_did", "how_we_go_on", "assessment__title")
    autocomplete_fields = ("assessment",)
    fields = ("assessment", "where_we_are", "what_we_did", "how_we_go_on", "published_at")

    @admin.display(description=_("where we are"))
    def where_we_are_short(self, obj):
        return str(obj)

    def object_is_locked(self, obj):
        return cycle.is_locked(obj.assessment)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "assessment"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessment":
            kwargs["queryset"] = editable_assessments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.communication_update(
                communication=Communication.objects.get(pk=obj.pk),
                by=request.user,
                **changed_fields(form, services.FIELDS),
            )
        else:
            saved = services.communication_create(
                assessment=form.cleaned_data["assessment"],
                by=request.user,
                **{k: v for k, v in form.cleaned_data.items() if k in services.FIELDS},
            )
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.communication_delete(communication=obj, by=request.user)
