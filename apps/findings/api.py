"""REST resources `findings/` and `dialogues/` (API.md): reads through the access module,
writes through the services."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, serializers

from apps import access
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import SearchFilter, UnitSubtreeFilter
from apps.api.viewsets import ScopedModelViewSet
from apps.assessments.api import Refusal
from apps.assessments.models import Assessment
from apps.factors.models import Domain, Factor, LegalRisk

from . import services
from .models import Dialogue, Finding, Level

User = get_user_model()


def _visible(model):
    """A filter's choices: the objects of `model` the caller may read (others are invalid)."""

    def queryset(request):
        return access.visible(getattr(request, "user", None), model)

    return queryset


# --- findings -------------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment)
    factor = ScopedPrimaryKeyRelatedField(Factor)
    handlers = ScopedPrimaryKeyRelatedField(
        User,
        many=True,
        required=False,
        help_text=_(
            "Who handles a confidential finding. Leave empty to let the unit's AMR and leader "
            "handle it."
        ),
    )
    risk_score = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Severity times extent (1 to 16).")
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "assessment",
            "title",
            "description",
            "causes",
            "kind",
            "factor",
            "source",
            "level",
            "severity",
            "extent",
            "risk_score",
            "status",
            "priority",
            "confidential",
            "handlers",
            "reported_by",
            "created_at",
        ]
        read_only_fields = ["reported_by", "created_at"]

    def validate_assessment(self, assessment):
        if self.instance is not None and assessment != self.instance.assessment:
            raise serializers.ValidationError(_("A finding cannot be moved to another APV."))
        return assessment


class FindingFilter(django_filters.FilterSet):
    assessment = django_filters.ModelChoiceFilter(queryset=_visible(Assessment))
    unit = UnitSubtreeFilter(field_name="assessment__unit", path_field="assessment__unit__path")
    kind = django_filters.MultipleChoiceFilter(choices=Finding.Kind.choices)
    status = django_filters.MultipleChoiceFilter(choices=Finding.Status.choices)
    source = django_filters.MultipleChoiceFilter(choices=Finding.Source.choices)
    level = django_filters.MultipleChoiceFilter(choices=Level.choices)
    factor = django_filters.ModelChoiceFilter(queryset=_visible(Factor))
    domain = django_filters.MultipleChoiceFilter(
        field_name="factor__domain", choices=Domain.choices
    )
    legal_risk = django_filters.MultipleChoiceFilter(
        field_name="factor__legal_risk", choices=LegalRisk.choices
    )
    confidential = django_filters.BooleanFilter()
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Finding
        fields = ["assessment", "unit", "kind", "status", "source", "level", "factor"]


class FindingOrdering(filters.OrderingFilter):
    """`?ordering=` with `risk_score` (severity × extent); unassessed values come last either
    way, on SQLite and PostgreSQL alike (they disagree on where NULL sorts)."""

    NULLABLE = {
        "risk_score": "risk_value",
        "severity": "severity",
        "extent": "extent",
        "priority": "priority",
    }

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view) or []
        terms = []
        for term in ordering:
            name = term.lstrip("-")
            if name in self.NULLABLE:
                value = F(self.NULLABLE[name])
                terms.append(
                    value.desc(nulls_last=True)
                    if term.startswith("-")
                    else value.asc(nulls_last=True)
                )
            else:
                terms.append(term)
        return queryset.order_by(*terms) if terms else queryset


REFUSALS = {
    403: OpenApiResponse(description="No role of the caller allows this, here or at all"),
    409: OpenApiResponse(Refusal, description="The APV is closed"),
}


@extend_schema_view(
    create=extend_schema(responses={201: FindingSerializer, **REFUSALS}),
    partial_update=extend_schema(responses={200: FindingSerializer, **REFUSALS}),
    destroy=extend_schema(
        description="Delete a finding logged by mistake: coordinators only, never in a closed APV.",
        responses={204: None, **REFUSALS},
    ),
)
class FindingViewSet(ScopedModelViewSet):
    """Findings of the APVs in the caller's scope; confidential ones only for their coordinators,
    reporter and handlers (DESIGN.md §6)."""

    model = Finding
    serializer_class = FindingSerializer
    parent_field = "assessment"
    filterset_class = FindingFilter
    filter_backends = [DjangoFilterBackend, FindingOrdering, SearchFilter]
    ordering_fields = [
        "priority",
        "created_at",
        "severity",
        "extent",
        "risk_score",
        "status",
        "title",
        "id",
    ]
    ordering = ["assessment", "priority", "id"]
    search_fields = ["title", "description", "causes"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(risk_value=F("severity") * F("extent"))
            .prefetch_related("handlers")
        )

    def perform_create(self, serializer):
        serializer.instance = services.finding_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("assessment", None)
        serializer.instance = services.finding_update(
            finding=serializer.instance, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.finding_delete(finding=instance, by=self.request.user)


# --- dialogues ------------------------------------------------------------------------------


class DialogueSerializer(serializers.ModelSerializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment)
    # Read from `dialogue.findings.all()`, which the scoped queryset prefetches with only the
    # findings the caller may see: links to the others are never shown.
    findings = ScopedPrimaryKeyRelatedField(
        Finding,
        many=True,
        required=False,
        help_text=_(
            "The findings discussed, of the dialogue's own APV. Only those the caller may see "
            "are listed; on a change, links to the others are kept."
        ),
    )

    class Meta:
        model = Dialogue
        fields = ["id", "assessment", "forum", "held_on", "participants", "summary", "findings"]

    def validate_assessment(self, assessment):
        if self.instance is not None and assessment != self.instance.assessment:
            raise serializers.ValidationError(_("A dialogue cannot be moved to another APV."))
        return assessment

    def validate(self, attrs):
        # Also checked by the service, but here it is a 400 before a closed APV's 409.
        assessment = attrs.get("assessment") or getattr(self.instance, "assessment", None)
        findings = attrs.get("findings") or []
        if assessment is not None and any(f.assessment_id != assessment.pk for f in findings):
            raise serializers.ValidationError(
                {"findings": _("A dialogue can only discuss findings of its own APV.")}
            )
        return attrs


class DialogueFilter(django_filters.FilterSet):
    assessment = django_filters.ModelChoiceFilter(queryset=_visible(Assessment))
    unit = UnitSubtreeFilter(field_name="assessment__unit", path_field="assessment__unit__path")
    forum = django_filters.MultipleChoiceFilter(choices=Dialogue.Forum.choices)
    finding = django_filters.ModelChoiceFilter(field_name="findings", queryset=_visible(Finding))
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Dialogue
        fields = ["assessment", "unit", "forum", "finding"]


@extend_schema_view(
    create=extend_schema(responses={201: DialogueSerializer, **REFUSALS}),
    partial_update=extend_schema(responses={200: DialogueSerializer, **REFUSALS}),
    destroy=extend_schema(
        description="Delete a dialogue logged by mistake: coordinators only, never in a closed "
        "APV.",
        responses={204: None, **REFUSALS},
    ),
)
class DialogueViewSet(ScopedModelViewSet):
    """Dialogues held about the APVs in the caller's scope and the findings they discussed."""

    model = Dialogue
    serializer_class = DialogueSerializer
    parent_field = "assessment"
    filterset_class = DialogueFilter
    ordering_fields = ["held_on", "forum", "id"]
    ordering = ["-held_on", "id"]
    search_fields = ["summary", "participants"]

    def perform_create(self, serializer):
        dialogue = services.dialogue_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self._reloaded(dialogue)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("assessment", None)
        dialogue = services.dialogue_update(
            dialogue=serializer.instance, by=self.request.user, **data
        )
        serializer.instance = self._reloaded(dialogue)

    def perform_destroy(self, instance):
        services.dialogue_delete(dialogue=instance, by=self.request.user)

    def _reloaded(self, dialogue):
        """The dialogue as the caller may see it: the service keeps links to findings hidden from
        the editor, and `dialogue.findings.all()` unprefetched would list them."""
        return self.get_queryset().get(pk=dialogue.pk)
