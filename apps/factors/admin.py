from django.contrib import admin

from apps.access import Verb
from apps.core.admin import ScopedAdmin, adopt, changed_fields

from . import services
from .models import Factor


@admin.register(Factor)
class FactorAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("name", "code", "domain", "legal_risk")
    list_filter = ("domain", "legal_risk")
    search_fields = ("name", "code", "keywords")
    prepopulated_fields = {"code": ("name",)}

    def save_model(self, request, obj, form, change):
        fields = services.FACTOR_FIELDS
        if change:
            saved = services.factor_update(
                by=request.user,
                factor=Factor.objects.get(pk=obj.pk),
                **changed_fields(form, fields),
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in fields}
            saved = services.factor_create(by=request.user, **data)
        adopt(obj, saved)

    def delete_with_service(self, request, obj):
        services.factor_delete(by=request.user, factor=obj)
