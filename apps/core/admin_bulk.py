"""Changing several objects at once from an admin list: each through its service, each whole or
not at all, and a summary of what changed and what was refused, and why."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps import access
from apps.core.admin import refusal_message
from apps.core.errors import DomainError


def apply_to_each(model_admin, request, queryset, change: Callable, done: str) -> None:
    """`change(obj)` for every selected object the person may change, each in a transaction of
    its own; then one message of what changed (`done`, with %(count)d) and one line per
    refusal."""
    changed, refused = 0, []
    for obj in queryset:
        label = access.label(request.user, obj, readable=True)
        if not model_admin.has_change_permission(request, obj):
            locked = getattr(model_admin, "object_is_locked", lambda o: False)(obj)
            reason = _("its APV is closed.") if locked else _("you may not change it.")
            refused.append(f"{label}: {reason}")
            continue
        try:
            with transaction.atomic():
                result = change(obj)
        except DomainError as error:
            refused.append(f"{label}: {refusal_message(error)}")
            continue
        if result is not False:
            changed += 1
    if changed:
        model_admin.message_user(request, done % {"count": changed}, messages.SUCCESS)
    if refused:
        heading = ngettext(
            "%(count)d was not changed:", "%(count)d were not changed:", len(refused)
        ) % {"count": len(refused)}
        model_admin.message_user(request, " ".join([heading, *refused]), messages.ERROR)
