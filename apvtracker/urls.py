from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.reminders.views import calendar_feed

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("apvtracker.api_router", "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("reports/", include("apps.reports.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

handler403 = "apps.core.views.permission_denied"
handler404 = "apps.api.views.not_found"
