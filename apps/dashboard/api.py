"""REST resource `dashboard/summary/`: the MED committee's numbers for the caller's scope."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.organisation.models import Unit

from .selectors import dashboard_summary


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


class DashboardSummaryView(APIView):
    """Where the caller's scope stands: counts per phase and status, overdue, on-time rate."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit", int, description="Only this unit and the units below it.", required=False
            )
        ],
        responses={200: SummarySerializer},
    )
    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        return Response(dashboard_summary(request.user, query.validated_data.get("unit")))
