"""`manage.py send_reminders [--as-of DATE]`: the sweep without Celery (for cron, a first run)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from apps.reminders import services


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of: {value!r} er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-03-01."
        ) from None


class Command(BaseCommand):
    help = (
        "Record the reminders due as of a date (default today) and send them, one message per "
        "person. Safe to run again: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="The day to sweep for, as YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, as_of=None, **options):
        day = iso_date(as_of) if as_of else None
        recorded = services.reminders_record(as_of=day)
        result = services.reminders_send(as_of=day)
        self.stdout.write(
            f"{recorded} nye påmindelser registreret. "
            f"{result.sent} påmindelser sendt i {result.messages} e-mails."
        )
        if result.skipped:
            self.stdout.write(f"{result.skipped} sprunget over (ikke længere aktuelle).")
        if result.failed or result.retry:
            self.stderr.write(
                f"{result.failed} kunne ikke sendes; {result.retry} prøves igen senere."
            )
