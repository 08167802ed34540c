"""The attachment services: what is accepted (judged from the content), what a photo looks
like once stored, and that storage holds exactly the files of the attachments that exist."""

import io

import pytest
from django.db import transaction
from PIL import Image

from apps.attachments import services
from apps.attachments.models import Attachment
from apps.attachments.storage import removed_on_rollback
from apps.core.errors import DomainError
from tests.factories import ActionFactory, AssessmentFactory, EvaluationFactory, FindingFactory

from .conftest import stored_files
from .files import EXECUTABLE, PDF, office, photo, plain_zip, upload


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, phase="identification")


@pytest.fixture
def amr(org):
    return org.user("amr", "team")


def add(by, obj, data, name="bilag.pdf", kind="other"):
    return services.attachment_add(
        by=by, obj=obj, title="Bilag", kind=kind, file=upload(data, name)
    )


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF, "referat.pdf", "application/pdf"),
        (office("word"), "referat.docx", services.content.DOCX),
        (office("xl"), "maalinger.xlsx", services.content.XLSX),
        ("Støjmåling: 78 dB\n".encode(), "noter.txt", "text/plain"),
        (photo(fmt="PNG", orientation=1, gps=False), "skaerm.png", "image/png"),
        (photo(), "foto.jpg", "image/jpeg"),
    ],
)
def test_allowed_types_are_stored_with_the_type_their_content_has(
    media, apv, amr, data, name, content_type
):
    attachment = add(amr, apv, data, name)
    assert attachment.content_type == content_type
    assert attachment.uploaded_by == amr
    assert attachment.size == attachment.file.size
    assert len(stored_files(media)) == 1


def test_the_name_does_not_decide_the_type(media, apv, amr):
    attachment = add(amr, apv, PDF, "referat.exe")
    assert attachment.filename == "referat.pdf"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (EXECUTABLE, "referat.pdf", "file_type"),
        (plain_zip(), "referat.docx", "file_type"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "foto.jpg", "image_unreadable"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "foto.png", "image_unreadable"),
        (b"", "tom.pdf", "file_empty"),
        (b"text with a \x00 NUL", "noter.txt", "file_type"),
        ("æøå".encode("latin-1"), "noter.txt", "file_type"),
    ],
)
def test_refused_files_leave_nothing_behind(media, apv, amr, data, name, code):
    with pytest.raises(DomainError) as refusal:
        add(amr, apv, data, name)
    assert refusal.value.code == code
    assert refusal.value.field == "file"
    assert refusal.value.invalid_input
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused(media, apv, amr, settings):
    settings.APV_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(DomainError) as refusal:
        add(amr, apv, PDF + b" " * 100)
    assert refusal.value.code == "file_too_big"
    assert "MB" in refusal.value.message
    assert stored_files(media) == []


def test_too_many_on_one_object(media, apv, amr, settings):
    settings.APV_ATTACHMENTS_PER_OBJECT = 2
    add(amr, apv, PDF)
    add(amr, apv, PDF)
    with pytest.raises(DomainError) as refusal:
        add(amr, apv, PDF)
    assert refusal.value.code == "too_many_attachments"
    assert len(stored_files(media)) == 2


def test_a_photo_is_stored_upright_without_exif_or_gps(media, apv, amr):
    attachment = add(amr, apv, photo(width=60, height=30, orientation=6), "IMG_0001.HEIC")
    stored = Image.open(io.BytesIO(attachment.file.read()))
    assert stored.format == "JPEG"
    # Orientation 6: shown turned 90° clockwise, so the wide photo is now tall.
    assert stored.size == (30, 60)
    assert not stored.getexif()
    assert "exif" not in stored.info
    # The blue mark of the top left corner is now in the top right corner.
    red, green, blue = stored.convert("RGB").getpixel((stored.width - 3, 3))
    assert blue > 200 and red < 60
    assert attachment.filename == "IMG_0001.jpg"


def test_a_heic_photo_becomes_a_jpeg(media, apv, amr):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    image = Image.new("RGB", (40, 20), (0, 128, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(out, "HEIF", exif=exif.tobytes())
    attachment = add(amr, apv, out.getvalue(), "IMG_0002.HEIC", kind="photo")
    stored = Image.open(io.BytesIO(attachment.file.read()))
    assert (stored.format, attachment.content_type) == ("JPEG", "image/jpeg")
    assert not stored.getexif()


def test_the_objects_that_take_attachments(media, apv, amr):
    finding = FindingFactory(assessment=apv)
    action = ActionFactory(finding=finding)
    evaluation = EvaluationFactory(action=action)
    for obj in (apv, finding, action, evaluation):
        assert add(amr, obj, PDF).target == obj


def test_an_approval_belongs_to_the_apv(media, apv, amr):
    finding = FindingFactory(assessment=apv)
    assert add(amr, apv, PDF, kind="approval").kind == "approval"
    with pytest.raises(DomainError) as refusal:
        add(amr, finding, PDF, kind="approval")
    assert refusal.value.field == "kind"


def test_only_those_who_may_edit_the_object_upload(media, apv, org):
    for role in ("med", "employee"):
        with pytest.raises(DomainError) as refusal:
            add(org.user(role, "team"), apv, PDF)
        assert refusal.value.forbidden
    with pytest.raises(DomainError):
        add(org.user("amr", "sibling"), apv, PDF)
    assert stored_files(media) == []


def test_a_closed_apv_takes_no_attachments(media, org, amr):
    closed = AssessmentFactory(unit=org.team, phase="closed")
    with pytest.raises(DomainError) as refusal:
        add(amr, closed, PDF)
    assert refusal.value.code == "assessment_closed"


def test_a_write_that_fails_after_the_upload_removes_its_file(media, apv, amr):
    with pytest.raises(RuntimeError), removed_on_rollback(), transaction.atomic():
        add(amr, apv, PDF)
        assert len(stored_files(media)) == 1
        raise RuntimeError("the rest of the write failed")
    assert stored_files(media) == []
    assert Attachment.objects.count() == 0


def test_delete_by_the_uploader_or_a_coordinator_removes_the_file(
    media, apv, amr, org, django_capture_on_commit_callbacks
):
    first, second = add(amr, apv, PDF), add(amr, apv, PDF)
    with pytest.raises(DomainError) as refusal:
        services.attachment_delete(by=org.user("leader", "team"), attachment=first)
    assert refusal.value.forbidden
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(by=amr, attachment=first)
        services.attachment_delete(by=org.user("coordinator", "team"), attachment=second)
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
