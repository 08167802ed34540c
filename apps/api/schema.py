"""Schema pieces shared by every resource, so the OpenAPI document names each once."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class UnmetSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


# The body of a 409: a rule refused, and here is what is missing.
Refusal = inline_serializer(
    "Refusal",
    {"detail": serializers.CharField(), "unmet": UnmetSerializer(many=True)},
)
