"""Writes on comments, follows and the inbox."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.core.errors import DomainError
from apps.core.services import validate
from apps.findings.models import Finding

from . import events
from .models import Comment, Follow, InboxItem, Mention

# "@username": Django's username characters (letters, Danish ones too, digits and . + - _ @).
# A mention starts after a space or at the start, so "mail@example.dk" mentions nobody; a
# full stop or hyphen that ends the sentence ("spørg @leder.") is not part of the name.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")


def mentioned_usernames(text: str) -> list[str]:
    """The usernames mentioned in `text`, each once, in order."""
    return list(dict.fromkeys(MENTION.findall(text)))


def _refuse_text(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="text", invalid_input=True)


def _mentioned(by, comment: Comment, names: list[str]) -> list:
    """The people mentioned: each in the author's directory (else unknown: no existence
    oracle) and able to read the comment (else refused)."""
    found = {u.username: u for u in access.users_visible_to(by).filter(username__in=names)}
    for name in names:
        if name not in found:
            raise _refuse_text(
                "unknown_mention",
                _("No person with the username »%(username)s«.") % {"username": name},
            )
    readable = access.readable_pairs([(u, comment) for u in found.values()])
    for name in names:
        if (found[name].pk, Comment, comment.pk) not in readable:
            message = (
                _("»%(username)s« cannot see this finding and cannot be mentioned here.")
                if comment.finding_id
                else _("»%(username)s« cannot see this action and cannot be mentioned here.")
            )
            raise _refuse_text("mention_cannot_read", message % {"username": name})
    return [found[name] for name in names]


@transaction.atomic
def comment_add(*, by, obj: Finding | Action, text: str) -> Comment:
    """Comment on a finding or an action; everyone mentioned must be able to read it, or
    nothing is stored. The mentioned, the owner, followers and earlier commenters are told."""
    if not access.may_comment(by, obj):
        raise DomainError("comment_forbidden", _("You cannot comment here."), forbidden=True)
    text = text.strip()
    if not text:
        raise _refuse_text("text_required", _("Write a comment."))
    comment = Comment(author=by, text=text)
    if isinstance(obj, Finding):
        comment.finding = obj
    else:
        comment.action = obj
    validate(comment)
    comment.save()
    mentioned = _mentioned(by, comment, mentioned_usernames(text))
    Mention.objects.bulk_create(Mention(comment=comment, user=user) for user in mentioned)
    events.comment_added(comment, mentioned=mentioned)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by) -> None:
    """Take a comment back (its author) or remove it (a coordinator); the history keeps it."""
    if not access.can(by, Verb.DELETE, comment):
        raise DomainError(
            "comment_not_yours",
            _("Only its author or a coordinator can delete a comment."),
            forbidden=True,
        )
    comment._history_user = by
    comment.delete()


def _follow_field(obj) -> str:
    if isinstance(obj, Assessment):
        return "assessment"
    if isinstance(obj, Finding):
        return "finding"
    raise TypeError(f"One cannot follow a {type(obj).__name__}")


@transaction.atomic
def follow_add(*, by, obj: Assessment | Finding) -> Follow:
    """Follow an APV or a finding one may read (following twice is following)."""
    field = _follow_field(obj)
    if not access.can_read(by, obj):
        raise DomainError(
            "not_readable", _("This does not exist."), field=field, invalid_input=True
        )
    follow, _created = Follow.objects.get_or_create(user=by, **{field: obj})
    return follow


@transaction.atomic
def follow_remove(*, by, obj: Assessment | Finding) -> None:
    """Stop following an APV or a finding."""
    Follow.objects.filter(user=by, **{_follow_field(obj): obj}).delete()


def is_following(user, obj) -> bool:
    return Follow.objects.filter(user=user, **{_follow_field(obj): obj}).exists()


def inbox_mark_read(*, by, item: InboxItem) -> InboxItem:
    """Mark one of one's own inbox items read."""
    if item.recipient_id != by.pk:
        raise DomainError("not_yours", _("This is not in your inbox."), forbidden=True)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


def inbox_mark_all_read(*, by) -> int:
    """Mark everything in one's inbox read; returns how many were unread."""
    return (
        access.inbox_items_visible_to(by)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )
