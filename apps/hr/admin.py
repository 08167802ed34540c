"""HR imports in the admin: the import pages on the units and on the users (django-import-
export's upload, preview and confirmation, with our planners and services), a large file run
in the background, and the import runs where the importer reads how it went."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.widgets import BooleanWidget, ForeignKeyWidget, IntegerWidget

from apps import access
from apps.access import Verb
from apps.accounts.models import User
from apps.core.admin_import import PlannedImportMixin, PlannedImportResource
from apps.core.tables import ImportRefused, read_table
from apps.organisation.models import Unit

from .jobs import import_job_create
from .models import ImportJob
from .people import PEOPLE_COLUMNS, PEOPLE_OPTIONAL, Person, plan_people
from .services import _match, people_import, units_import
from .units import UNIT_COLUMNS, UNIT_OPTIONAL, plan_units

COMPLETE_HELP = _(
    "The file lists everyone under its root unit (the lowest unit above all the units it "
    "names): whoever holds roles only there and is not in the file has left and is deactivated."
)


class HrImportForm(ImportForm):
    complete = forms.BooleanField(
        label=_("The file is complete"), required=False, help_text=COMPLETE_HELP
    )


class HrConfirmForm(ConfirmImportForm):
    complete = forms.BooleanField(required=False, widget=forms.HiddenInput())


class UnitResource(PlannedImportResource):
    external_id = Field("external_id", _("HR id"))
    name = Field("name", _("name"))
    parent = Field("parent", _("parent unit"), widget=ForeignKeyWidget(Unit, "name"))
    headcount = Field("headcount", _("headcount"), widget=IntegerWidget())
    kind = Field("kind", _("kind"))

    class Meta:
        model = Unit
        fields = ("external_id", "name", "parent", "headcount", "kind")
        skip_unchanged = True
        report_skipped = True

    def plan(self, dataset, by):
        rows = plan_units(dataset, by=by)
        self.in_file = {row.external_id: row for row in rows}
        return rows

    def find(self, planned):
        return Unit.objects.filter(pk=planned.unit.pk).first() if planned.unit else None

    def fill(self, instance, planned):
        instance.external_id, instance.name = planned.external_id, planned.name
        instance.headcount = planned.headcount
        instance.kind = planned.kind or instance.kind
        parent_row = self.in_file.get(planned.parent_id or "")
        if parent_row is not None:
            # A parent the same file creates is shown by its name, unsaved.
            instance.parent = parent_row.unit or Unit(name=parent_row.name)
        else:
            instance.parent = planned.parent

    def store(self, rows, by):
        return units_import(rows, by=by)


@dataclass(frozen=True)
class PersonRow:
    row: int
    person: Person


class YesNoWidget(BooleanWidget):
    """Ja or Nej in the preview, where import-export would show 1 or 0."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else gettext("Yes") if value else gettext("No")


class PersonResource(PlannedImportResource):
    external_id = Field("external_id", _("HR id"))
    first_name = Field("first_name", _("first name"))
    last_name = Field("last_name", _("last name"))
    email = Field("email", _("e-mail"))
    is_active = Field("is_active", _("active"), widget=YesNoWidget())

    class Meta:
        model = User
        fields = ("external_id", "first_name", "last_name", "email", "is_active")
        skip_unchanged = True
        report_skipped = True

    def __init__(self, complete=False, **kwargs):
        super().__init__(**kwargs)
        self.complete = complete

    def plan(self, dataset, by):
        self.people_file = plan_people(dataset, by=by)
        self.users = _match(self.people_file.people)
        people = self.people_file.people
        return [PersonRow(n, people[pid]) for n, pid in self.people_file.rows.items()]

    def find(self, planned):
        user = self.users.get(planned.person.external_id)
        return User.objects.filter(pk=user.pk).first() if user else None

    def fill(self, instance, planned):
        person = planned.person
        instance.external_id, instance.email = person.external_id, person.email
        instance.first_name, instance.last_name = person.first_name, person.last_name
        instance.is_active = not person.left

    def store(self, rows, by):
        return people_import(self.people_file, by=by, complete=self.complete)


class HrImportMixin(PlannedImportMixin):
    """The import pages of the HR files; a file over APV_IMPORT_BACKGROUND_ROWS rows is
    imported by Celery instead, and the importer is sent to its import run."""

    import_template_name = "admin/hr_import.html"
    import_form_class = HrImportForm
    confirm_form_class = HrConfirmForm
    import_kind = ImportJob.Kind.UNITS
    import_columns: list[str] = []
    import_help = ""

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_columns": self.import_columns,
            "import_help": self.import_help,
        }

    def create_import_form(self, request):
        form = super().create_import_form(request)
        if self.import_kind != ImportJob.Kind.PEOPLE:
            del form.fields["complete"]
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["complete"] = import_form.cleaned_data.get("complete", False)
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        if self.import_kind == ImportJob.Kind.PEOPLE and form is not None:
            return {"complete": bool(getattr(form, "cleaned_data", {}).get("complete"))}
        return {}

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                content = b"".join(upload.chunks())
                try:
                    rows = len(read_table(content))
                except ImportRefused:
                    rows = 0  # the page below says why the file cannot be read
                if rows > settings.APV_IMPORT_BACKGROUND_ROWS:
                    return self._in_background(request, form, upload.name, content, rows)
        return super().import_action(request, **kwargs)

    def _in_background(self, request, form, file_name, content, rows):
        job = import_job_create(
            by=request.user,
            kind=self.import_kind,
            file_name=file_name,
            content=content,
            complete=bool(form.cleaned_data.get("complete")),
            rows=rows,
        )
        self.message_user(
            request,
            gettext(
                "The file has %(rows)s rows and is being imported in the background. Its "
                "result is shown under Import runs when it is done."
            )
            % {"rows": rows},
        )
        return HttpResponseRedirect(reverse("admin:hr_importjob_change", args=[job.pk]))

    def add_success_message(self, result, request):
        summary = result.summary
        self.message_user(request, _("Imported. %s") % summary)


class UnitImportMixin(HrImportMixin):
    resource_classes = [UnitResource]
    import_kind = ImportJob.Kind.UNITS
    import_columns = [*UNIT_COLUMNS, *(f"({c})" for c in UNIT_OPTIONAL)]
    import_help = _(
        "One row per unit: its HR id, its parent's HR id (empty for the top unit), its name and "
        "its number of employees; type is organisation, område, afdeling or team. Units are "
        "matched by their HR id: importing again updates them, and units absent from the file "
        "stay as they are."
    )


class PersonImportMixin(HrImportMixin):
    resource_classes = [PersonResource]
    import_kind = ImportJob.Kind.PEOPLE
    import_columns = [*PEOPLE_COLUMNS, *(f"({c})" for c in PEOPLE_OPTIONAL)]
    import_help = _(
        "One row per person, unit and role (koordinator, leder, amr, tr, med or medarbejder); "
        "fratraadt is “ja” or the day the person left. People are matched by their HR id; a "
        "person's roles under the file's root unit become those the file gives."
    )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The importer's background imports: whether each ran, and what it did."""

    list_display = ("file_name", "kind", "status", "rows", "created_at", "finished_at")
    list_filter = ("status", "kind")
    fields = ("file_name", "kind", "complete", "rows", "status", "created_at", "finished_at")
    readonly_fields = (*fields, "result_lines")

    def get_fields(self, request, obj=None):
        return [*self.fields, "result_lines"]

    @admin.display(description=_("result"))
    def result_lines(self, obj):
        return format_html_join("", "<p>{}</p>", ((line,) for line in obj.result.splitlines()))

    def get_queryset(self, request):
        jobs = super().get_queryset(request).select_related("created_by")
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def has_module_permission(self, request):
        return access.may_ever(request.user, Verb.MANAGE)

    def has_view_permission(self, request, obj=None):
        return access.may_ever(request.user, Verb.MANAGE)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
