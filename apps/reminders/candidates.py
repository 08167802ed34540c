"""What the parts of the sweep share: a reminder that may be due before the access module has
said who may be told of it, the nearest role holders of the units a sweep meets, and the period
of a reminder that repeats weekly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from apps import access
from apps.organisation.models import Role, Unit

TRIO = (Role.LEADER, Role.AMR, Role.TR)
# Fetched with the TRIO: who is told where a unit has nobody else to tell.
HOLDER_ROLES = (*TRIO, Role.COORDINATOR)


@dataclass(frozen=True)
class Candidate:
    """Someone who would be told about a subject, before the access module has said yes."""

    kind: str
    subject: object
    unit: Unit
    due_on: datetime.date
    period: str
    people: list  # (user, reason), in order: the first reason of a person wins


class Holders:
    """The nearest leader, AMR, TR and coordinator of every unit the sweep meets, fetched at
    once."""

    def __init__(self, units: Iterable[Unit]):
        self.by_unit = access.nearest_holders_many({u.pk: u for u in units}.values(), HOLDER_ROLES)

    def __call__(self, unit: Unit, roles: Iterable[str]) -> list[tuple[object, str]]:
        return [(user, role) for role in roles for user in self.by_unit[(unit.pk, role)]]

    def or_coordinators(self, unit: Unit, roles: Iterable[str]) -> list[tuple[object, str]]:
        """The unit's holders of `roles`; where it has none, its nearest coordinators, so that
        nothing waits unseen for a role nobody holds."""
        return self(unit, roles) or self(unit, [Role.COORDINATOR])


def weekly_period(first_day: datetime.date, as_of: datetime.date) -> str:
    """Reminders of something still waiting repeat weekly: "w1" from `first_day`, "w2" a week
    later, and so on."""
    return f"w{(as_of - first_day).days // settings.APV_REMINDER_OVERDUE_REPEAT_DAYS + 1}"
