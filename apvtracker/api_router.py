"""The single API router: every resource of API.md v1."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from apps.actions.api import ActionViewSet, EvaluationViewSet
from apps.api.auth import TokenLoginView, TokenLogoutView
from apps.assessments.api import AssessmentViewSet
from apps.assessments.api_rounds import RoundViewSet
from apps.attachments.api import AttachmentViewSet
from apps.communications.api import CommunicationViewSet
from apps.concerns.api import ConcernViewSet
from apps.conversation.api import CommentViewSet, FollowViewSet, InboxViewSet
from apps.dashboard.api import (
    DashboardComparisonView,
    DashboardHeatmapView,
    DashboardOverdueView,
    DashboardRevisionsView,
    DashboardSummaryView,
    DashboardSurveyHeatmapView,
    DashboardUnitsView,
)
from apps.factors.api import FactorViewSet
from apps.findings.api import DialogueViewSet, FindingViewSet
from apps.governance.api import AgreementViewSet, AnnualReviewViewSet, ChangeEventViewSet
from apps.organisation.api import MeView, RoleAssignmentViewSet, UnitViewSet, UserViewSet
from apps.reminders.api import ReminderViewSet
from apps.reports.api import AssessmentComplianceView, OrganisationView
from apps.surveys.api import (
    SicknessAbsenceViewSet,
    SurveyDimensionViewSet,
    SurveyFigureViewSet,
    SurveyProposalsView,
    SurveyViewSet,
)

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("units", UnitViewSet, basename="unit")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("factors", FactorViewSet, basename="factor")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("rounds", RoundViewSet, basename="round")
router.register("findings", FindingViewSet, basename="finding")
router.register("dialogues", DialogueViewSet, basename="dialogue")
router.register("actions", ActionViewSet, basename="action")
router.register("communications", CommunicationViewSet, basename="communication")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("survey-figures", SurveyFigureViewSet, basename="surveyfigure")
router.register("sickness-absence", SicknessAbsenceViewSet, basename="sicknessabsence")
router.register("survey-dimensions", SurveyDimensionViewSet, basename="surveydimension")
router.register("concerns", ConcernViewSet, basename="concern")
router.register("annual-reviews", AnnualReviewViewSet, basename="annualreview")
router.register("changes", ChangeEventViewSet, basename="changeevent")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("comments", CommentViewSet, basename="comment")
router.register("follows", FollowViewSet, basename="follow")
router.register("inbox", InboxViewSet, basename="inboxitem")

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="auth-token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="auth-logout"),
    path("dashboard/summary/", DashboardSummaryView.as_view(), name="dashboard-summary"),
    path("dashboard/units/", DashboardUnitsView.as_view(), name="dashboard-units"),
    path("dashboard/heatmap/", DashboardHeatmapView.as_view(), name="dashboard-heatmap"),
    path("dashboard/overdue/", DashboardOverdueView.as_view(), name="dashboard-overdue"),
    path("dashboard/revisions/", DashboardRevisionsView.as_view(), name="dashboard-revisions"),
    path("dashboard/comparison/", DashboardComparisonView.as_view(), name="dashboard-comparison"),
    path(
        "dashboard/survey-heatmap/",
        DashboardSurveyHeatmapView.as_view(),
        name="dashboard-survey-heatmap",
    ),
    path("me/", MeView.as_view(), name="me"),
    path("organisation/", OrganisationView.as_view(), name="organisation"),
    path(
        "assessments/<int:pk>/survey-proposals/",
        SurveyProposalsView.as_view(),
        name="assessment-survey-proposals",
    ),
    path(
        "assessments/<int:pk>/compliance/",
        AssessmentComplianceView.as_view(),
        name="assessment-compliance",
    ),
    path("", include(router.urls)),
]
