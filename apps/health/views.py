"""Health endpoints for a load balancer and an operator (JSON, never cached):

- `/health/`: 200 "ok", or 200 "degraded" when the broker is down (the API and the admin still
  serve; reminders wait), or 503 "unavailable" when the database is down;
- `/health/database/`, `/health/broker/`: one service each, 200 or 503.
"""

import asyncio

from asgiref.sync import async_to_sync
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from .checks import CHECKS, CRITICAL


async def _run(names):
    results = await asyncio.gather(*(CHECKS[name].get_result() for name in names))
    return {name: result.error for name, result in zip(names, results, strict=True)}


def _report(errors: dict) -> dict:
    return {name: "ok" if error is None else str(error) for name, error in errors.items()}


def health(request, service: str | None = None):
    """The whole picture, or one service's."""
    names = [service] if service else list(CHECKS)
    errors = async_to_sync(_run)(names)
    if service:
        status = 200 if errors[service] is None else 503
        body = {"status": "ok" if status == 200 else "unavailable", **_report(errors)}
    elif any(errors[name] for name in CRITICAL):
        status, body = 503, {"status": "unavailable", **_report(errors)}
    else:
        degraded = any(errors.values())
        status, body = 200, {"status": "degraded" if degraded else "ok", **_report(errors)}
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response
