"""`manage.py anonymise_confidential [--as-of DATE] [--dry-run]`: the retention rule without
Celery (for cron, a first run, or to see what it would do)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.privacy import selectors, services


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of: {value!r} er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-03-01."
        ) from None


class Command(BaseCommand):
    help = (
        "Anonymise the confidential findings of APVs closed more than "
        "APV_CONFIDENTIAL_RETENTION_DAYS ago: their text, reporter and handlers, with their "
        "history, actions, updates and evaluations; and the concerns decided more than "
        "APV_CONCERN_RETENTION_DAYS ago: their text, answer and sender. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="The day to judge the retention from, as YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say which findings would be anonymised.",
        )

    def handle(self, *args, as_of=None, dry_run=False, **options):
        day = iso_date(as_of) if as_of else None
        if dry_run:
            findings = list(
                selectors.confidential_findings_past_retention(as_of=day).values_list(
                    "pk", flat=True
                )
            )
            concerns = list(
                selectors.concerns_past_retention(as_of=day).values_list("pk", flat=True)
            )
            verb = "ville blive anonymiseret"
        else:
            findings = services.confidential_findings_anonymise(as_of=day)
            concerns = services.concerns_anonymise(as_of=day)
            verb = "anonymiseret"
        days = settings.APV_CONFIDENTIAL_RETENTION_DAYS
        self.stdout.write(
            f"{len(findings)} fortrolige fund {verb} (opbevaringsperiode {days} dage)."
        )
        if findings:
            self.stdout.write("Id: " + ", ".join(str(pk) for pk in findings))
        days = settings.APV_CONCERN_RETENTION_DAYS
        self.stdout.write(f"{len(concerns)} bekymringer {verb} (opbevaringsperiode {days} dage).")
