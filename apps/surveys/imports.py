"""The survey tool's and the HR system's files read into rows the services store.

A planner reads a whole file and either returns its rows, each with the unit, factor or period
it names resolved, or refuses the file with every error at once (`ImportRefused`), so that a
person fixes their spreadsheet in one go. Nothing here writes. Units are those the importer
may manage (a unit outside their scope reads as unknown: a file does not tell whether it exists).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.core.tables import ImportRefused, RowError, RowReader, check_columns, data_rows
from apps.organisation.models import Unit

from .models import SurveyDimension

# The columns of the files, as the README and the demo files show them (Danish: people make
# these files in their spreadsheets).
SURVEY_COLUMNS = ["undersøgelse", "dato", "enhed", "dimension", "score", "besvarelser"]
ABSENCE_COLUMNS = ["enhed", "fra", "til", "dage_pr_fuldtid"]
ABSENCE_OPTIONAL = ["kommunegennemsnit"]

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class SurveyRow:
    row: int
    survey: tuple[str, datetime.date]
    unit: Unit
    dimension: SurveyDimension
    score: Decimal
    respondents: int

    @property
    def key(self):
        return (self.survey, self.unit.pk, self.dimension.factor_id)


@dataclass(frozen=True)
class AbsenceRow:
    row: int
    unit: Unit
    period_start: datetime.date
    period_end: datetime.date
    days_per_fte: Decimal
    municipality_average: Decimal | None

    @property
    def key(self):
        return (self.unit.pk, self.period_start, self.period_end)


class UnitFinder:
    """Finds a unit the importer may manage by its HR id, or else by its name (when only one
    unit has it)."""

    def __init__(self, by):
        units = list(Unit.objects.all() if by is None else access.units_where(by, Verb.MANAGE))
        self.by_external_id = {u.external_id: u for u in units if u.external_id}
        # Lower-cased here, not by the database: SQLite's lower() leaves Æ, Ø and Å alone.
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_name.setdefault(unit.name.strip().lower(), []).append(unit)

    def find(self, reader: RowReader, column: str) -> Unit | None:
        text = reader.text(column)
        if text is None:
            return None
        unit = self.by_external_id.get(text)
        if unit is not None:
            return unit
        named = self.by_name.get(text.lower(), [])
        if len(named) == 1:
            return named[0]
        if named:
            reader.fail(column, _("Several units are named “%s”; use the unit's HR id.") % text)
        else:
            reader.fail(
                column,
                _("Unknown unit “%s”: neither the HR id nor the name of a unit you may import to.")
                % text,
            )
        return None


def _refuse_duplicates(rows, errors: list[RowError], column: str, message: str) -> None:
    first_row = {}
    for row in rows:
        if row.key in first_row:
            errors.append(RowError(row.row, column, message % {"row": first_row[row.key]}))
        else:
            first_row[row.key] = row.row


def plan_survey(dataset, *, by, progress: Progress = None) -> list[SurveyRow]:
    """The rows of a survey export, every unit and dimension resolved, or ImportRefused."""
    check_columns(dataset, SURVEY_COLUMNS)
    units = UnitFinder(by)
    dimensions = {d.name.lower(): d for d in SurveyDimension.objects.select_related("factor")}
    errors: list[RowError] = []
    rows = []
    for number, cells in data_rows(dataset):
        reader = RowReader(number, cells, errors)
        name = reader.text("undersøgelse")
        conducted_on = reader.date("dato")
        unit = units.find(reader, "enhed")
        dimension_name = reader.text("dimension")
        dimension = dimensions.get((dimension_name or "").lower())
        if dimension_name and dimension is None:
            reader.fail(
                "dimension",
                _("Unknown dimension “%s”: add it under the survey dimensions, or fix the file.")
                % dimension_name,
            )
        score = reader.number(
            "score",
            low=0,
            high=100,
            beyond=_("The score must be between 0 and 100, not %(value)s."),
        )
        respondents = reader.number(
            "besvarelser",
            low=0,
            whole=True,
            beyond=_("The number of respondents cannot be negative (%(value)s)."),
        )
        if None not in (name, conducted_on, unit, dimension, score, respondents):
            rows.append(
                SurveyRow(number, (name, conducted_on), unit, dimension, score, respondents)
            )
        if progress:
            progress(1)
    _refuse_duplicates(
        rows,
        errors,
        "dimension",
        _("The same survey, unit and factor are already in row %(row)s."),
    )
    if errors:
        raise ImportRefused(errors)
    return rows


def plan_absence(dataset, *, by, progress: Progress = None) -> list[AbsenceRow]:
    """The rows of a sickness-absence file, every unit resolved, or ImportRefused."""
    check_columns(dataset, ABSENCE_COLUMNS, ABSENCE_OPTIONAL)
    units = UnitFinder(by)
    errors: list[RowError] = []
    rows = []
    days = _("Days per full-time employee must be between 0 and 366, not %(value)s.")
    for number, cells in data_rows(dataset):
        reader = RowReader(number, cells, errors)
        unit = units.find(reader, "enhed")
        start, end = reader.date("fra"), reader.date("til")
        if start and end and end < start:
            reader.fail("til", _("The period ends before it starts."))
            end = None
        per_fte = reader.number("dage_pr_fuldtid", low=0, high=366, beyond=days)
        average = reader.number("kommunegennemsnit", low=0, high=366, beyond=days, required=False)
        if None not in (unit, start, end, per_fte):
            rows.append(AbsenceRow(number, unit, start, end, per_fte, average))
        if progress:
            progress(1)
    _refuse_duplicates(
        rows, errors, "enhed", _("The same unit and period are already in row %(row)s.")
    )
    if errors:
        raise ImportRefused(errors)
    return rows
