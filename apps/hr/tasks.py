"""Celery tasks of the HR imports: thin wrappers over apps.hr.jobs."""

from celery import shared_task

from . import jobs


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> str:
    """Import a file an importer uploaded in the admin (safe to run twice)."""
    return jobs.import_job_run(job_id).status
