"""/oidc/: mounted by apvtracker/urls.py only when single sign-on is configured. The names are
mozilla-django-oidc's own (its session refresh reverses them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("authenticate/", views.LoginStart.as_view(), name="oidc_authentication_init"),
    path("callback/", views.Callback.as_view(), name="oidc_authentication_callback"),
    path("logout/", views.logout, name="oidc_logout"),
]
