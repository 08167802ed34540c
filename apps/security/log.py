"""The security log: one JSON line per event that a data-protection officer or an incident
responder asks about (logins, failed logins, lock-outs, tokens, refusals, reads of confidential
findings), with who, what, where and when (UTC), to the `apvtracker.security` logger and its own
file (APV_SECURITY_LOG_FILE).

Never put a finding's text (or any other free text a person typed) in a line: ids and codes only.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging

logger = logging.getLogger("apvtracker.security")

# The request being answered, so that services, signals and the access checks deep below a view
# can say where an event came from without being handed the request.
_current_request: contextvars.ContextVar = contextvars.ContextVar("security_request", default=None)


def client_address(request) -> str | None:
    """The client's address as Django sees it (behind the proxy: what the proxy connected from,
    unless the operator's proxy rewrites REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _who(user, request) -> dict:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user_id": None, "username": None}
    return {"user_id": user.pk, "username": user.get_username()}


def _where(request) -> dict:
    if request is None:
        return {"channel": "process"}  # a command, a Celery task, the shell
    return {
        "channel": "http",
        "ip": client_address(request),
        "method": request.method,
        "path": request.path,
    }


def security_event(event: str, *, user=None, request=None, **details) -> dict:
    """Record one security event; `details` are ids and codes (never free text). Returns the
    line as a dict (for tests and callers that show it)."""
    request = request if request is not None else _current_request.get()
    line = {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
        "event": event,
        **_who(user, request),
        **_where(request),
        **details,
    }
    logger.info(json.dumps(line, ensure_ascii=False, default=str, sort_keys=False))
    return line


class SecurityContextMiddleware:
    """Binds the request for `security_event`, and records refusals (403) that reach the
    response, whichever layer refused (the API, the admin, a report)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                security_event("access_refused", request=request, status=403)
            return response
        finally:
            _current_request.reset(token)


def refused_lookup(model, pk, *, request=None) -> None:
    """A person asked for an object they may not read: recorded when the object exists (a 404
    for a missing one is not a refusal). Cheap: one indexed EXISTS, only on the refusal path."""
    try:
        exists = model._base_manager.filter(pk=pk).exists()
    except (TypeError, ValueError):
        return
    if exists:
        security_event(
            "access_refused", request=request, status=404, model=model._meta.label_lower, id=pk
        )


def confidential_read(objects, *, request=None) -> None:
    """A person was shown these objects: the confidential findings among them are recorded as
    read (who read which ones, never what they say), in one line."""
    finding_ids = [obj.pk for obj in objects if getattr(obj, "confidential", False) is True]
    if finding_ids:
        security_event("confidential_finding_read", request=request, finding_ids=finding_ids)
