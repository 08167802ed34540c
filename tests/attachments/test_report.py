"""The APV report lists the attachments the reader may see, and the PDF shows the photos."""

import io

import pytest
from pypdf import PdfReader

from apps.attachments import services
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory, FindingFactory

from .files import PDF, photo, upload


@pytest.fixture
def apv(org, media):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    amr = org.user("amr", "team")
    public = FindingFactory(assessment=apv, title="Støj")
    secret = FindingFactory(assessment=apv, title="Krænkelse", confidential=True)
    services.attachment_add(
        by=amr, obj=public, title="Foto fra markvandring", kind="photo", file=upload(photo())
    )
    services.attachment_add(
        by=amr, obj=secret, title="Hemmeligt referat", kind="minutes", file=upload(PDF)
    )
    services.attachment_add(
        by=amr, obj=apv, title="Godkendt i MED", kind="approval", file=upload(PDF)
    )
    return apv


def test_the_report_lists_what_the_reader_may_see(org, apv):
    amr = client_for(org.user("amr", "team")).get(f"/reports/assessments/{apv.pk}/")
    tr = client_for(org.user("tr", "team")).get(f"/reports/assessments/{apv.pk}/")
    for text in ("Foto fra markvandring", "Godkendt i MED", "Godkendelse", "Foto"):
        assert text in amr.content.decode()
        assert text in tr.content.decode()
    assert "Hemmeligt referat" in amr.content.decode()
    assert "Hemmeligt referat" not in tr.content.decode()


def test_the_pdf_embeds_the_photos(org, apv):
    response = client_for(org.user("tr", "team")).get(f"/reports/assessments/{apv.pk}.pdf")
    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(response.content))
    sizes = [image.image.size for page in pdf.pages for image in page.images]
    assert (30, 60) in sizes  # the photo, upright
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Foto fra markvandring" in text
    assert "Hemmeligt referat" not in text
