"""REST resources `annual-reviews/`, `changes/` (with `answer/`) and `agreements/` (with
`confirm/`): reads through the access module, writes through the services."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.access import Verb
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.schema import Refusal
from apps.api.viewsets import ScopedModelViewSet
from apps.assessments.models import Assessment
from apps.organisation.models import Unit

from . import services
from .models import Agreement, AnnualReview, ChangeEvent
from .questions import ANSWER_FIELDS, QUESTIONS
from .selectors import (
    TRIO_ROLES,
    agreement_members,
    is_confirmed,
    trio_members,
    trio_members_many,
)


class FixedUnitMixin:
    def validate_unit(self, unit):
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("The unit cannot be changed."))
        return unit


# --- annual reviews -------------------------------------------------------------------------


class AnnualReviewSerializer(FixedUnitMixin, serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)
    # Read from `review.assessments.all()`, which the scoped queryset prefetches with only the
    # APVs the caller may see.
    assessments = ScopedPrimaryKeyRelatedField(
        Assessment,
        many=True,
        required=False,
        help_text=_(
            "The APVs reviewed, of the unit and the units below it. Left out when creating: "
            "the current APV of each of those units."
        ),
    )
    next_due = serializers.DateField(
        read_only=True, help_text=_("A year after the review: when the next one is due.")
    )

    class Meta:
        model = AnnualReview
        fields = [
            "id",
            "unit",
            "held_on",
            "participants",
            "last_year_goals",
            "goals",
            "way_of_working",
            "assessments",
            "next_due",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]


class AnnualReviewFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = AnnualReview
        fields = ["unit"]


@extend_schema_view(
    create=extend_schema(
        description="Record an annual work-environment review of a unit (coordinators, "
        "leaders, AMRs and TRs of the unit); it covers the unit and every unit below it."
    ),
    destroy=extend_schema(
        description="Delete a review entered by mistake: coordinators only.",
        responses={204: None},
    ),
)
class AnnualReviewViewSet(ScopedModelViewSet):
    """The annual work-environment reviews (årlige arbejdsmiljødrøftelser) of the units in the
    caller's scope."""

    model = AnnualReview
    serializer_class = AnnualReviewSerializer
    parent_field = "unit"
    filterset_class = AnnualReviewFilter
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]
    search_fields = ["participants", "last_year_goals", "goals", "way_of_working"]

    def perform_create(self, serializer):
        review = services.annual_review_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        review = services.annual_review_update(
            review=serializer.instance, by=self.request.user, **data
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_destroy(self, instance):
        services.annual_review_delete(review=instance, by=self.request.user)


# --- changes --------------------------------------------------------------------------------


class ChangeEventSerializer(FixedUnitMixin, serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)
    # Empty until answered; declared so the schema admits the empty value.
    decision = serializers.ChoiceField(
        choices=ChangeEvent.Decision.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The answer to “must the APV be revised?”; empty while unanswered."),
    )

    class Meta:
        model = ChangeEvent
        fields = [
            "id",
            "unit",
            "kind",
            "description",
            "changed_on",
            "reported_by",
            "created_at",
            "decision",
            "reason",
            "answered_at",
            "answered_by",
            "assessment",
        ]
        read_only_fields = [
            "reported_by",
            "created_at",
            "reason",
            "answered_at",
            "answered_by",
            "assessment",
        ]


class ChangeAnswerSerializer(serializers.Serializer):
    revise = serializers.BooleanField(help_text=_("Must the APV be revised?"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10_000,
        help_text=_("Required for no, and for yes when the closed APV is reopened."),
    )
    reopen = serializers.BooleanField(
        default=False,
        help_text=_(
            "Yes, where the unit has no open APV: reopen its latest closed one (coordinators "
            "and leaders) instead of starting a new one."
        ),
    )


class ChangeEventFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    kind = django_filters.MultipleChoiceFilter(choices=ChangeEvent.Kind.choices)
    decision = django_filters.MultipleChoiceFilter(choices=ChangeEvent.Decision.choices)
    answered = django_filters.BooleanFilter(
        field_name="answered_at", lookup_expr="isnull", exclude=True
    )
    changed_after = django_filters.DateFilter(field_name="changed_on", lookup_expr="gte")
    changed_before = django_filters.DateFilter(field_name="changed_on", lookup_expr="lte")

    class Meta:
        model = ChangeEvent
        fields = ["unit", "kind", "decision", "answered"]


REFUSED_ANSWERED = {
    409: OpenApiResponse(Refusal, description="The change has already been answered"),
}


@extend_schema_view(
    create=extend_schema(
        description="Register a change in a unit's work (new premises, a new IT system, a "
        "reorganisation, new work methods); it waits for the answer to “must the APV be "
        "revised?”."
    ),
    partial_update=extend_schema(responses={200: ChangeEventSerializer, **REFUSED_ANSWERED}),
    destroy=extend_schema(
        description="Delete a change registered by mistake: coordinators only, while it is "
        "unanswered.",
        responses={204: None, **REFUSED_ANSWERED},
    ),
)
class ChangeEventViewSet(ScopedModelViewSet):
    """Changes in the work of the units in the caller's scope, and their answers."""

    model = ChangeEvent
    serializer_class = ChangeEventSerializer
    parent_field = "unit"
    filterset_class = ChangeEventFilter
    ordering_fields = ["changed_on", "created_at", "answered_at", "id"]
    ordering = ["-changed_on", "-id"]
    search_fields = ["description", "reason"]

    def perform_create(self, serializer):
        serializer.instance = services.change_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = services.change_update(
            change=serializer.instance, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.change_delete(change=instance, by=self.request.user)

    @extend_schema(
        request=ChangeAnswerSerializer,
        responses={
            200: ChangeEventSerializer,
            400: OpenApiResponse(description="No without a reason, or a reopening without one"),
            403: OpenApiResponse(description="Reopening is for coordinators and leaders"),
            409: OpenApiResponse(
                Refusal, description="Already answered, or no closed APV to reopen"
            ),
        },
        description="Answer “must the APV be revised?” once. `revise` true: the unit's open "
        "APV is linked; without one, a new APV is started, or with `reopen` its latest closed "
        "one is reopened (with `reason`). `revise` false: `reason` says why not.",
    )
    @action(detail=True, methods=["post"], access_verb=Verb.EDIT)
    def answer(self, request, pk=None):
        change = self.get_object()
        data = ChangeAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.change_answer(change=change, by=request.user, **data.validated_data)
        change = self.get_queryset().get(pk=change.pk)
        return Response(ChangeEventSerializer(change, context=self.get_serializer_context()).data)


# --- the TRIO's agreement -------------------------------------------------------------------


class MemberSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    # Not an enumeration of its own: the schema names the roles once (RoleEnum).
    role = serializers.CharField(
        help_text="The role they hold in the TRIO: " + ", ".join(TRIO_ROLES) + "."
    )
    confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When they confirmed the agreement as it reads; null: not.")
    )


class AgreementSerializer(FixedUnitMixin, serializers.ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)
    reviewed_on = serializers.DateField(
        required=False, help_text=_("When the TRIO last went through it; default today.")
    )
    review_due = serializers.DateField(
        read_only=True, help_text=_("A year after the last review: when it is due again.")
    )
    members = serializers.SerializerMethodField()
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "unit",
            "with_med",
            *ANSWER_FIELDS,
            "reviewed_on",
            "review_due",
            "members",
            "confirmed",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The deck's questions, as the help of each answer.
        extra_kwargs = {name: {"help_text": text} for name, text in QUESTIONS.items()}

    def _members(self, agreement):
        by_unit = self.context.get("members_by_unit") or {}
        members = by_unit.get(agreement.unit_id)
        return agreement_members(agreement, members)

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, agreement):
        return [
            {"user": m.user.pk, "role": m.role, "confirmed_at": m.confirmed_at}
            for m in self._members(agreement)
        ]

    @extend_schema_field(serializers.BooleanField(help_text="Every member of the TRIO confirmed."))
    def get_confirmed(self, agreement) -> bool:
        return is_confirmed(self._members(agreement))


class AgreementFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    with_med = django_filters.BooleanFilter()
    review_due_before = django_filters.DateFilter(field_name="review_due", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = ["unit", "with_med"]


@extend_schema_view(
    create=extend_schema(
        description="Write the TRIO's expectation agreement of a unit (one per unit), in the "
        "deck's three parts: Retning og mål, Rammer og råderum, Relationer og roller.",
        responses={
            201: AgreementSerializer,
            409: OpenApiResponse(Refusal, description="The unit already has an agreement"),
        },
    ),
    partial_update=extend_schema(
        description="Change the agreement; a change of its text clears the confirmations."
    ),
    destroy=extend_schema(
        description="Delete an agreement entered by mistake: coordinators only.",
        responses={204: None},
    ),
)
class AgreementViewSet(ScopedModelViewSet):
    """The TRIO agreements (forventningsafstemninger) of the units in the caller's scope, with
    each member's confirmation."""

    model = Agreement
    serializer_class = AgreementSerializer
    parent_field = "unit"
    filterset_class = AgreementFilter
    ordering_fields = ["reviewed_on", "review_due", "id"]
    ordering = ["unit__path"]
    search_fields = list(ANSWER_FIELDS)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            # The TRIO of every agreement on the page, in one query.
            self._members_by_unit = trio_members_many({a.unit for a in page})
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["members_by_unit"] = getattr(self, "_members_by_unit", None)
        return context

    def perform_create(self, serializer):
        agreement = services.agreement_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        agreement = services.agreement_update(
            agreement=serializer.instance, by=self.request.user, **data
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def perform_destroy(self, instance):
        services.agreement_delete(agreement=instance, by=self.request.user)

    @extend_schema(
        request=None,
        responses={
            200: AgreementSerializer,
            403: OpenApiResponse(description="The caller is not in the unit's TRIO"),
            409: OpenApiResponse(Refusal, description="Already confirmed, or nothing answered"),
        },
        description="Confirm the agreement as it reads now, for oneself: the unit's leader, "
        "AMR or TR (the nearest holders of each). A later change of its text clears it.",
    )
    @action(detail=True, methods=["post"], access_verb=Verb.EDIT)
    def confirm(self, request, pk=None):
        agreement = self.get_object()
        services.agreement_confirm(agreement=agreement, by=request.user)
        agreement = self.get_queryset().get(pk=agreement.pk)
        context = {
            **self.get_serializer_context(),
            "members_by_unit": {agreement.unit_id: trio_members(agreement.unit)},
        }
        return Response(AgreementSerializer(agreement, context=context).data)
