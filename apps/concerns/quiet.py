"""No debug dump of a concern's request.

At DEBUG, Django's template engine logs every variable it cannot resolve together with the
whole context (the signed-in person beside the receipt code, the unit and "anonymous"), and its
database layer logs each query with its parameters (the person's session and id beside the
concern's INSERT). Either would tie an anonymous concern to its sender, and put what a person
wrote in a log line (apps/security/log.py: never free text). While a concern page or endpoint
answers, those two loggers write nothing; everything else logs as usual (the security log too).
"""

from __future__ import annotations

import contextvars
import functools
import logging
from contextlib import contextmanager

NOISY_LOGGERS = ("django.template", "django.db.backends")

_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("concern_quiet", default=False)


class NotWhileConcerned(logging.Filter):
    """Drops the noisy loggers' records while a concern request is being answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _quiet.get()


_FILTER = NotWhileConcerned()


def install() -> None:
    """Attach the filter to the noisy loggers (idempotent; AppConfig.ready)."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


@contextmanager
def unlogged():
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def render_unlogged(view):
    """`view`, answered and rendered (a TemplateResponse renders after the view returns)
    within `unlogged()`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with unlogged():
            response = view(*args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()
        return response

    return wrapped
