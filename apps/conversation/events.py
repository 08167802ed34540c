"""The inbox is fanned out when things happen: the services call these functions inside their
own transaction, so an event and its inbox items are stored together or not at all.

Only people who may read the subject at that moment get an item (one bulk read check); reading
the inbox checks again (apps.access.inbox_items_visible_to), so a finding made confidential
later disappears from the inboxes of those who may no longer read it. The actor never gets an
item about their own doing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from apps import access
from apps.organisation.models import Role

from .models import Comment, Follow, InboxItem

TRIO = (Role.LEADER, Role.AMR, Role.TR)


def _trio(unit) -> list:
    """The unit's leader, AMR and TR by the nearest-holder rule (DESIGN.md §2)."""
    nearest = access.nearest_holders_many([unit], TRIO)
    return [user for role in TRIO for user in nearest[(unit.pk, role)]]


def _followers(*, assessment=None, finding=None) -> list:
    q = Q(pk__in=[])
    if assessment is not None:
        q |= Q(assessment=assessment)
    if finding is not None:
        q |= Q(finding=finding)
    return [f.user for f in Follow.objects.filter(q).select_related("user")]


def _fan_out(kind: str, subject, *, actor, recipients: Iterable, **subject_fields) -> None:
    people = {u.pk: u for u in recipients if u is not None and u.pk != getattr(actor, "pk", None)}
    readable = access.readable_pairs([(u, subject) for u in people.values()])
    now = timezone.now()
    InboxItem.objects.bulk_create(
        InboxItem(recipient=u, kind=kind, actor=actor, created_at=now, **subject_fields)
        for u in people.values()
        if (u.pk, type(subject), subject.pk) in readable
    )


def finding_created(finding, *, by) -> None:
    """A new finding: to the unit's TRIO and the APV's followers."""
    assessment = finding.assessment
    recipients = [*_trio(assessment.unit), *_followers(assessment=assessment)]
    _fan_out(InboxItem.Kind.NEW_FINDING, finding, actor=by, recipients=recipients, finding=finding)


def action_assigned(action, *, by) -> None:
    """An action given to someone (created with them as owner, or its owner changed)."""
    if action.owner_id:
        _fan_out(
            InboxItem.Kind.ACTION_ASSIGNED,
            action,
            actor=by,
            recipients=[action.owner],
            action=action,
        )


def action_updated(action, *, by) -> None:
    """A status update: to the action's owner and the followers of its finding and APV."""
    finding = action.finding
    recipients = [action.owner, *_followers(assessment=finding.assessment, finding=finding)]
    _fan_out(InboxItem.Kind.ACTION_UPDATE, action, actor=by, recipients=recipients, action=action)


def assessment_moved(assessment, *, by, kind=InboxItem.Kind.PHASE_MOVED) -> None:
    """A phase move or a plan approval: to the unit's TRIO and the APV's followers."""
    recipients = [*_trio(assessment.unit), *_followers(assessment=assessment)]
    _fan_out(kind, assessment, actor=by, recipients=recipients, assessment=assessment)


def comment_added(comment: Comment, *, mentioned: Iterable) -> None:
    """A mention to each person named; a comment to the object's owner (the action's owner,
    the finding's reporter), its followers and whoever commented on it before."""
    mentioned = list(mentioned)
    by = comment.author
    _fan_out(InboxItem.Kind.MENTION, comment, actor=by, recipients=mentioned, comment=comment)
    if comment.finding_id:
        finding, owner = comment.finding, comment.finding.reported_by
        thread = Q(finding=finding)
    else:
        finding, owner = comment.action.finding, comment.action.owner
        thread = Q(action=comment.action)
    earlier = [
        c.author
        for c in Comment.objects.filter(thread)
        .exclude(pk=comment.pk)
        .exclude(author=None)
        .select_related("author")
    ]
    named = {u.pk for u in mentioned}
    recipients = [
        u
        for u in [owner, *_followers(assessment=finding.assessment, finding=finding), *earlier]
        if u is not None and u.pk not in named
    ]
    _fan_out(InboxItem.Kind.COMMENT, comment, actor=by, recipients=recipients, comment=comment)
