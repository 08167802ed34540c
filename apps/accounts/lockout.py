"""The admin's answer to a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE): a Danish
page saying for how long, with `Retry-After`, instead of axes' English one-liner."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def cooloff_seconds() -> int:
    """How long a locked-out username waits: the `Retry-After` of both answers."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    if original_response is not None and request.path.startswith("/api/"):
        return original_response  # the token endpoint answers in JSON itself (apps/api/auth.py)
    seconds = cooloff_seconds()
    response = render(
        request,
        "registration/locked_out.html",
        # The admin's own header and title, as on its login page.
        {**admin.site.each_context(request), "cooloff_minutes": max(1, seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
