"""REST resource `assessments/{id}/compliance/`: the legal elements of one APV (read-only)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps import access
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.organisation.models import Unit

from . import compliance
from .organisation import GAPS, ORDERINGS, organisation_rows


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


class OrganisationQuerySerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(Unit, required=False)
    gap = serializers.MultipleChoiceField(choices=list(GAPS), required=False)
    ordering = serializers.ChoiceField(
        choices=[*ORDERINGS, *(f"-{name}" for name in ORDERINGS)], required=False
    )


class OrganisationRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    path = serializers.CharField()
    assessment = serializers.IntegerField(
        allow_null=True, help_text="The unit's open APV, else its newest; null: none ever."
    )
    title = serializers.CharField(allow_null=True)
    phase = serializers.CharField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    days_under_way = serializers.IntegerField(allow_null=True)
    days_in_phase = serializers.IntegerField(allow_null=True, help_text="Open APVs only.")
    next_revision_due = serializers.DateField(allow_null=True)
    plan_approved_at = serializers.DateTimeField(allow_null=True)
    sickness_absence_note = serializers.BooleanField(help_text="The note is written.")
    last_annual_review = serializers.DateField(
        allow_null=True,
        help_text="The last annual review held for the unit or a unit above it; null: none.",
    )
    unanswered_changes = serializers.IntegerField(
        help_text="Changes in the unit's work waiting for the answer: must the APV be revised?"
    )
    gaps = serializers.ListField(
        child=serializers.ChoiceField(choices=list(GAPS)),
        help_text="What the unit's APV lacks: " + ", ".join(GAPS) + ".",
    )


class OrganisationView(generics.ListAPIView):
    """Every unit in the caller's scope, with or without an APV, and what its APV lacks
    (`?gap=` filters by lack, `?unit=` a subtree, `?ordering=`)."""

    serializer_class = OrganisationRowSerializer
    filter_backends = []
    throttle_scope = "dashboard"

    @extend_schema(parameters=[OrganisationQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = OrganisationQuerySerializer(
            data=self.request.query_params, context={"request": self.request}
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rows = organisation_rows(
            self.request.user,
            data.get("unit"),
            gaps=sorted(data.get("gap", [])),
            ordering=data.get("ordering", "unit"),
        )
        return [row.as_dict() for row in rows]
