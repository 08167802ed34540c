"""REST resource `assessments/{id}/compliance/`: the legal elements of one APV (read-only)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps import access

from . import compliance


class ElementSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text="The element's name in Danish.")
    status = serializers.ChoiceField(
        choices=["met", "not_met", "not_applicable"],
        help_text="Met (something is in place), not met, or not applicable (e.g. no plan is "
        "needed where no risk was confirmed).",
    )
    met = serializers.BooleanField(allow_null=True, help_text="null where not applicable.")
    detail = serializers.CharField(help_text="What is in place or missing; counts, never text.")


class ComplianceSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    next_revision_due = serializers.DateField()
    revision_overdue = serializers.BooleanField()
    elements = ElementSerializer(many=True)


class AssessmentComplianceView(APIView):
    """Which legal elements (DESIGN.md §4) of an APV the caller may read are in place."""

    @extend_schema(responses={200: ComplianceSerializer})
    def get(self, request, pk):
        assessment = get_object_or_404(access.assessments_visible_to(request.user), pk=pk)
        return Response(
            ComplianceSerializer(
                {
                    "assessment": assessment.pk,
                    "next_revision_due": compliance.next_revision_due(assessment),
                    "revision_overdue": compliance.revision_overdue(assessment),
                    "elements": compliance.compliance(assessment),
                }
            ).data
        )
