"""`manage.py import_absence FILE`: import sickness absence per unit and period (columns: enhed,
fra, til, dage_pr_fuldtid and, if known, kommunegennemsnit). A unit's figure for a period
replaces the one imported before for the same period."""

from apps.core.import_command import ImportCommand
from apps.surveys.imports import plan_absence
from apps.surveys.services import absence_import


class Command(ImportCommand):
    help = __doc__
    what = "fraværstal"

    def plan(self, dataset, progress):
        return plan_absence(dataset, by=None, progress=progress)

    def store(self, rows, progress):
        return absence_import(rows, by=None, progress=progress)
