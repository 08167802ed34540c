"""A large HR file uploaded in the admin is imported by a real Celery worker (a subprocess on
the test's Redis): the upload answers at once, the run shows the result, and the file is gone
from the database once imported."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.hr.models import ImportJob
from tests.admin_helpers import client_for
from tests.reminders.conftest import wait_for

from .helpers import PEOPLE, csv, give_hr_ids
from .test_admin import ROWS, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_large_file_is_imported_by_a_worker(org, settings, start_worker):
    give_hr_ids(org)
    settings.APV_IMPORT_BACKGROUND_ROWS = 1
    start_worker()
    client = client_for(org.user("coordinator", "dept"))
    response = upload(client, reverse("admin:accounts_user_import"), csv(PEOPLE, *ROWS))
    assert response.status_code == 302
    job = ImportJob.objects.get()

    def finished():
        job.refresh_from_db()
        return job.status != ImportJob.Status.WAITING

    wait_for(finished, timeout=60, what="the worker to import the file")
    assert job.status == ImportJob.Status.DONE, job.result
    assert job.content == b""
    assert User.objects.filter(external_id__in=["P1", "P2"]).count() == 2
    page = client.get(reverse("admin:hr_importjob_change", args=[job.pk])).content.decode()
    assert "Ny person: Anne Hansen" in page
