"""Reads of the inbox, through the access module, with no query per item."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from apps import access
from apps.reminders.models import Reminder

from .models import InboxItem


def inbox_mirror_reminders(user) -> None:
    """A person's reminders join their inbox. The reminder sweep records them in bulk
    (no signals) and its query count is pinned, so they are mirrored here, when the inbox is
    read: one query for what is missing, idempotent under the one-item-per-reminder key."""
    mirrored = InboxItem.objects.filter(reminder=OuterRef("pk"))
    missing = (
        Reminder.objects.filter(recipient=user)
        .exclude(status=Reminder.Status.SKIPPED)
        .filter(~Exists(mirrored))
        .values_list("pk", "created_at")
    )
    InboxItem.objects.bulk_create(
        [
            InboxItem(recipient=user, kind=InboxItem.Kind.REMINDER, reminder_id=pk, created_at=at)
            for pk, at in missing
        ],
        ignore_conflicts=True,
    )


def inbox_for(user, *, unread: bool | None = None):
    """The person's inbox, newest first: only items whose subject they may read now."""
    if user.is_authenticated and user.is_active:
        inbox_mirror_reminders(user)
    items = access.inbox_items_visible_to(user).select_related(
        "actor",
        "assessment",
        "finding",
        "action__finding",
        "comment__finding",
        "comment__action__finding",
        "reminder",
    )
    if unread is True:
        items = items.filter(read_at__isnull=True)
    elif unread is False:
        items = items.filter(read_at__isnull=False)
    return items.order_by("-created_at", "-id")


@dataclass
class InboxLine:
    item: InboxItem
    title: str  # what it is about, named through the access module
    url: str | None


def inbox_lines(user, items) -> list[InboxLine]:
    """Name each item's subject as the person may read it. Everything listed is readable
    (the queryset is scoped); only an action's finding may not be (an owner's action under a
    confidential finding), and that is asked once for the whole page."""
    from django.urls import reverse

    items = list(items)
    finding_ids = {i.action.finding_id for i in items if i.action_id}
    on_actions = [i.comment.action for i in items if i.comment_id and i.comment.action_id]
    finding_ids |= {a.finding_id for a in on_actions}
    readable = set(
        access.findings_visible_to(user).filter(pk__in=finding_ids).values_list("pk", flat=True)
    )
    lines = []
    for item in items:
        obj = item.comment.target if item.comment_id else item.subject
        if item.reminder_id:
            reminder = item.reminder
            title, url = f"{reminder.get_kind_display()} · {reminder.due_on:%d.%m.%Y}", None
        elif item.assessment_id:
            title = access.label(user, obj, readable=True)
            url = reverse("admin:assessments_assessment_change", args=[obj.pk])
        elif hasattr(obj, "owner_id"):  # an action
            finding = access.finding_label(user, obj.finding, readable=obj.finding_id in readable)
            title = f"{access.action_label(user, obj, readable=True)} ({finding})"
            url = reverse("admin:actions_action_change", args=[obj.pk])
        else:
            title = access.finding_label(user, obj, readable=True)
            url = reverse("admin:findings_finding_change", args=[obj.pk])
        lines.append(InboxLine(item, title, url))
    return lines
