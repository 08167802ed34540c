"""Throttling of the token endpoint, of the expensive endpoints (dashboards, and the Django
views that render PDFs and exports) and of the lookup of a concern by its receipt code,
answered 429 with `Retry-After`. The rates are read from settings when a request comes
(APV_THROTTLE_RATES): DRF's own throttles read theirs once, at import."""

import functools
import math
from types import SimpleNamespace

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import ScopedRateThrottle


class ScopedThrottle(ScopedRateThrottle):
    """Per user when logged in, else per client address, for the view's `throttle_scope`; a
    view without one is not throttled (the default throttle of every API view)."""

    def get_rate(self):
        return settings.APV_THROTTLE_RATES[self.scope]


def throttled(scope: str, methods: frozenset[str] | None = None):
    """The same throttle on a Django view (outside DRF): per person when logged in, else per
    client address; beyond the rate a 429 with `Retry-After` and a Danish line. With `methods`,
    only requests of those methods count (a form's posts, not its page)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is not None and request.method not in methods:
                return view(request, *args, **kwargs)
            throttle = ScopedThrottle()
            if throttle.allow_request(request, SimpleNamespace(throttle_scope=scope)):
                return view(request, *args, **kwargs)
            response = HttpResponse(
                _("Too many requests. Try again in a moment."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(math.ceil(throttle.wait() or 1))
            return response

        return wrapped

    return decorator
