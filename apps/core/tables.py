"""Reading a spreadsheet someone uploads (CSV or XLSX) and refusing it row by row.

Imports (the admin through django-import-export, the commands, the API) read files here, so a
file reads the same everywhere, and refuse a file as a whole with `ImportRefused`: every error
with the row and column a person finds it by in their spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import DomainError

HEADER_ROW = 1


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRefused(DomainError):
    """A file refused as a whole; `row_errors` says where and why."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = sorted(row_errors, key=lambda e: (e.row, e.column))
        count = len(self.row_errors)
        message = ngettext(
            "The file was not imported: %(count)s error.",
            "The file was not imported: %(count)s errors.",
            count,
        ) % {"count": count}
        super().__init__(
            "import_refused",
            message,
            invalid_input=True,
            field="file",
            errors={"file": [message, *(str(error) for error in self.row_errors)]},
        )


def read_table(content: bytes) -> tablib.Dataset:
    """The rows of an XLSX file, or of a CSV file (comma or semicolon, as Danish Excel writes
    it), told apart by their content, not their name."""
    try:
        if content[:4] == b"PK\x03\x04":  # an XLSX file is a zip archive
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            dataset = _read_csv(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        message = _("The file is neither XLSX nor UTF-8 text; save it as XLSX or CSV UTF-8.")
        raise ImportRefused([RowError(HEADER_ROW, "", message)]) from error
    except Exception as error:  # openpyxl and csv say "not a spreadsheet" in many ways
        message = _("The file could not be read as CSV or XLSX.")
        raise ImportRefused([RowError(HEADER_ROW, "", message)]) from error
    dataset.headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    return dataset


def _read_csv(text: str) -> tablib.Dataset:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    dataset = tablib.Dataset()
    if not rows:
        return dataset
    width = len(rows[0])
    dataset.headers = rows[0]
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return dataset


def check_columns(dataset: tablib.Dataset, required: list[str], optional=()) -> None:
    """Refuse a file whose header lacks a column we need or has one we do not know."""
    headers = list(dataset.headers or [])
    errors = [
        RowError(HEADER_ROW, column, _("The column is missing."))
        for column in required
        if column not in headers
    ]
    known = set(required) | set(optional)
    errors += [
        RowError(
            HEADER_ROW,
            column or "?",
            _("Unknown column; the file must have the columns %s.") % ", ".join(required),
        )
        for column in headers
        if column not in known
    ]
    if not errors and not len(dataset):
        errors.append(RowError(HEADER_ROW, "", _("The file has no rows below its header.")))
    if errors:
        raise ImportRefused(errors)


def data_rows(dataset: tablib.Dataset) -> Iterator[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {column: text}) for every row below the header."""
    for index, values in enumerate(dataset, start=HEADER_ROW + 1):
        yield (
            index,
            {
                column: ("" if value is None else str(value)).strip()
                for column, value in zip(dataset.headers, values, strict=False)
            },
        )


class RowReader:
    """Reads one row's cells into values, collecting an error per cell instead of stopping."""

    def __init__(self, number: int, cells: dict, errors: list[RowError]):
        self.row, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def text(self, column: str, *, required=True) -> str | None:
        value = self.cells.get(column, "")
        if not value and required:
            self.fail(column, _("The cell is empty."))
            return None
        return value or None

    def number(self, column: str, *, low=None, high=None, whole=False, required=True, beyond=None):
        """The cell as a Decimal (an int when `whole`) within `low`..`high`; `beyond` is the
        message for a value outside them (with %(value)s)."""
        text = self.text(column, required=required)
        if text is None:
            return None
        try:
            value = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.fail(column, _("“%s” is not a number.") % text)
            return None
        if whole:
            if value != value.to_integral_value():
                self.fail(column, _("“%s” is not a whole number.") % text)
                return None
            value = int(value)
        if (low is not None and value < low) or (high is not None and value > high):
            message = beyond or _("%(value)s is outside %(low)s to %(high)s.")
            self.fail(column, message % {"value": text, "low": low, "high": high})
            return None
        return value

    def date(self, column: str) -> datetime.date | None:
        text = self.text(column)
        if text is None:
            return None
        text = text.split(" ")[0]  # an XLSX date arrives as "2026-11-01 00:00:00"
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.fail(column, _("“%s” is not a date (write e.g. 2026-11-01 or 01-11-2026).") % text)
        return None
