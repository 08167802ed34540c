"""`manage.py import_units FILE`: import the HR system's unit tree (columns: enhed_id,
overordnet_id, navn, antal_medarbejdere, optionally type). Run by the operator, for the whole
tree; units are matched by their HR id, so importing again updates and never duplicates."""

from apps.core.import_command import ImportCommand
from apps.hr.services import units_import
from apps.hr.units import plan_units


class Command(ImportCommand):
    help = __doc__
    what = "enheder"

    def plan(self, dataset, progress):
        return plan_units(dataset, by=None, progress=progress)

    def store(self, rows, progress):
        return units_import(rows, by=None, progress=progress)
