"""REST resource `factors/`: the taxonomy findings are filed under (read-only over the API)."""

import django_filters
from rest_framework import serializers

from apps.api.viewsets import ScopedReadOnlyViewSet

from .models import Domain, Factor, LegalRisk


class FactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Factor
        fields = ["id", "code", "name", "domain", "legal_risk"]


class FactorFilter(django_filters.FilterSet):
    domain = django_filters.MultipleChoiceFilter(choices=Domain.choices)
    legal_risk = django_filters.MultipleChoiceFilter(choices=LegalRisk.choices)

    class Meta:
        model = Factor
        fields = ["domain", "legal_risk", "code"]


class FactorViewSet(ScopedReadOnlyViewSet):
    model = Factor
    serializer_class = FactorSerializer
    filterset_class = FactorFilter
    ordering_fields = ["name", "code", "domain"]
    ordering = ["domain", "name"]
    search_fields = ["name", "code"]
