"""HR files imported in the background: recorded as an ImportJob, run by a Celery task, the
result written back for the importer to read. The same planners and services as the admin's
preview and the commands; the whole file or nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.queue import enqueue_on_commit
from apps.core.tables import ImportRefused, read_table

from .models import ImportJob
from .people import plan_people
from .services import people_import, units_import
from .units import plan_units


@transaction.atomic
def import_job_create(*, by, kind: str, file_name: str, content: bytes, complete=False, rows=0):
    """Record a file to import in the background, and enqueue it once recorded."""
    from .tasks import run_import_job

    job = ImportJob.objects.create(
        kind=kind,
        file_name=file_name,
        content=content,
        complete=complete,
        rows=rows,
        created_by=by,
    )
    # A broker that is down leaves the run waiting, visible as such; the upload still answers.
    enqueue_on_commit(run_import_job, job_id=job.pk)
    return job


def import_job_run(job_id: int) -> ImportJob:
    """Import a waiting job's file as the person who uploaded it; run twice, it runs once."""
    with translation.override("da"), transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != ImportJob.Status.WAITING:
            return job
        by = job.created_by
        try:
            with transaction.atomic():
                summary = _import(job, by)
        except ImportRefused as refused:
            job.status = ImportJob.Status.REFUSED
            job.result = "\n".join(
                [refused.message, _("Nothing was stored."), *map(str, refused.row_errors)]
            )
        else:
            job.status = ImportJob.Status.DONE
            job.result = "\n".join([_summary_text(summary), *summary.lines])
        job.finished_at = timezone.now()
        job.content = b""  # the file is personal data: kept only until it is imported
        job.save()
        return job


def _import(job: ImportJob, by):
    dataset = read_table(bytes(job.content))
    if job.kind == ImportJob.Kind.UNITS:
        return units_import(plan_units(dataset, by=by), by=by)
    return people_import(plan_people(dataset, by=by), by=by, complete=job.complete)


def _summary_text(summary) -> str:
    return _("Imported. %s") % summary
