from django.contrib import admin

from apps.access import Verb
from apps.core.admin import ScopedAdmin

from .models import Factor


@admin.register(Factor)
class FactorAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("name", "code", "domain", "legal_risk")
    list_filter = ("domain", "legal_risk")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
