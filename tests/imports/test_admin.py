"""The HR imports in the admin, as a coordinator: upload, preview of what changes, confirm;
a large file goes to the background (the Celery task is called synchronously here: the
on-commit hook runs it in-process, not through a worker)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.hr import jobs
from apps.hr.models import ImportJob
from tests.admin_helpers import client_for

from .helpers import PEOPLE, UNITS, csv, give_hr_ids

ROWS = (
    "P1;Anne Hansen;anne@example.dk;U-team;leder;",
    "P2;Bo Berg;bo@example.dk;U-sibling;medarbejder;",
)


def upload(client, url, content, **extra):
    data = {"format": "0", "import_file": SimpleUploadedFile("hr.csv", content), **extra}
    return client.post(url, data)


def test_a_coordinator_previews_and_confirms_a_people_file(org):
    give_hr_ids(org)
    client = client_for(org.user("coordinator", "dept"))
    url = reverse("admin:accounts_user_import")
    preview = upload(client, url, csv(PEOPLE, *ROWS))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Det ændrer importen" in page and "Ny person: Anne Hansen" in page
    assert "<td><span>Ja</span></td>" in page  # "active" reads Ja/Nej, not 1/0
    assert not User.objects.filter(external_id="P1").exists()  # the preview stores nothing
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    done = client.post(reverse("admin:accounts_user_process_import"), data, follow=True)
    assert "Importeret. Nye: 2, ændrede: 0, fratrådte: 0, uændrede: 0" in done.content.decode()
    assert User.objects.filter(external_id__in=["P1", "P2"]).count() == 2


def test_a_bad_unit_file_shows_its_errors_and_stores_nothing(org):
    give_hr_ids(org)
    client = client_for(org.user("coordinator", "dept"))
    response = upload(
        client, reverse("admin:organisation_unit_import"), csv(UNITS, "U-x;U-area;X;1;team")
    )
    page = response.content.decode()
    assert "Ukendt overordnet enhed »U-area«." in page
    assert "confirm_form" not in response.context or not response.context["confirm_form"]


def test_a_large_file_is_imported_in_the_background(
    org, settings, django_capture_on_commit_callbacks
):
    give_hr_ids(org)
    settings.APV_IMPORT_BACKGROUND_ROWS = 1
    settings.CELERY_TASK_ALWAYS_EAGER = True
    coordinator = org.user("coordinator", "dept")
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, reverse("admin:accounts_user_import"), csv(PEOPLE, *ROWS))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:hr_importjob_change", args=[job.pk])
    assert job.status == "waiting" and job.rows == 2 and job.created_by == coordinator
    assert len(callbacks) == 1
    jobs.import_job_run(job.pk)  # what the task does, in-process
    job.refresh_from_db()
    assert job.status == "done" and job.content == b""
    assert job.result.startswith("Importeret. Nye: 2,")
    assert User.objects.filter(external_id__in=["P1", "P2"]).count() == 2
    # Run again (a redelivered task), it does nothing.
    assert jobs.import_job_run(job.pk).status == "done"
    page = client.get(reverse("admin:hr_importjob_change", args=[job.pk])).content.decode()
    assert "Ny person: Anne Hansen" in page


def test_a_refused_background_file_says_why(org):
    give_hr_ids(org)
    job = ImportJob.objects.create(
        kind="units",
        file_name="x.csv",
        content=csv(UNITS, "U-x;U-nowhere;X;1;team"),
        created_by=org.user("coordinator", "root"),
    )
    jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "refused"
    assert "Række 2, kolonne »overordnet_id«: Ukendt overordnet enhed »U-nowhere«." in job.result
