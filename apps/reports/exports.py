"""The action plan as a table, and that table as CSV and XLSX (DESIGN.md §8)."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from apps import access
from apps.assessments.models import Assessment

from .selectors import action_plan_visible_to

# Danish column headings: the plan is a Danish document whatever the reader's language.
COLUMNS = [
    "Nr.",
    "Problemstilling",
    "Tiltag (hvad)",
    "Hvordan",
    "Niveau",
    "Ansvarlig (hvem)",
    "Frist (hvornår)",
    "Status",
    "Fremdrift (%)",
    "Afsluttet",
    "Over fristen",
]

# OWASP "CSV injection": a cell that starts like this is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value as a spreadsheet may show it: text that would start a formula gets a leading
    single quote, so `=HYPERLINK(...)` in a title stays text (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def action_plan_rows(user, assessment: Assessment, *, finding_ids: set[int] | None = None):
    """One row per action `user` may see; a finding the user may not see is not named."""
    with translation.override("da"):
        return _rows(user, assessment, finding_ids)


def _rows(user, assessment: Assessment, finding_ids: set[int] | None):
    if finding_ids is None:
        finding_ids = set(
            access.findings_visible_to(user)
            .filter(assessment=assessment)
            .values_list("pk", flat=True)
        )
    rows = []
    for action in action_plan_visible_to(user, assessment):
        finding = access.finding_label(
            user, action.finding, readable=action.finding_id in finding_ids
        )
        rows.append(
            [
                action.pk,
                finding,
                action.title,
                action.description,
                action.get_level_display() if action.level else "",
                _person(action.owner),
                action.due_on,
                action.get_status_display(),
                action.progress,
                action.completed_on,
                "ja" if action.is_overdue else "nej",
            ]
        )
    return [[cell(value) for value in row] for row in rows]


def table_csv(columns: list[str], rows) -> str:
    """A table as CSV (semicolon-separated, as Danish Excel expects)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # A byte-order mark so Excel reads the Danish letters as UTF-8.
    return "\ufeff" + out.getvalue()


def table_xlsx(title: str, columns: list[str], rows, widths) -> bytes:
    """A table as an Excel workbook with one sheet, its header bold and frozen."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def action_plan_csv(user, assessment: Assessment) -> str:
    """The visible action plan as CSV."""
    return table_csv(COLUMNS, action_plan_rows(user, assessment))


def action_plan_xlsx(user, assessment: Assessment) -> bytes:
    """The visible action plan as an Excel workbook with one sheet."""
    rows = action_plan_rows(user, assessment)
    widths = (6, 40, 40, 50, 14, 24, 14, 14, 12, 12, 12)
    return table_xlsx("Handlingsplan", COLUMNS, rows, widths)
