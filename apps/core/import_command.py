"""The base of the import commands: read a CSV or XLSX file, plan it, store it, with a progress
bar on the terminal; a refused file is listed row by row and column by column, in Danish, and
nothing of it is stored (exit status 1)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from .tables import ImportRefused, read_table


class ImportCommand(BaseCommand):
    """Subclasses give `plan(dataset, progress)` and `store(rows, progress)`."""

    what = "rækker"

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV (UTF-8, comma or semicolon) or XLSX file.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs and cron)."
        )

    def plan(self, dataset, progress):
        raise NotImplementedError

    def store(self, rows, progress):
        raise NotImplementedError

    def handle(self, *args, file, no_progress=False, **options):
        translation.activate("da")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        try:
            dataset = read_table(path.read_bytes())
            with self._bar(len(dataset), "Læser", no_progress) as bar:
                rows = self.plan(dataset, bar.update)
            with self._bar(len(rows), "Gemmer", no_progress) as bar:
                summary = self.store(rows, bar.update)
        except ImportRefused as refused:
            for error in refused.row_errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{refused.message} Intet er gemt.") from refused
        self.stdout.write(f"{path.name}: {self.summary_line(summary)}")

    def summary_line(self, summary) -> str:
        """The last line of the output: what the import did (a subclass may say more)."""
        return (
            f"{summary.created} nye, {summary.changed} ændrede, "
            f"{summary.removed} fjernede og {summary.unchanged} uændrede {self.what}."
        )

    def _bar(self, total, label, disabled):
        return tqdm(
            total=total, desc=label, unit=" rækker", disable=disabled, file=self.stderr._out
        )
