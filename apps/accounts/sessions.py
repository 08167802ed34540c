"""Session timeouts: a login ends after APV_SESSION_IDLE_MINUTES without a request, and at the
latest SESSION_COOKIE_AGE after it began however busy it is (Django's cookie age alone moves
with every save). A shared PC in a staff room must not stay logged in to confidential findings.
"""

import time

from django.conf import settings
from django.contrib.auth import logout

STARTED, SEEN = "apv_started", "apv_seen"


def session_started(sender, request, user, **kwargs):
    """At login (`user_logged_in`): when the session began and was last used."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


class IdleSessionMiddleware:
    """Logs out an idle or too old session. The last request's time is written at most once a
    minute, so a busy page does not save its session on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.get(STARTED)
            seen = request.session.get(SEEN)
            if started is None or seen is None:
                # A session from before these rules: its clock starts now.
                session_started(None, request, request.user)
            elif now - seen > settings.APV_SESSION_IDLE_MINUTES * 60 or (
                now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - seen >= 60:
                request.session[SEEN] = now
        return self.get_response(request)
