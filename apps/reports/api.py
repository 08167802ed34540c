"""REST resource `assessments/{id}/compliance/`: the legal elements of one APV (read-only)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps import access

from . import selectors


class ElementSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text="The element's name in Danish.")
    met = serializers.BooleanField()
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
                    "next_revision_due": selectors.next_revision_due(assessment),
                    "revision_overdue": selectors.revision_overdue(assessment),
                    "elements": selectors.compliance(assessment),
                }
            ).data
        )
