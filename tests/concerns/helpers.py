"""Shared helpers of the concern tests."""

import re

from rest_framework.test import APIClient

from apps.concerns import services
from apps.concerns.models import Concern

CONCERNS = "/api/v1/concerns/"
RECEIPT = "/api/v1/concerns/receipt/"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def api(user=None, **defaults) -> APIClient:
    client = APIClient(**defaults)
    if user is not None:
        client.force_authenticate(user)
    return client


def send(by, unit, text="Vi når ikke pauserne", anonymous=False, **kwargs) -> tuple[Concern, str]:
    return services.concern_send(by=by, unit=unit, text=text, anonymous=anonymous, **kwargs)


def detail(concern) -> str:
    return f"{CONCERNS}{concern.pk}/"


def decide(concern) -> str:
    return f"{CONCERNS}{concern.pk}/decide/"
