"""Reads of concerns: by receipt code, waiting for a person's decision, counted per unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from apps.access.querysets import concern_handler_q, concerns_counted_for
from apps.access.rules import may_decide_concerns
from apps.organisation.models import subtree_q

from .models import Concern, receipt_hash

# An AMR is told on the start page when a concern has waited this long for its decision.
WAITING_DAYS = 14


@dataclass(frozen=True)
class Receipt:
    """All that a receipt code tells: the status, the answer and the date of sending."""

    status: str
    status_label: str
    answer: str
    date: datetime.date


def concern_by_receipt(code: str) -> Receipt | None:
    """What the holder of a receipt code may know of their concern (None: no such code)."""
    if not code or not code.strip():
        return None
    concern = (
        Concern.objects.filter(receipt_hash=receipt_hash(code))
        .only("status", "answer", "created_on")
        .first()
    )
    if concern is None:
        return None
    return Receipt(
        status=concern.status,
        status_label=str(concern.get_status_display()),
        answer=concern.answer,
        date=concern.created_on,
    )


def concerns_waiting_for(user, *, today: datetime.date | None = None) -> dict:
    """The open concerns `user` decides (as the unit's AMR or a coordinator), their number and
    how many have waited `WAITING_DAYS` or more; never their text."""
    if not may_decide_concerns(user):
        return {"total": 0, "late": 0}
    today = today or timezone.localdate()
    waiting = (
        Concern.objects.filter(concern_handler_q(user), status=Concern.Status.NEW)
        .exclude(sender=user)
        .order_by()
    )
    late_before = today - datetime.timedelta(days=WAITING_DAYS)
    return waiting.aggregate(
        total=Count("pk"), late=Count("pk", filter=Q(created_on__lte=late_before))
    )


def open_concerns_per_unit(user, unit=None) -> list[dict]:
    """Open (undecided) concerns per unit in the user's scope, or in `unit`'s subtree: counts
    only, for the MED dashboard; anyone with a role may see them."""
    concerns = concerns_counted_for(user).filter(status=Concern.Status.NEW)
    if unit is not None:
        concerns = concerns.filter(subtree_q([unit.path], "unit__path"))
    rows = (
        concerns.order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(n=Count("pk"))
        .order_by("unit__path")
    )
    return [{"unit": r["unit_id"], "unit_name": r["unit__name"], "open": r["n"]} for r in rows]


def open_concern_counts(user, unit=None, *, today: datetime.date | None = None) -> dict:
    """How many concerns in the user's scope (or `unit`'s subtree) wait for their decision, and
    how many of them have waited `WAITING_DAYS` or more: counts for the MED dashboard, which
    anyone with a role may see (a count says that something exists, not what or who)."""
    today = today or timezone.localdate()
    concerns = concerns_counted_for(user).filter(status=Concern.Status.NEW)
    if unit is not None:
        concerns = concerns.filter(subtree_q([unit.path], "unit__path"))
    late_before = today - datetime.timedelta(days=WAITING_DAYS)
    return concerns.order_by().aggregate(
        open=Count("pk"), waiting_long=Count("pk", filter=Q(created_on__lte=late_before))
    )
