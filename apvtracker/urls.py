from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from apps.reminders.views import calendar_feed

# The API's description is public in development and behind a login in production
# (APV_API_DOCS_PUBLIC): it maps every endpoint for anyone probing from outside.
schema_view = SpectacularAPIView.as_view()
docs_view = SpectacularSwaggerSplitView.as_view(url_name="schema")
if not settings.APV_API_DOCS_PUBLIC:
    schema_view = SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])
    docs_view = login_required(docs_view)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("apvtracker.api_router", "api"), namespace="v1")),
    path("api/schema/", schema_view, name="schema"),
    # The split view: its start script is a URL of its own, not inline (Content-Security-Policy).
    path("api/docs/", docs_view, name="api-docs"),
    path("reports/", include("apps.reports.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
if settings.SSO_ENABLED:
    # Single sign-on (apps/sso): nothing of it exists until it is configured.
    urlpatterns.insert(0, path("oidc/", include("apps.sso.urls")))

handler403 = "apps.core.views.permission_denied"
handler404 = "apps.api.views.not_found"
