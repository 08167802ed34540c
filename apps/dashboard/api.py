"""REST resources `dashboard/...`: the MED committee's numbers for the caller's scope.

Each view reads `?unit=` (that unit and the units below it; default the whole scope) and calls
one selector.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.assessments.models import Assessment
from apps.organisation.models import Unit
from apps.surveys.models import Survey
from apps.surveys.selectors import survey_heatmap

from .selectors import (
    assessment_comparison,
    dashboard_heatmap,
    dashboard_overdue,
    dashboard_revisions,
    dashboard_summary,
    dashboard_units,
)

UNIT_PARAMETER = OpenApiParameter(
    "unit", int, description="Only this unit and the units below it.", required=False
)


class SummaryQuerySerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(Unit, required=False)


def _counts(name):
    return serializers.DictField(child=serializers.IntegerField(), help_text=name)


class SummarySerializer(serializers.Serializer):
    assessments_by_phase = _counts("APVs per phase.")
    findings_by_status = _counts("Findings per status, confidential ones included.")
    findings_by_domain = _counts(
        "Findings per factor domain; confidential findings only in `confidential`."
    )
    actions_by_status = _counts("Actions per status, those of confidential findings included.")
    overdue_actions = serializers.IntegerField()
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="Share of done actions completed by their due date."
    )
    revisions_due_90_days = serializers.IntegerField(
        help_text="Units whose latest APV must be revised within 90 days (or is overdue)."
    )
    open_concerns = serializers.IntegerField(
        help_text="Concerns to the AMR that wait for their decision (counted, never named)."
    )
    concerns_waiting_long = serializers.IntegerField(
        help_text="Of `open_concerns`, those that have waited 14 days or more."
    )


class DashboardSummaryView(APIView):
    """Where the caller's scope stands: counts per phase and status, overdue, on-time rate."""

    throttle_scope = "dashboard"

    @extend_schema(
        parameters=[UNIT_PARAMETER],
        responses={200: SummarySerializer},
    )
    def get(self, request):
        return Response(dashboard_summary(request.user, _unit(request)))


def _unit(request):
    """The `?unit=` subtree, refused (400) when the caller may not read that unit."""
    query = SummaryQuerySerializer(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data.get("unit")


class UnitRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    assessment = serializers.IntegerField(help_text="The unit's latest APV.")
    title = serializers.CharField()
    phase = serializers.CharField()
    started_on = serializers.DateField()
    next_revision_due = serializers.DateField(allow_null=True)
    revision_overdue = serializers.BooleanField()
    overdue_actions = serializers.IntegerField(
        help_text="The unit's overdue actions, those of confidential findings included."
    )
    awaiting_approval = serializers.BooleanField(
        help_text="The action plan is being prioritised and waits for its approval."
    )


class DashboardUnitsView(APIView):
    """Unit × phase: each unit in scope with an APV, where its latest APV stands."""

    throttle_scope = "dashboard"

    @extend_schema(parameters=[UNIT_PARAMETER], responses={200: UnitRowSerializer(many=True)})
    def get(self, request):
        return Response(dashboard_units(request.user, _unit(request)))


class LabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class HeatmapRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    path = serializers.CharField()
    by_domain = _counts("Open risk findings per domain; confidential ones only in `confidential`.")
    by_legal_risk = _counts(
        "Open risk findings per legal risk area; confidential ones only in `confidential`."
    )
    total = serializers.IntegerField()


class HeatmapTotalsSerializer(serializers.Serializer):
    by_domain = _counts("Column totals per domain.")
    by_legal_risk = _counts("Column totals per legal risk area.")
    total = serializers.IntegerField()


class HeatmapSerializer(serializers.Serializer):
    domains = LabelSerializer(many=True)
    legal_risks = LabelSerializer(many=True)
    rows = HeatmapRowSerializer(many=True)
    totals = HeatmapTotalsSerializer()


class DashboardHeatmapView(APIView):
    """Open (open or confirmed) risk findings per unit × domain and per legal risk area."""

    throttle_scope = "dashboard"

    @extend_schema(parameters=[UNIT_PARAMETER], responses={200: HeatmapSerializer})
    def get(self, request):
        return Response(dashboard_heatmap(request.user, _unit(request)))


class OverdueActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    unit = serializers.IntegerField(source="finding.assessment.unit_id")
    unit_name = serializers.CharField(source="finding.assessment.unit.name")
    assessment = serializers.IntegerField(source="finding.assessment_id")
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_name = serializers.SerializerMethodField()

    def get_owner_name(self, action) -> str | None:
        owner = action.owner
        return (owner.get_full_name() or owner.get_username()) if owner else None


class DashboardOverdueView(generics.ListAPIView):
    """Overdue actions the caller may see, oldest due date first (paginated)."""

    throttle_scope = "dashboard"

    serializer_class = OverdueActionSerializer
    filter_backends = []

    @extend_schema(parameters=[UNIT_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return dashboard_overdue(self.request.user, _unit(self.request))


class RevisionSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    phase = serializers.CharField()
    next_revision_due = serializers.DateField()


class DashboardRevisionsView(generics.ListAPIView):
    """Latest APVs whose revision is due within 90 days or already past, soonest first."""

    throttle_scope = "dashboard"

    serializer_class = RevisionSerializer
    filter_backends = []

    @extend_schema(parameters=[UNIT_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return dashboard_revisions(self.request.user, _unit(self.request))


class ComparisonQuerySerializer(serializers.Serializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment)


class RoundFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    phase = serializers.CharField()
    started_on = serializers.DateField()
    findings = serializers.IntegerField()
    risks = serializers.IntegerField()
    confirmed_risks = serializers.IntegerField()
    resources = serializers.IntegerField()
    high_risks = serializers.IntegerField(help_text="Risks with severity and extent 3 or more.")
    actions = serializers.IntegerField()
    done = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)


class ComparisonSerializer(serializers.Serializer):
    current = RoundFiguresSerializer()
    previous = RoundFiguresSerializer(allow_null=True)


class DashboardComparisonView(APIView):
    """One APV round beside the unit's previous one: did the work environment move?"""

    throttle_scope = "dashboard"

    @extend_schema(
        parameters=[
            OpenApiParameter("assessment", int, description="The APV to compare.", required=True)
        ],
        responses={200: ComparisonSerializer},
    )
    def get(self, request):
        query = ComparisonQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        return Response(
            ComparisonSerializer(
                assessment_comparison(request.user, query.validated_data["assessment"])
            ).data
        )


class SurveyHeatmapQuerySerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(Unit, required=False)
    survey = ScopedPrimaryKeyRelatedField(Survey, required=False)


class SurveyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    conducted_on = serializers.DateField()


class SurveyFactorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()
    higher_is_better = serializers.BooleanField()


class SurveyCellSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=4, decimal_places=1)
    respondents = serializers.IntegerField(help_text="In the unit and every unit below it.")
    previous = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="The same unit's figure in the survey before, where it may be shown.",
    )


class SurveyHeatmapRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    path = serializers.CharField()
    cells = serializers.DictField(child=SurveyCellSerializer(), help_text="By factor code.")


class SurveyHeatmapSerializer(serializers.Serializer):
    survey = SurveyBriefSerializer(allow_null=True)
    previous_survey = SurveyBriefSerializer(allow_null=True)
    factors = SurveyFactorSerializer(many=True)
    rows = SurveyHeatmapRowSerializer(many=True)


class DashboardSurveyHeatmapView(APIView):
    """Unit × factor: the latest survey's figures (or `?survey=`), each beside the survey
    before. A unit whose figure may not be shown (fewer respondents than the threshold, or
    one subtraction would reveal) has no row: it counts in its parent's figure."""

    throttle_scope = "dashboard"

    @extend_schema(
        parameters=[
            UNIT_PARAMETER,
            OpenApiParameter("survey", int, description="Default: the latest.", required=False),
        ],
        responses={200: SurveyHeatmapSerializer},
    )
    def get(self, request):
        query = SurveyHeatmapQuerySerializer(
            data=request.query_params, context={"request": request}
        )
        query.is_valid(raise_exception=True)
        heatmap = survey_heatmap(
            request.user, query.validated_data.get("unit"), query.validated_data.get("survey")
        )
        # The rows are written out here, not by the nested serializers (which describe them to
        # the schema): a root coordinator's heatmap has tens of thousands of cells, and DRF's
        # fields cost more per cell than the query (docs/performance.md). Same output: scores
        # as the serializer's decimal strings.
        data = SurveyHeatmapSerializer({**heatmap, "rows": []}).data
        data["rows"] = [{**row, "cells": _cells_json(row["cells"])} for row in heatmap["rows"]]
        return Response(data)


def _decimal(value) -> str | None:
    return None if value is None else f"{value:.1f}"


def _cells_json(cells: dict) -> dict:
    return {
        code: {
            "score": _decimal(cell["score"]),
            "respondents": cell["respondents"],
            "previous": _decimal(cell["previous"]),
        }
        for code, cell in cells.items()
    }
