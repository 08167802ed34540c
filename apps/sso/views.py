"""The provider's login pages (mozilla-django-oidc's views, with the endpoints from discovery):
start the login, take the provider's answer, log out. Mounted under /oidc/ only when single
sign-on is configured (apvtracker/urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from apps.security.log import security_event

from . import provider
from .logout import sso_logout


class LoginStart(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider.setting)


class Callback(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(provider.setting)

    def get(self, request):
        self.error = request.GET.get("error")
        self.refreshing = request.user.is_authenticated
        if self.error:
            # The provider said no: at a silent renewal (prompt=none) `login_required` means
            # the person is logged out or disabled there. The view logs them out here too.
            security_event(
                "sso_refused",
                request=request,
                reason=f"provider_{self.error}"[:64],
                refresh=self.refreshing,
            )
        return super().get(request)

    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        return next_url or reverse("admin:index")

    @property
    def failure_url(self):
        return reverse("admin:login")

    def login_failure(self):
        name = settings.OIDC_PROVIDER_NAME
        if self.error and self.refreshing:
            text = _("Your login at %(provider)s has ended. Log in again.")
        else:
            text = _("Logging in with %(provider)s did not succeed. Ask your coordinator.")
        messages.error(self.request, text % {"provider": name})
        return super().login_failure()


@require_POST
def logout(request):
    """Log out here and at the provider (a POST, as the admin's own logout)."""
    response = sso_logout(request)
    if response is None:
        auth.logout(request)
        response = HttpResponseRedirect(reverse("admin:login"))
    return response
