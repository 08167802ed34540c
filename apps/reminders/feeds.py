"""The personal calendar feed: a secret URL per person, renewed or revoked by them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.services import validate

from .models import CalendarFeed


@transaction.atomic
def calendar_feed_renew(*, user) -> str:
    """Give `user` a new secret calendar URL token (the old one stops working); returns it."""
    feed = CalendarFeed.objects.filter(user=user).first() or CalendarFeed(user=user)
    token = feed.set_new_token()
    validate(feed)
    feed.save()
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """Revoke `user`'s calendar URL; returns whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar-feed", args=[token])


def calendar_feed_user(token: str):
    """The active user whose calendar `token` opens, or None; notes when the feed was used."""
    feed = CalendarFeed.objects.for_token(token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
