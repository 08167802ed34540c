"""`manage.py reminders_schedule [--restore]`: put the default beat schedule in the database."""

from django.core.management.base import BaseCommand

from apps.reminders import services
from apps.reminders.schedule import SCHEDULE


class Command(BaseCommand):
    help = (
        "Create the default Celery beat entries of the reminders that are missing; entries an "
        "operator changed are kept unless --restore is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--restore",
            action="store_true",
            help="Reset the existing entries to the defaults too.",
        )

    def handle(self, *args, restore=False, **options):
        done = services.reminders_schedule_install(restore=restore)
        verb = "gendannet" if restore else "oprettet"
        for name in SCHEDULE:
            state = verb if name in done else "uændret"
            self.stdout.write(f"{name}: {state}")
