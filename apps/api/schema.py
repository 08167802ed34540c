"""Schema pieces shared by every resource, so the OpenAPI document names each once."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class UnmetSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


# The body of a 409: a rule refused, and here is what is missing.
Refusal = inline_serializer(
    "Refusal",
    {"detail": serializers.CharField(), "unmet": UnmetSerializer(many=True)},
)


ErrorDetail = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})


class APVAutoSchema(AutoSchema):
    """Documents the errors every operation can answer (DESIGN.md §6), so the schema tells the
    truth about them: 400 with DRF's field map, 401/403/404 with a detail, 409 with `unmet`, 429
    where a view is throttled."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {"400": OpenApiTypes.OBJECT}
        if not any(p is AllowAny for p in getattr(self.view, "permission_classes", [])):
            errors.update({"401": ErrorDetail, "403": ErrorDetail, "404": ErrorDetail})
        if self.method in ("POST", "PATCH", "PUT", "DELETE"):
            errors["409"] = Refusal
        if getattr(self.view, "throttle_scope", None):
            errors["429"] = ErrorDetail  # too many requests: see the Retry-After header
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code)
        return responses
