"""Survey and absence files for the tests, written as a person's spreadsheet would be."""

import datetime
import io
from decimal import Decimal

import openpyxl

from apps.surveys.imports import SurveyRow
from apps.surveys.models import SurveyDimension

SURVEY_HEADER = ["undersøgelse", "dato", "enhed", "dimension", "score", "besvarelser"]


def csv_bytes(header, rows, delimiter=";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def survey_rows_for(
    respondents: dict,
    dimension: str,
    score,
    name="Trivselsmåling 2026",
    conducted_on=datetime.date(2026, 11, 4),
):
    """Planned rows (apps.surveys.imports.SurveyRow) of one dimension for the given units."""
    found = SurveyDimension.objects.select_related("factor").get(name=dimension)
    return [
        SurveyRow(number, (name, conducted_on), unit, found, Decimal(str(score)), count)
        for number, (unit, count) in enumerate(respondents.items(), start=2)
    ]
