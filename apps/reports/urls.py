from django.urls import path

from . import organisation_views, views

app_name = "reports"

urlpatterns = [
    path("organisation.csv", organisation_views.organisation_csv, name="organisation-csv"),
    path("organisation.xlsx", organisation_views.organisation_xlsx, name="organisation-xlsx"),
    path("assessments/<int:assessment_id>/", views.report, name="report"),
    path("assessments/<int:assessment_id>.pdf", views.report_pdf, name="report-pdf"),
    path("assessments/<int:assessment_id>/compliance/", views.compliance, name="compliance"),
    path(
        "assessments/<int:assessment_id>/action-plan.csv",
        views.action_plan_csv,
        name="action-plan-csv",
    ),
    path(
        "assessments/<int:assessment_id>/action-plan.xlsx",
        views.action_plan_xlsx,
        name="action-plan-xlsx",
    ),
]
