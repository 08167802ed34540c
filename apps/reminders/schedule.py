"""The default beat schedule of the reminders, defined in code.

`manage.py reminders_schedule` mirrors it into django-celery-beat (it also runs after every
`migrate`): missing entries are created, entries an operator changed in the admin are kept, and
`--restore` puts the defaults back. It is deliberately not CELERY_BEAT_SCHEDULE, which
django-celery-beat would write over the operator's changes at every start of beat.
"""

from celery.schedules import crontab

SCHEDULE = {
    "reminders: sweep": {
        "task": "apps.reminders.tasks.sweep",
        # Working days, every hour in working hours: reminders arrive when people read them,
        # and an hour after the broker is back at the latest.
        "schedule": crontab(minute="5", hour="7-17", day_of_week="mon-fri"),
        "options": {"expires": 50 * 60},
        "description": "Record the reminders due today and send them (DESIGN.md §7).",
    },
    "reminders: send": {
        "task": "apps.reminders.tasks.send_reminders",
        # Picks up what a change recorded, retries failed deliveries and expired leases.
        "schedule": crontab(minute="*/15", hour="7-17"),
        "options": {"expires": 10 * 60},
        "description": "Send pending reminders and retry those whose worker died.",
    },
}
