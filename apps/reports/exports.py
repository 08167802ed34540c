"""The action plan as a table, and that table as CSV and XLSX (DESIGN.md §8)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

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

CONFIDENTIAL_FINDING = "Fortroligt fund"


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def action_plan_rows(user, assessment: Assessment, *, finding_ids: set[int] | None = None):
    """One row per action `user` may see; a finding the user may not see is not named."""
    if finding_ids is None:
        finding_ids = set(
            access.findings_visible_to(user)
            .filter(assessment=assessment)
            .values_list("pk", flat=True)
        )
    rows = []
    for action in action_plan_visible_to(user, assessment):
        rows.append(
            [
                action.pk,
                action.finding.title if action.finding_id in finding_ids else CONFIDENTIAL_FINDING,
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
    return rows


def action_plan_csv(user, assessment: Assessment) -> str:
    """The visible action plan as CSV (semicolon-separated, as Danish Excel expects)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for row in action_plan_rows(user, assessment):
        writer.writerow(["" if v is None else v for v in row])
    # A byte-order mark so Excel reads the Danish letters as UTF-8.
    return "\ufeff" + out.getvalue()


def action_plan_xlsx(user, assessment: Assessment) -> bytes:
    """The visible action plan as an Excel workbook with one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Handlingsplan"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in action_plan_rows(user, assessment):
        sheet.append(row)
    for column, width in zip(
        "ABCDEFGHIJK", (6, 40, 40, 50, 14, 24, 14, 14, 12, 12, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
