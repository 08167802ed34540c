"""What a change implies: an action saved with a deadline that is near or past, or an APV entered
with an old start date, has reminders due at once. They are swept right after the commit, in the
worker; nothing here talks to the broker inside the transaction, and a broker that is down only
delays them until the next scheduled sweep (the sweep derives everything from the database)."""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_save

from apps.actions.models import Action
from apps.assessments.models import Assessment

_changed = threading.local()
WATCHED = {Action: "action_ids", Assessment: "assessment_ids"}


def _pending() -> dict[str, set[int]]:
    if not hasattr(_changed, "ids"):
        _changed.ids = {name: set() for name in WATCHED.values()}
    return _changed.ids


def _flush() -> None:
    """Enqueue one targeted sweep for everything saved in the transaction that committed."""
    pending = _pending()
    if not any(pending.values()):
        return
    kwargs = {name: sorted(ids) for name, ids in pending.items()}
    for ids in pending.values():
        ids.clear()
    from apps.core.queue import enqueue

    from .tasks import sweep

    enqueue(sweep, **kwargs)


def object_saved(sender, instance, raw=False, **kwargs) -> None:
    """Remember the saved object; one sweep per committed transaction, however many saves."""
    if raw:
        return
    _pending()[WATCHED[sender]].add(instance.pk)
    transaction.on_commit(_flush)


def install_schedule(sender, using="default", **kwargs) -> None:
    """After `migrate`: create the default beat entries that are missing."""
    from .services import reminders_schedule_install

    reminders_schedule_install(using=using)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(object_saved, sender=model, dispatch_uid=f"reminders.{model.__name__}")


def disconnect() -> None:
    for model in WATCHED:
        post_save.disconnect(sender=model, dispatch_uid=f"reminders.{model.__name__}")
