"""`manage.py import_survey FILE`: import a well-being survey's results per unit and dimension
(columns: undersøgelse, dato, enhed, dimension, score, besvarelser). Run by the operator, for
every unit; importing the same survey (name and date) again replaces it."""

from apps.core.import_command import ImportCommand
from apps.surveys.imports import plan_survey
from apps.surveys.services import survey_import


class Command(ImportCommand):
    help = __doc__
    what = "resultater"

    def plan(self, dataset, progress):
        return plan_survey(dataset, by=None, progress=progress)

    def store(self, rows, progress):
        return survey_import(rows, by=None, progress=progress)
