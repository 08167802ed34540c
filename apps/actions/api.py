"""REST resources `actions/` (with `actions/{id}/updates/`) and `evaluations/` (API.md)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from apps import access
from apps.access import Verb
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.viewsets import ScopedCreateListViewSet, ScopedModelViewSet
from apps.assessments.api import Refusal
from apps.assessments.models import Assessment
from apps.findings.models import Finding, Level

from . import services
from .models import Action, ActionUpdate, Evaluation

User = get_user_model()


def scoped(model):
    """The choices of a reference filter: only what the caller may read, so an id out of scope
    is an invalid choice exactly like an id that does not exist (400, no existence oracle)."""

    def queryset(request):
        return access.visible(getattr(request, "user", None), model)

    return queryset


class KeptOrScopedField(ScopedPrimaryKeyRelatedField):
    """A scoped reference that also accepts the value the object already has: sending back what
    a GET returned is not a change, even when that object has since left the caller's scope."""

    def get_queryset(self):
        scoped_qs = super().get_queryset()
        instance = getattr(self.parent, "instance", None)
        current = getattr(instance, f"{self.source}_id", None) if instance is not None else None
        if current is None:
            return scoped_qs
        return self.model._default_manager.filter(Q(pk__in=scoped_qs.values("pk")) | Q(pk=current))


# --- serializers ----------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    finding = KeptOrScopedField(Finding)
    owner = KeptOrScopedField(User, allow_null=True, required=False)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "finding",
            "title",
            "description",
            "level",
            "approach",
            "owner",
            "due_on",
            "status",
            "progress",
            "is_overdue",
            "completed_on",
            "evaluation_due_on",
        ]
        # The model's constraints (completion date iff done) are kept by the service, which
        # sets the dates from the status before it validates.
        validators = []

    def validate_finding(self, finding):
        if self.instance is not None and finding != self.instance.finding:
            raise serializers.ValidationError(_("An action cannot be moved to another finding."))
        return finding


class ActionUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionUpdate
        fields = ["id", "progress", "status", "note", "by", "at"]
        read_only_fields = fields


class ActionUpdateInputSerializer(serializers.Serializer):
    """A progress note; the action takes over the progress and status given."""

    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationSerializer(serializers.ModelSerializer):
    action = ScopedPrimaryKeyRelatedField(Action)

    class Meta:
        model = Evaluation
        fields = ["id", "action", "effect", "notes", "decision", "evaluated_on", "by"]
        read_only_fields = ["by"]


# --- filters --------------------------------------------------------------------------------


class ActionFilter(django_filters.FilterSet):
    finding = django_filters.ModelChoiceFilter(queryset=scoped(Finding))
    assessment = django_filters.ModelChoiceFilter(
        field_name="finding__assessment", queryset=scoped(Assessment)
    )
    unit = UnitSubtreeFilter(
        field_name="finding__assessment__unit", path_field="finding__assessment__unit__path"
    )
    owner = django_filters.ModelChoiceFilter(queryset=scoped(User))
    status = django_filters.MultipleChoiceFilter(choices=Action.Status.choices)
    level = django_filters.MultipleChoiceFilter(choices=Level.choices)
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    completed_after = django_filters.DateFilter(field_name="completed_on", lookup_expr="gte")
    completed_before = django_filters.DateFilter(field_name="completed_on", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past its due date")
    )

    class Meta:
        model = Action
        fields = ["finding", "assessment", "unit", "owner", "status", "level"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Action.objects.overdue().values("pk")
        if value:
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)


class EvaluationFilter(django_filters.FilterSet):
    action = django_filters.ModelChoiceFilter(queryset=scoped(Action))
    finding = django_filters.ModelChoiceFilter(
        field_name="action__finding", queryset=scoped(Finding)
    )
    assessment = django_filters.ModelChoiceFilter(
        field_name="action__finding__assessment", queryset=scoped(Assessment)
    )
    unit = UnitSubtreeFilter(
        field_name="action__finding__assessment__unit",
        path_field="action__finding__assessment__unit__path",
    )
    effect = django_filters.MultipleChoiceFilter(choices=Evaluation.Effect.choices)
    decision = django_filters.MultipleChoiceFilter(choices=Evaluation.Decision.choices)
    evaluated_after = django_filters.DateFilter(field_name="evaluated_on", lookup_expr="gte")
    evaluated_before = django_filters.DateFilter(field_name="evaluated_on", lookup_expr="lte")

    class Meta:
        model = Evaluation
        fields = ["action", "finding", "assessment", "unit", "effect", "decision"]


# --- views ----------------------------------------------------------------------------------


class ActionViewSet(ScopedModelViewSet):
    """The action plan: what, how, who, by when. Progress is reported through `updates/`."""

    model = Action
    serializer_class = ActionSerializer
    parent_field = "finding"
    edit_verb = Verb.EDIT_ACTIONS
    filterset_class = ActionFilter
    ordering_fields = ["due_on", "status", "progress", "title", "id"]
    ordering = ["due_on", "id"]
    search_fields = ["title", "description"]

    def access_verb_for_request(self):
        if self.action == "updates":
            # Reading the log is reading the action; posting is the owner's right too.
            return Verb.READ if self.request.method in SAFE_METHODS else Verb.UPDATE_ACTION
        return super().access_verb_for_request()

    def perform_create(self, serializer):
        serializer.instance = services.action_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("finding", None)
        serializer.instance = services.action_update(
            action=serializer.instance, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.action_delete(action=instance, by=self.request.user)

    @extend_schema(
        methods=["GET"],
        summary="The action's progress notes, newest first",
        responses={200: ActionUpdateSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Post a progress note; the action takes over its progress and status",
        request=ActionUpdateInputSerializer,
        responses={
            201: ActionUpdateSerializer,
            400: OpenApiResponse(description="Progress out of range or an unknown status"),
            409: OpenApiResponse(Refusal, description="The APV is closed"),
        },
    )
    @action(detail=True, methods=["get", "post"], url_path="updates", filter_backends=[])
    def updates(self, request, pk=None):
        action_obj = self.get_object()
        if request.method in SAFE_METHODS:
            notes = (
                access.action_updates_visible_to(request.user)
                .filter(action=action_obj)
                .order_by("-at", "-id")
            )
            page = self.paginate_queryset(notes)
            return self.get_paginated_response(ActionUpdateSerializer(page, many=True).data)
        data = ActionUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.action_update_post(
            action=action_obj, by=request.user, **data.validated_data
        )
        return Response(ActionUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class EvaluationViewSet(ScopedCreateListViewSet):
    """How an action worked and what happens next; evaluations are kept, never edited."""

    model = Evaluation
    serializer_class = EvaluationSerializer
    # The base mixin defines partial_update for every scoped viewset, so the router would
    # route PATCH here too (and fail); an evaluation is kept as written.
    http_method_names = ["get", "post", "head", "options"]
    parent_field = "action"
    edit_verb = Verb.EDIT
    filterset_class = EvaluationFilter
    ordering_fields = ["evaluated_on", "effect", "decision", "id"]
    ordering = ["-evaluated_on", "-id"]
    search_fields = ["notes"]

    def perform_create(self, serializer):
        serializer.instance = services.evaluation_create(
            by=self.request.user, **serializer.validated_data
        )
