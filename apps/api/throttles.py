"""Throttling of the token endpoint and the expensive endpoints (dashboards), answered 429 with
`Retry-After`. The rates are read from settings when a request comes (APV_THROTTLE_RATES):
DRF's own throttles read theirs once, at import."""

from django.conf import settings
from rest_framework.throttling import ScopedRateThrottle


class ScopedThrottle(ScopedRateThrottle):
    """Per user when logged in, else per client address, for the view's `throttle_scope`; a
    view without one is not throttled (the default throttle of every API view)."""

    def get_rate(self):
        return settings.APV_THROTTLE_RATES[self.scope]
