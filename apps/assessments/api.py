"""REST resource `assessments/` with the cycle's actions: transition, readiness, history,
approve-plan and reopen (API.md)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from apps import access
from apps.access import Verb
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.schema import Refusal, UnmetSerializer
from apps.api.viewsets import ScopedModelViewSet
from apps.organisation.models import Unit

from . import cycle, services
from .models import ApprovalForum, Assessment, Phase, PhaseTransition


class AssessmentSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)
    # Empty until the plan is approved; declared so the schema admits the empty value.
    plan_approval_forum = serializers.ChoiceField(
        choices=ApprovalForum.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "unit",
            "title",
            "phase",
            "started_on",
            "due_on",
            "closed_on",
            "next_revision_due",
            "no_findings_statement",
            "sickness_absence_note",
            "went_well",
            "to_strengthen",
            "plan_approved_at",
            "plan_approved_by",
            "plan_approval_forum",
            "plan_approval_comment",
        ]
        read_only_fields = [
            "phase",
            "closed_on",
            "next_revision_due",
            "plan_approved_at",
            "plan_approved_by",
            "plan_approval_forum",
            "plan_approval_comment",
        ]
        # The model's own validators (one open APV per unit, due after start) run in the
        # service, which answers 409 or 400 as the rule calls for.
        validators = []

    def validate_unit(self, unit):
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("An APV cannot be moved to another unit."))
        return unit


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Phase.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ApprovePlanSerializer(serializers.Serializer):
    forum = serializers.ChoiceField(choices=ApprovalForum.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ReadinessSerializer(serializers.Serializer):
    next = serializers.ChoiceField(choices=Phase.choices, allow_null=True)
    ready = serializers.BooleanField()
    unmet = UnmetSerializer(many=True)


class PhaseTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PhaseTransition
        fields = ["id", "from_phase", "to_phase", "by", "at", "comment"]

    def get_fields(self):
        # API.md names the two phases `from` and `to`; `from` is a Python keyword.
        fields = super().get_fields()
        renamed = {"from": fields.pop("from_phase"), "to": fields.pop("to_phase")}
        renamed["from"].source = "from_phase"
        renamed["to"].source = "to_phase"
        return {"id": fields.pop("id"), **renamed, **fields}


class AssessmentFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices)
    started_after = django_filters.DateFilter(field_name="started_on", lookup_expr="gte")
    started_before = django_filters.DateFilter(field_name="started_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    revision_due_before = django_filters.DateFilter(
        field_name="next_revision_due", lookup_expr="lte"
    )

    class Meta:
        model = Assessment
        fields = ["unit", "phase"]


class AssessmentViewSet(ScopedModelViewSet):
    """One APV round per unit; its phase moves only through `transition/`."""

    model = Assessment
    serializer_class = AssessmentSerializer
    parent_field = "unit"
    filterset_class = AssessmentFilter
    ordering_fields = ["started_on", "due_on", "title", "phase", "next_revision_due", "id"]
    ordering = ["-started_on", "id"]
    search_fields = ["title", "unit__name"]

    def get_queryset(self):
        return super().get_queryset().select_related("plan_approved_by")

    def perform_create(self, serializer):
        serializer.instance = services.assessment_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = services.assessment_update(
            assessment=serializer.instance, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.assessment_delete(assessment=instance, by=self.request.user)

    @extend_schema(
        request=TransitionSerializer,
        responses={
            200: AssessmentSerializer,
            400: OpenApiResponse(description="Unknown phase, or moving back without a comment"),
            409: OpenApiResponse(Refusal, description="A guard is unmet or the move skips"),
        },
    )
    @action(detail=True, methods=["post"], access_verb=Verb.EDIT)
    def transition(self, request, pk=None):
        assessment = self.get_object()
        data = self._input(TransitionSerializer)
        services.assessment_transition(assessment=assessment, by=request.user, **data)
        return Response(
            AssessmentSerializer(assessment, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: ReadinessSerializer})
    @action(detail=True, methods=["get"], access_verb=Verb.READ)
    def readiness(self, request, pk=None):
        return Response(cycle.readiness(self.get_object()).as_dict())

    @extend_schema(responses={200: PhaseTransitionSerializer(many=True)})
    @action(detail=True, methods=["get"], access_verb=Verb.READ, filter_backends=[])
    def history(self, request, pk=None):
        assessment = self.get_object()
        moves = access.transitions_visible_to(request.user).filter(assessment=assessment)
        page = self.paginate_queryset(moves.order_by("at", "id"))
        return self.get_paginated_response(PhaseTransitionSerializer(page, many=True).data)

    @extend_schema(
        request=ApprovePlanSerializer,
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(Refusal, description="Not in prioritisation"),
        },
    )
    @action(detail=True, methods=["post"], url_path="approve-plan", access_verb=Verb.APPROVE_PLAN)
    def approve_plan(self, request, pk=None):
        assessment = self.get_object()
        data = self._input(ApprovePlanSerializer)
        services.assessment_approve_plan(assessment=assessment, by=request.user, **data)
        return Response(
            AssessmentSerializer(assessment, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=ReopenSerializer,
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(
                Refusal, description="Not closed, or the unit has another open APV"
            ),
        },
    )
    @action(detail=True, methods=["post"], access_verb=Verb.REOPEN)
    def reopen(self, request, pk=None):
        assessment = self.get_object()
        data = self._input(ReopenSerializer)
        services.assessment_reopen(assessment=assessment, by=request.user, **data)
        return Response(
            AssessmentSerializer(assessment, context=self.get_serializer_context()).data
        )

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
