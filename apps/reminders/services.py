"""Reminders (DESIGN.md §7), in five rooms: what is due (`due`), recording it once
(`recording`), sending it at most once (`sending`), the beat schedule (`schedule`) and the
personal calendar feed (`feeds`). Callers use these names; the rooms hold the work."""

from .due import Due, reminders_due
from .feeds import calendar_feed_renew, calendar_feed_revoke, calendar_feed_url, calendar_feed_user
from .recording import handovers_record, reminders_record
from .schedule import reminders_schedule_install
from .sending import SendResult, reminders_send, within_send_hours

__all__ = [
    "Due",
    "SendResult",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "calendar_feed_url",
    "calendar_feed_user",
    "handovers_record",
    "reminders_due",
    "reminders_record",
    "reminders_schedule_install",
    "reminders_send",
    "within_send_hours",
]
