"""`manage.py import_people FILE [--complete]`: import the HR system's people with their roles
(columns: person_id, navn, email, enhed_id, rolle, optionally fratraadt). Run by the operator;
people are matched by their HR id. With --complete the file lists everyone under its root
unit: whoever holds roles only there and is absent from it has left."""

from apps.core.import_command import ImportCommand
from apps.hr.people import plan_people
from apps.hr.services import people_import


class Command(ImportCommand):
    help = __doc__
    what = "personer"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--complete",
            action="store_true",
            help="The file lists everyone under its root unit: deactivate whoever is absent.",
        )

    def handle(self, *args, complete=False, **options):
        self.complete = complete
        return super().handle(*args, **options)

    def plan(self, dataset, progress):
        return plan_people(dataset, by=None, progress=progress)

    def store(self, planned, progress):
        return people_import(planned, by=None, complete=self.complete, progress=progress)

    def summary_line(self, summary) -> str:
        return (
            f"{summary.created} nye, {summary.changed} ændrede, {summary.removed} fratrådte og "
            f"{summary.unchanged} uændrede personer; {summary.roles_added} roller tildelt og "
            f"{summary.roles_ended} afsluttet."
        )
