"""The default beat schedule of the reminders, defined in code.

`manage.py reminders_schedule` mirrors it into django-celery-beat (it also runs after every
`migrate`): missing entries are created, entries an operator changed in the admin are kept, and
`--restore` puts the defaults back. It is deliberately not CELERY_BEAT_SCHEDULE, which
django-celery-beat would write over the operator's changes at every start of beat.
"""

from celery.schedules import crontab
from django.conf import settings

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
    "privacy: anonymise confidential findings": {
        "task": "apps.privacy.tasks.anonymise_confidential",
        # Once a night, away from the working day; a missed night is caught up the next one.
        "schedule": crontab(minute="30", hour="2"),
        "options": {"expires": 12 * 60 * 60},
        "description": (
            "Anonymise confidential findings of APVs closed longer ago than "
            "APV_CONFIDENTIAL_RETENTION_DAYS (apps/privacy)."
        ),
    },
}


def reminders_schedule_install(*, restore: bool = False, using: str = "default") -> list[str]:
    """Create the default beat entries of `schedule.SCHEDULE` that are missing; with `restore`,
    reset existing ones to the defaults too. Returns the names created or restored."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    done = []
    for name, entry in SCHEDULE.items():
        existing = PeriodicTask.objects.using(using).filter(name=name).first()
        if existing is not None and not restore:
            continue
        cron = entry["schedule"]
        crontab, _created = CrontabSchedule.objects.using(using).get_or_create(
            minute=cron._orig_minute,
            hour=cron._orig_hour,
            day_of_week=cron._orig_day_of_week,
            day_of_month=cron._orig_day_of_month,
            month_of_year=cron._orig_month_of_year,
            timezone=settings.TIME_ZONE,
        )
        fields = {
            "task": entry["task"],
            "crontab": crontab,
            "interval": None,
            "solar": None,
            "clocked": None,
            "args": "[]",
            "kwargs": "{}",
            "expire_seconds": entry["options"]["expires"],
            "description": entry["description"],
            "enabled": True,
            "one_off": False,
        }
        PeriodicTask.objects.using(using).update_or_create(name=name, defaults=fields)
        done.append(name)
    return done
