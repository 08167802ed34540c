"""REST resource `communications/`: status messages to colleagues, drafts until published."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps import access
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.viewsets import ScopedModelViewSet
from apps.assessments.models import Assessment
from apps.core.validators import plausible_moment

from . import services
from .models import Communication


def visible_assessments(request):
    return access.assessments_visible_to(getattr(request, "user", None))


class CommunicationSerializer(serializers.ModelSerializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment)

    class Meta:
        model = Communication
        fields = [
            "id",
            "assessment",
            "where_we_are",
            "what_we_did",
            "how_we_go_on",
            "published_at",
        ]
        extra_kwargs = {
            "published_at": {"help_text": _("Null while a draft; set it to publish.")},
        }

    def validate_assessment(self, assessment):
        if self.instance is not None and assessment != self.instance.assessment:
            raise serializers.ValidationError(_("A communication cannot be moved to another APV."))
        return assessment


class CommunicationFilter(django_filters.FilterSet):
    # An APV out of scope is an invalid choice, like one that does not exist.
    assessment = django_filters.ModelChoiceFilter(queryset=visible_assessments)
    unit = UnitSubtreeFilter(field_name="assessment__unit", path_field="assessment__unit__path")
    published = django_filters.BooleanFilter(
        field_name="published_at", lookup_expr="isnull", exclude=True, label=_("Published")
    )
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", validators=[plausible_moment]
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte", validators=[plausible_moment]
    )

    class Meta:
        model = Communication
        fields = ["assessment", "unit", "published"]


class CommunicationViewSet(ScopedModelViewSet):
    """Where we are, what we did, how we go on; employees read only what is published."""

    model = Communication
    serializer_class = CommunicationSerializer
    parent_field = "assessment"
    filterset_class = CommunicationFilter
    ordering_fields = ["published_at", "created_at", "id"]
    ordering = ["-created_at", "-id"]
    search_fields = ["where_we_are", "what_we_did", "how_we_go_on"]

    def perform_create(self, serializer):
        serializer.instance = services.communication_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("assessment", None)
        serializer.instance = services.communication_update(
            communication=serializer.instance, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.communication_delete(communication=instance, by=self.request.user)
