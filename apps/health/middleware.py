"""Health probes answered before anything else looks at the request: a load balancer asks by
address (not one of ALLOWED_HOSTS) and over plain http (no HTTPS redirect), and needs neither a
session nor a login."""

import re

from .checks import CHECKS
from .views import health

PROBE = re.compile(rf"^/health/(?:(?P<service>{'|'.join(CHECKS)})/)?$")


class HealthProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = PROBE.match(request.path_info)
        if match is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return health(request, match["service"])
