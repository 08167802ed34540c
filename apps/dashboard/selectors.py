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
from apps.assessments import cycle
from apps.assessments.models import Assessment, Phase
from apps.concerns.selectors import open_concern_counts
from apps.factors.models import Domain, LegalRisk
from apps.findings.models import Finding
from apps.organisation.models import Unit, subtree_q

CONFIDENTIAL_BUCKET = "confidential"


def _within(queryset, unit: Unit | None, path_field: str):
    return queryset if unit is None else queryset.filter(subtree_q([unit.path], path_field))


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
    concerns = open_concern_counts(user, unit, today=today)
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
        "open_concerns": concerns["open"],
        "concerns_waiting_long": concerns["waiting_long"],
    }


# Risk findings that still need work: not yet dismissed or solved.
OPEN_RISK_STATUSES = (Finding.Status.OPEN, Finding.Status.CONFIRMED)


def _horizon(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=settings.APV_REVISION_NOTICE_DAYS)


def dashboard_units(user, unit: Unit | None = None, as_of: datetime.date | None = None) -> list:
    """One row per unit in scope with an APV: its latest APV's phase, the unit's overdue
    actions (confidential ones included) and the revision date. Two queries."""
    today = as_of or timezone.localdate()
    assessments = _within(access.assessments_visible_to(user), unit, "unit__path")
    actions = _within(access.actions_counted_for(user), unit, "finding__assessment__unit__path")
    overdue = dict(
        actions.overdue(today)
        .values_list("finding__assessment__unit_id")
        .annotate(n=Count("pk"))
        .values_list("finding__assessment__unit_id", "n")
    )
    latest = latest_assessments(assessments).order_by("unit__path")
    return [
        {
            "unit": a.unit_id,
            "unit_name": a.unit.name,
            "assessment": a.pk,
            "title": a.title,
            "phase": a.phase,
            "started_on": a.started_on,
            "next_revision_due": a.next_revision_due,
            "revision_overdue": a.next_revision_due is not None and a.next_revision_due < today,
            "overdue_actions": overdue.get(a.unit_id, 0),
            "awaiting_approval": cycle.is_awaiting_approval(a),
        }
        for a in latest
    ]


def dashboard_heatmap(user, unit: Unit | None = None) -> dict:
    """Open risk findings per unit × domain and per unit × legal risk area; confidential ones
    only in the `confidential` column of both. Three queries."""
    findings = _within(access.findings_counted_for(user), unit, "assessment__unit__path").filter(
        kind=Finding.Kind.RISK, status__in=OPEN_RISK_STATUSES
    )
    open_ = findings.filter(confidential=False)
    unit_keys = ("assessment__unit_id", "assessment__unit__name", "assessment__unit__path")
    rows: dict[int, dict] = {}
    # The enums' value lists are built once: a root coordinator's heatmap has thousands of rows.
    domains = [*Domain.values, CONFIDENTIAL_BUCKET]
    legal_risks = [*LegalRisk.values, CONFIDENTIAL_BUCKET]

    def row(unit_id, name, path):
        if unit_id not in rows:
            rows[unit_id] = {
                "unit": unit_id,
                "unit_name": name,
                "path": path,
                "by_domain": dict.fromkeys(domains, 0),
                "by_legal_risk": dict.fromkeys(legal_risks, 0),
                "total": 0,
            }
        return rows[unit_id]

    for *key, domain, n in open_.values_list(*unit_keys, "factor__domain").annotate(n=Count("pk")):
        row(*key)["by_domain"][domain] = n
        row(*key)["total"] += n
    for *key, risk, n in (
        open_.exclude(factor__legal_risk="")
        .values_list(*unit_keys, "factor__legal_risk")
        .annotate(n=Count("pk"))
    ):
        row(*key)["by_legal_risk"][risk] = n
    for *key, n in (
        findings.filter(confidential=True).values_list(*unit_keys).annotate(n=Count("pk"))
    ):
        row(*key)["by_domain"][CONFIDENTIAL_BUCKET] = n
        row(*key)["by_legal_risk"][CONFIDENTIAL_BUCKET] = n
        row(*key)["total"] += n

    ordered = sorted(rows.values(), key=lambda r: r["path"])
    totals = {
        "by_domain": dict.fromkeys(domains, 0),
        "by_legal_risk": dict.fromkeys(legal_risks, 0),
        "total": sum(r["total"] for r in ordered),
    }
    for r in ordered:
        for breakdown in ("by_domain", "by_legal_risk"):
            for key, n in r[breakdown].items():
                totals[breakdown][key] += n
    return {
        "domains": [{"code": c, "label": str(label)} for c, label in Domain.choices],
        "legal_risks": [{"code": c, "label": str(label)} for c, label in LegalRisk.choices],
        "rows": ordered,
        "totals": totals,
    }


def dashboard_overdue(user, unit: Unit | None = None, as_of: datetime.date | None = None):
    """Overdue actions the user may see (never those of confidential findings they may not
    read), oldest due date first, with unit and owner in the same query."""
    today = as_of or timezone.localdate()
    return (
        _within(access.actions_visible_to(user), unit, "finding__assessment__unit__path")
        .overdue(today)
        .select_related("finding__assessment__unit", "owner")
        .order_by("due_on", "id")
    )


def dashboard_revisions(user, unit: Unit | None = None, as_of: datetime.date | None = None):
    """Each unit's latest APV whose revision is due within the notice period or already past,
    soonest first."""
    today = as_of or timezone.localdate()
    assessments = _within(access.assessments_visible_to(user), unit, "unit__path")
    return (
        latest_assessments(assessments)
        .filter(next_revision_due__lte=_horizon(today))
        .order_by("next_revision_due", "unit__path")
    )


def _round_figures(user, assessment: Assessment) -> dict:
    """Counts of one APV round, confidential items included (never named)."""
    findings = access.findings_counted_for(user).filter(assessment=assessment)
    actions = access.actions_counted_for(user).filter(finding__assessment=assessment)
    figures = findings.aggregate(
        findings=Count("pk"),
        risks=Count("pk", filter=Q(kind=Finding.Kind.RISK)),
        confirmed_risks=Count(
            "pk", filter=Q(kind=Finding.Kind.RISK, status=Finding.Status.CONFIRMED)
        ),
        resources=Count("pk", filter=Q(kind=Finding.Kind.RESOURCE)),
        high_risks=Count(
            "pk",
            filter=Q(severity__isnull=False, extent__isnull=False)
            & Q(severity__gte=3, extent__gte=3),
        ),
    )
    done = actions.filter(status=Action.Status.DONE, due_on__isnull=False)
    action_figures = actions.aggregate(
        actions=Count("pk"), done=Count("pk", filter=Q(status=Action.Status.DONE))
    )
    on_time = done.aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_on")))
    )
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "phase": assessment.phase,
        "started_on": assessment.started_on,
        **figures,
        **action_figures,
        "on_time_rate": (
            round(on_time["on_time"] / on_time["total"], 3) if on_time["total"] else None
        ),
    }


def assessment_comparison(user, assessment: Assessment) -> dict:
    """This APV round beside the unit's previous one (the last started before it), if any."""
    previous = (
        access.assessments_visible_to(user)
        .filter(unit_id=assessment.unit_id)
        .filter(
            Q(started_on__lt=assessment.started_on)
            | Q(started_on=assessment.started_on, pk__lt=assessment.pk)
        )
        .order_by("-started_on", "-pk")
        .first()
    )
    return {
        "current": _round_figures(user, assessment),
        "previous": _round_figures(user, previous) if previous else None,
    }
