"""Imports in the admin through django-import-export, our way: its upload, preview and
confirmation pages, with our planners reading the file (apps.core.tables: the same messages as
the commands and the API) and our services writing it, the whole file or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import Format

from apps import access
from apps.access import Verb

from .tables import HEADER_ROW, ImportRefused, read_table


class SpreadsheetFormat(Format):
    """One format for the upload form: CSV or XLSX, told apart by the file's content."""

    def __init__(self, encoding=None):
        """The encoding is ours to tell (read_table), whatever the admin passes."""

    def get_title(self):
        return gettext("CSV or XLSX")

    def create_dataset(self, in_stream):
        return read_table(in_stream)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return "xlsx"

    def can_import(self):
        return True

    def can_export(self):
        return False


class PlannedImportResource(resources.ModelResource):
    """A resource whose rows a planner reads (`plan(dataset, by)` -> rows with `.row`, the
    spreadsheet's row number, or ImportRefused) and a service stores (`store(rows, by)`, after
    the preview is confirmed). Subclasses say how a planned row finds or fills its object."""

    def plan(self, dataset, by):
        raise NotImplementedError

    def store(self, rows, by):
        raise NotImplementedError

    def find(self, planned):
        """The stored object the planned row updates, or None."""
        raise NotImplementedError

    def fill(self, instance, planned) -> None:
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        self.by = kwargs.get("user")
        self.row_errors: dict[int, dict[str, list[str]]] = {}
        self.planned = {}
        try:
            rows = self.plan(dataset, self.by)
        except ImportRefused as refused:
            header = [e for e in refused.row_errors if e.row == HEADER_ROW]
            if header:
                raise ValidationError([str(e) for e in header]) from refused
            for error in refused.row_errors:
                cells = self.row_errors.setdefault(error.row, {})
                cells.setdefault(error.column or "__all__", []).append(error.message)
            rows = []
        self.planned = {row.row: row for row in rows}

    def before_import_row(self, row, **kwargs):
        self.current = kwargs["row_number"] + HEADER_ROW
        errors = self.row_errors.get(self.current)
        if errors:
            raise ValidationError(errors)

    def get_or_init_instance(self, instance_loader, row):
        planned = self.planned[self.current]
        instance = self.find(planned)
        if instance is not None:
            return instance, False
        return self._meta.model(), True

    def import_instance(self, instance, row, **kwargs):
        self.fill(instance, self.planned[self.current])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The planner validated every row already."""

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing row by row: the service stores the whole file in after_import."""

    def after_import(self, dataset, result, **kwargs):
        if self.planned and not self.row_errors:
            result.summary = self.store(list(self.planned.values()), self.by)


class PlannedImportMixin(ImportMixin):
    """The import button and pages for coordinators; our format, our messages."""

    import_template_name = "admin/planned_import.html"
    skip_admin_log = True

    def get_import_formats(self):
        return [SpreadsheetFormat]

    def has_import_permission(self, request):
        return access.may_ever(request.user, Verb.MANAGE)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            for error in e.row_errors:
                form.add_error("import_file", str(error))
            return
        form.add_error("import_file", _("The file could not be read as CSV or XLSX."))

    def add_success_message(self, result, request):
        summary = result.summary
        message = _(
            "Imported: %(created)s new, %(changed)s changed, %(removed)s removed, "
            "%(unchanged)s unchanged."
        ) % vars(summary)
        self.message_user(request, message)
