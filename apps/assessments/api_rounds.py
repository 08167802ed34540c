"""REST resource `rounds/`: a coordinator previews and starts the APVs of a subtree in one step,
and everyone follows the round's progress against its plan."""

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps import access
from apps.access import Verb
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.viewsets import ScopedReadOnlyViewSet
from apps.organisation.models import Unit

from .models import ROUND_PHASES, Round
from .rounds import round_plan, round_progress, round_start

PLANNED = [f"{phase}_by" for phase in ROUND_PHASES]


class RoundSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)

    class Meta:
        model = Round
        fields = ["id", "title", "unit", "started_on", *PLANNED, "created_by", "created_at"]
        read_only_fields = ["created_by", "created_at"]


class PlannedUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="pk")
    unit_name = serializers.CharField(source="name")


class SkippedUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    reason = serializers.CharField()


def _skipped(plan) -> list[dict]:
    return [{"unit": u.pk, "unit_name": u.name, "reason": reason} for u, reason in plan.skip]


class RoundPlanSerializer(serializers.Serializer):
    create = PlannedUnitSerializer(many=True)
    skip = SkippedUnitSerializer(many=True)


class RoundStartedSerializer(serializers.Serializer):
    round = RoundSerializer()
    created = serializers.ListField(child=serializers.IntegerField(), help_text="The new APVs.")
    skip = SkippedUnitSerializer(many=True)


class BehindSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(source="pk")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    phase = serializers.CharField()


class RoundProgressSerializer(serializers.Serializer):
    assessments = serializers.IntegerField(help_text="The round's APVs the caller may see.")
    by_phase = serializers.DictField(child=serializers.IntegerField())
    behind = BehindSerializer(many=True, help_text="Still in a phase planned done by now.")


class RoundViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Rounds of APVs; POST starts one (an APV per unit of the subtree without an open one),
    `preview/` says what it would do without doing it."""

    model = Round
    serializer_class = RoundSerializer
    ordering = ["-started_on", "-id"]
    edit_verb = Verb.MANAGE

    def _planned(self, request):
        data = RoundSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        unit = fields.pop("unit")
        if not access.can(request.user, Verb.MANAGE, unit):
            raise PermissionDenied()
        return unit, fields

    @extend_schema(
        request=RoundSerializer,
        responses={201: RoundStartedSerializer, 403: OpenApiResponse(description="Not yours")},
    )
    def create(self, request, *args, **kwargs):
        unit, fields = self._planned(request)
        with transaction.atomic():
            started, created, plan = round_start(by=request.user, unit=unit, **fields)
        body = {"round": started, "created": [a.pk for a in created], "skip": _skipped(plan)}
        return Response(RoundStartedSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RoundSerializer, responses={200: RoundPlanSerializer})
    @action(detail=False, methods=["post"], access_verb=Verb.MANAGE)
    def preview(self, request):
        unit, fields = self._planned(request)
        plan = round_plan(by=request.user, unit=unit, **fields)
        return Response(RoundPlanSerializer({"create": plan.create, "skip": _skipped(plan)}).data)

    @extend_schema(responses={200: RoundProgressSerializer})
    @action(detail=True, methods=["get"], access_verb=Verb.READ)
    def progress(self, request, pk=None):
        progress = round_progress(request.user, self.get_object(), timezone.localdate())
        return Response(RoundProgressSerializer(progress).data)
