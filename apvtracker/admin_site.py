"""The admin site: the daily tool of AMRs and leaders, open to everyone who holds a role.

Imported by APVAdminConfig once the apps are loaded (the auth forms need them)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.security.log import security_event
from apps.sso.selectors import local_password_allowed, login_context


def may_use_admin(user) -> bool:
    """A role on some unit is what lets a person in; the access module decides the rest."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_staff or user.is_superuser or user.role_assignments.exists()


def passwords_off_message() -> str:
    return _("Passwords are not used here: log in with %(provider)s (the button below).") % {
        "provider": settings.OIDC_PROVIDER_NAME
    }


class APVLoginForm(AdminAuthenticationForm):
    """Admin login for everyone who holds a role, not only Django staff; where local passwords
    are off (APV_LOCAL_PASSWORDS), only for the break-glass superusers."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and not local_password_allowed(username):
            security_event(
                "password_login_refused", request=self.request, attempted_username=username
            )
            raise ValidationError(passwords_off_message(), code="passwords_off")
        return super().clean()

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results name things through the access module (the results themselves come
    from the target admin's scoped queryset)."""

    def serialize_result(self, obj, to_field_name):
        label = access.label(self.request.user, obj, readable=True)
        return {"id": str(getattr(obj, to_field_name)), "text": label}


class APVAdminSite(admin.AdminSite):
    login_form = APVLoginForm
    site_header = _("APV tracker")
    site_title = _("APV tracker")
    index_title = _("Workplace assessment (APV)")

    def has_permission(self, request):
        return may_use_admin(request.user)

    def index(self, request, extra_context=None):
        """Mit overblik: what is the person's to do, the first page after login."""
        from apps.overview.selectors import overview_for

        request.current_app = self.name
        context = {
            **self.each_context(request),
            "title": _("My overview"),
            "overview": overview_for(request.user),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/overview.html", context)

    def all_pages(self, request):
        """Every list the person may open: Django's own index of the admin."""
        return super().index(request, {"title": _("All pages")})

    def organisation(self, request):
        """Every unit in scope, with or without an APV, and what its APV lacks."""
        from apps.reports.organisation_views import organisation_page

        request.current_app = self.name
        return organisation_page(request, self)

    def get_urls(self):
        from apps.accounts.views import second_factor_urls

        return [
            path("alle/", self.admin_view(self.all_pages), name="all_pages"),
            path("organisation/", self.admin_view(self.organisation), name="organisation"),
            # The second step of logging in (a code from an authenticator app).
            *second_factor_urls(self),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def login(self, request, extra_context=None):
        """Django's login page, with the provider's button where single sign-on is on."""
        return super().login(request, {**login_context(request), **(extra_context or {})})

    def logout(self, request, extra_context=None):
        """A session the provider opened is logged out there too (apps/sso/logout.py)."""
        from apps.sso.logout import sso_logout

        if request.method == "POST" and (response := sso_logout(request)) is not None:
            return response
        return super().logout(request, extra_context)

    def password_change(self, request, extra_context=None):
        """One's own new password goes through the service (it ends one's API tokens); none
        where local passwords are off, except for the break-glass superusers."""
        from apps.accounts.forms import OwnPasswordChangeForm

        if not local_password_allowed(request.user.get_username(), request.user):
            raise PermissionDenied(passwords_off_message())
        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=OwnPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
