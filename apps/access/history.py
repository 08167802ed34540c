"""History follows the rules of the object, version by version (DESIGN.md §6).

A past version of a finding is shown to someone who may read the finding as that version
stood: a public version to everyone in scope, a confidential one to its confidential readers,
judged by the handlers it had then (a version from before handlers were recorded: only its
reporter and coordinators). A version of an action is as confidential as its finding was at
that moment; its owner of that moment always sees it.
"""

from __future__ import annotations

import bisect

from django.db.models import QuerySet

from apps.actions.models import Action
from apps.findings.models import Finding
from apps.organisation.models import Role

from .grants import is_active, roles_on
from .querysets import default_handler_q
from .rules import unit_of

# The handlers each historical finding recorded (simple-history's m2m_fields): the reverse
# accessor from a version to its rows.
HANDLERS = Finding.history.model._meta.get_field("historicalfinding_handlers").get_accessor_name()


class _FindingReader:
    """Judges versions of one finding for one user; what does not change between versions
    (the unit, and so the user's roles on it) is asked once."""

    def __init__(self, user, finding: Finding):
        self.user = user
        roles = roles_on(user, unit_of(finding))
        self.in_scope = bool(roles)
        self.coordinator = Role.COORDINATOR in roles
        self._default_handler = None
        self.finding = finding

    def default_handler(self) -> bool:
        if self._default_handler is None:
            self._default_handler = (
                Finding.objects.filter(pk=self.finding.pk)
                .filter(default_handler_q(self.user))
                .exists()
            )
        return self._default_handler

    def may_read(self, version) -> bool:
        if not version.confidential:
            return self.in_scope
        if self.coordinator or version.reported_by_id == self.user.pk:
            return True
        if not version.handlers_recorded:
            return False
        handler_ids = {row.user_id for row in getattr(version, HANDLERS).all()}
        if handler_ids:
            return self.user.pk in handler_ids
        return self.default_handler()


def _finding_versions(finding: Finding) -> list:
    return list(
        Finding.history.filter(id=finding.pk)
        .order_by("history_date", "history_id")
        .prefetch_related(HANDLERS)
    )


def _hidden_finding_versions(user, finding: Finding, versions) -> list[int]:
    reader = _FindingReader(user, finding)
    return [v.history_id for v in versions if not reader.may_read(v)]


def _hidden_action_versions(user, action: Action, versions) -> list[int]:
    finding = action.finding
    reader = _FindingReader(user, finding)
    finding_versions = _finding_versions(finding)
    dates = [v.history_date for v in finding_versions]
    hidden = []
    for version in versions:
        if version.owner_id == user.pk:
            continue
        # The finding as it stood when this version of the action was written.
        index = bisect.bisect_right(dates, version.history_date) - 1
        if index >= 0:
            readable = reader.may_read(finding_versions[index])
        else:
            readable = reader.may_read(finding)
        if not readable:
            hidden.append(version.history_id)
    return hidden


def versions_visible_to(user, obj, versions: QuerySet) -> QuerySet:
    """Of `versions` (historical records of `obj`, which `user` may read now), those the user
    may see as each one stood."""
    if not is_active(user):
        return versions.none()
    if isinstance(obj, Finding):
        hidden = _hidden_finding_versions(user, obj, versions.prefetch_related(HANDLERS))
    elif isinstance(obj, Action):
        hidden = _hidden_action_versions(user, obj, versions)
    else:
        return versions
    return versions.exclude(history_id__in=hidden)
