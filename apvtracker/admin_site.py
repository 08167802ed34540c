"""The admin site: the daily tool of AMRs and leaders, open to everyone who holds a role.

Imported by APVAdminConfig once the apps are loaded (the auth forms need them)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def may_use_admin(user) -> bool:
    """A role on some unit is what lets a person in; the access module decides the rest."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_staff or user.is_superuser or user.role_assignments.exists()


class APVLoginForm(AdminAuthenticationForm):
    """Admin login for everyone who holds a role, not only Django staff."""

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class APVAdminSite(admin.AdminSite):
    login_form = APVLoginForm
    site_header = _("APV tracker")
    site_title = _("APV tracker")
    index_title = _("Workplace assessment (APV)")

    def has_permission(self, request):
        return may_use_admin(request.user)
