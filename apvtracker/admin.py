"""The admin site: the daily tool of AMRs and leaders, open to everyone who holds a role."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class APVAdminSite(admin.AdminSite):
    site_header = _("APV tracker")
    site_title = _("APV tracker")
    index_title = _("Workplace assessment (APV)")

    def has_permission(self, request):
        # A role on some unit is what lets a person in; the access module decides the rest.
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_staff or user.is_superuser or user.role_assignments.exists()


class APVAdminConfig(AdminConfig):
    default_site = "apvtracker.admin.APVAdminSite"
