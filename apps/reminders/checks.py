"""A retry that waits longer than the broker's visibility timeout would run twice."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def backoff_below_visibility_timeout(app_configs, **kwargs):
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    timeout = options.get("visibility_timeout", 3600)
    if timeout <= settings.APV_REMINDER_RETRY_BACKOFF_MAX:
        return [
            Error(
                "APV_REMINDER_RETRY_BACKOFF_MAX must be shorter than the broker's "
                "visibility_timeout, or a retry waiting for its turn is delivered twice.",
                id="reminders.E001",
            )
        ]
    return []
