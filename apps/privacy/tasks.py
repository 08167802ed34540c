"""Celery tasks of the privacy app: thin wrappers over the services."""

from __future__ import annotations

import datetime

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def anonymise_confidential(as_of: str | None = None) -> int:
    """Anonymise the confidential findings and the concerns past their retention as of `as_of`
    (an ISO date, default today); safe to run again, as each is anonymised once."""
    day = datetime.date.fromisoformat(as_of) if as_of else None
    findings = services.confidential_findings_anonymise(as_of=day)
    return len(findings) + len(services.concerns_anonymise(as_of=day))
