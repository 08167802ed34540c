"""How refusals look over HTTP: DRF's error shape for bad input (400), `unmet` for rules (409)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from apps.core.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()
        if exc.forbidden:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        if exc.invalid_input:
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): messages
                for name, messages in exc.field_errors().items()
            }
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": exc.message, "unmet": [u.as_dict() for u in exc.unmet]},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean() in a service: the same shape as a serializer's errors.
        if hasattr(exc, "error_dict"):
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): value
                for key, value in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, Http404):
        # Django's message names the model ("No Assessment matches..."); say only "not found".
        exc = NotFound()
    return drf_exception_handler(exc, context)
