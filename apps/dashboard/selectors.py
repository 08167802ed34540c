"""Aggregates for the MED committee's dashboards, each in a fixed number of queries.

Counts include confidential findings and their actions (DESIGN.md §6); breakdowns by domain put
them in a separate `confidential` bucket so that a count never says what a confidential finding
is about.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from apps import access
from apps.actions.models import Action
from apps.assessments.models import Assessment, Phase
from apps.factors.models import Domain
from apps.findings.models import Finding
from apps.organisation.models import Unit

CONFIDENTIAL_BUCKET = "confidential"


def _within(queryset, unit: Unit | None, path_field: str):
    return queryset if unit is None else queryset.filter(**{f"{path_field}__startswith": unit.path})


def _counts(queryset, field: str, keys) -> dict[str, int]:
    found = dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return {key: found.get(key, 0) for key in keys}


def latest_assessments(queryset):
    """Each unit's most recent APV: the one whose revision clock counts."""
    newest = (
        Assessment.objects.filter(unit_id=OuterRef("unit_id"))
        .order_by("-started_on", "-id")
        .values("pk")[:1]
    )
    return queryset.filter(pk=Subquery(newest))


def dashboard_summary(user, unit: Unit | None = None, as_of: datetime.date | None = None) -> dict:
    """The numbers of API.md's `dashboard/summary/` for the user's scope, or one unit's subtree."""
    today = as_of or timezone.localdate()
    assessments = _within(access.assessments_visible_to(user), unit, "unit__path")
    findings = _within(access.findings_counted_for(user), unit, "assessment__unit__path")
    actions = _within(access.actions_counted_for(user), unit, "finding__assessment__unit__path")

    by_domain = _counts(findings.filter(confidential=False), "factor__domain", Domain.values)
    by_domain[CONFIDENTIAL_BUCKET] = findings.filter(confidential=True).count()

    done = actions.filter(status=Action.Status.DONE, due_on__isnull=False)
    on_time = done.aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_on")))
    )
    horizon = today + datetime.timedelta(days=settings.APV_REVISION_NOTICE_DAYS)
    return {
        "assessments_by_phase": _counts(assessments, "phase", Phase.values),
        "findings_by_status": _counts(findings, "status", Finding.Status.values),
        "findings_by_domain": by_domain,
        "actions_by_status": _counts(actions, "status", Action.Status.values),
        "overdue_actions": actions.overdue(today).count(),
        "on_time_rate": (
            round(on_time["on_time"] / on_time["total"], 3) if on_time["total"] else None
        ),
        "revisions_due_90_days": latest_assessments(assessments)
        .filter(next_revision_due__lte=horizon)
        .count(),
    }
