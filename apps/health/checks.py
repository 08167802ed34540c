"""What a load balancer asks about: the database and the broker, each on its own
(django-health-check's probes, with their time limits and error handling)."""

import dataclasses
import datetime

from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class Broker(HealthCheck):
    """Celery's broker accepts a connection (Redis in production, kombu's filesystem transport in
    the demo). Workers are not asked: a reminder waits in the queue until one is back."""

    timeout = datetime.timedelta(seconds=2)

    def run(self):
        from apvtracker.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=1)
        except Exception as error:  # kombu raises the transport's own errors
            raise ServiceUnavailable("The broker does not answer") from error


CHECKS = {"database": Database(), "broker": Broker()}
# Without the database nothing works; without the broker the tracker serves (reminders wait).
CRITICAL = {"database"}
