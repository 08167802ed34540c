from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("plotly.min.js", views.plotly_js, name="plotly-js"),
]
