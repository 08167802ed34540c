"""How things are named to a person: the one masking rule for confidential findings.

Every label of a finding that reaches someone (admin lists and links, autocomplete, filters,
history, mails, calendars, exports, the PDF) comes from here. To someone who may not read the
finding it says "Fortroligt fund" and nothing more; in channels we do not control (mail,
calendars: `viewer` None) a confidential finding is never named, whoever reads them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.actions.models import Action
from apps.findings.models import Finding

from .rules import can_read

CONFIDENTIAL_FINDING = _("Confidential finding")
ACTION_OF_CONFIDENTIAL_FINDING = _("an action under a confidential finding")


def finding_label(viewer, finding: Finding, *, readable: bool | None = None) -> str:
    """The finding's title when `viewer` may read it, else "Fortroligt fund". Pass `readable`
    when the caller already asked the access module (a scoped list, one query for the page)."""
    if readable is None:
        readable = not finding.confidential if viewer is None else can_read(viewer, finding)
    return finding.title if readable else str(CONFIDENTIAL_FINDING)


def named_outside(action: Action) -> bool:
    """Whether an action may be named in mail and calendars: those are synchronised to places
    we do not control, and an action's title often tells what its finding is about, so an
    action under a confidential finding stays unnamed there, whoever reads it."""
    return not action.finding.confidential


def action_label(viewer, action: Action, *, readable: bool | None = None) -> str:
    """The action's title to whoever may read it; `viewer` None is mail or a calendar."""
    if viewer is None:
        readable = named_outside(action)
    elif readable is None:
        readable = can_read(viewer, action)
    return action.title if readable else str(ACTION_OF_CONFIDENTIAL_FINDING)


def label(viewer, obj, *, readable: bool | None = None) -> str:
    """How any object is named to `viewer`: findings and actions through the rules above
    (`readable` True when `obj` comes from the viewer's scoped queryset)."""
    if isinstance(obj, Finding):
        return finding_label(viewer, obj, readable=readable)
    if isinstance(obj, Action):
        return action_label(viewer, obj, readable=readable)
    return str(obj)
