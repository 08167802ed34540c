"""What the HR imports share: the summary they report and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

Progress = Callable[[int], None] | None


@dataclass
class HrSummary:
    """What an import did (or, in the admin's preview, would do). `created`, `changed`,
    `removed` and `unchanged` count units or people as every import's summary does (removed:
    people deactivated); `lines` says which, for the preview and the job's result."""

    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    roles_added: int = 0
    roles_ended: int = 0
    lines: list[str] = field(default_factory=list)

    def __str__(self):
        # Counted as "label: number", so that one and many read alike in Danish.
        return _(
            "New: %(created)s, changed: %(changed)s, left: %(removed)s, unchanged: "
            "%(unchanged)s; roles given: %(roles_added)s, ended: %(roles_ended)s."
        ) % {name: getattr(self, name) for name in COUNTS}


COUNTS = ("created", "changed", "removed", "unchanged", "roles_added", "roles_ended")


def first_rows(rows, key) -> dict:
    """The first row number of each key among `rows` (to name it in a duplicate's message)."""
    first: dict = {}
    for row in rows:
        first.setdefault(key(row), row.row)
    return first
