"""`manage.py export_person USERNAME [--output FILE]`: everything stored about one person, as
JSON, for a data-subject access request (GDPR art. 15)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.privacy.selectors import person_export


class Command(BaseCommand):
    help = (
        "Export everything stored about one person as JSON (to standard output, or to FILE). "
        "Findings and actions the person may not read appear only as 'Fortroligt fund'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--output", metavar="FILE", help="Write the JSON to FILE.")

    def handle(self, *args, username, output=None, **options):
        User = get_user_model()
        try:
            subject = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Der findes ingen bruger med brugernavnet {username!r}.") from None
        # Run by the operator of the machine, not by a person in the tracker: no `by`.
        text = json.dumps(person_export(subject=subject), ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(text)
            return
        with open(output, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        self.stdout.write(f"Persondata for {username} skrevet til {output}.")
