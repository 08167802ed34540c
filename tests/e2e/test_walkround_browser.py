"""The walk-round on a phone, in headless Chromium at 390×844: from the start page, "Nyt fund
fra markvandring", a photo taken sideways with GPS in its EXIF, a title, a factor and a place,
one submit. The browser shrinks the photo before the upload (over a slow connection that is
the difference between seconds and minutes); the stored photo is upright, at most 2000 px on
its long side, and carries no EXIF."""

import io

import pytest
from django.core.files.storage import storages
from PIL import Image

from apps.attachments.models import Attachment
from apps.findings.models import Finding
from tests.factories import AssessmentFactory, factor

from .conftest import PHONE, in_thread, log_in, screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def camera_photo(width: int, height: int) -> bytes:
    """A phone's photo: noisy (so it weighs what a real one does), stored sideways with EXIF
    orientation 6 and the place it was taken (GPS)."""
    image = Image.effect_noise((width, height), 80).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    storage = storages["attachments"]
    for name in ("base_location", "location"):
        storage.__dict__.pop(name, None)
    return tmp_path


@pytest.fixture
def team_apv(org):
    """Made before the browser starts: Playwright's sync API runs an event loop in this thread."""
    apv = AssessmentFactory(unit=org.team, phase="identification", title="APV Solsikken 2026")
    return {"apv": apv.pk, "noise": factor("stoej").pk}


def test_the_amr_logs_a_finding_with_a_photo_on_a_phone(
    org, media, team_apv, live_server, browser, tmp_path
):
    taken = tmp_path / "IMG_0042.jpg"
    taken.write_bytes(camera_photo(2600, 1300))  # sideways: upright it is 1300 × 2600
    context = browser.new_context(viewport=PHONE, locale="da-DK")
    page = context.new_page()
    log_in(page, live_server.url, "amr_team")
    page.click("text=Nyt fund fra markvandring")
    page.wait_for_load_state("load")
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.set_input_files("input.apv-walkround-photo", str(taken))
    page.wait_for_selector("input.apv-walkround-photo[data-shrunk=true]", state="attached")
    assert not [text for text in refused if "Content Security Policy" in text]
    page.fill("#id_title", "Glat gulv ved indgangen")
    page.select_option("#id_factor", str(team_apv["noise"]))
    page.fill("#id_place", "Indgangen")
    page.select_option("#id_assessment", str(team_apv["apv"]))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    screenshot(page, "walkround-phone")
    page.click("form:has(input.apv-walkround-photo) input[type=submit]")
    page.wait_for_selector(".messagelist")
    assert "Fundet »Glat gulv ved indgangen« er registreret." in page.inner_text(".messagelist")

    def stored():
        finding = Finding.objects.get(title="Glat gulv ved indgangen")
        attachment = Attachment.objects.get(finding=finding)
        with attachment.file.open("rb") as file:
            data = file.read()
        return finding.source, finding.description, attachment.content_type, data

    source, description, content_type, data = in_thread(stored)
    assert (source, content_type) == ("walkround", "image/jpeg")
    assert "Indgangen" in description
    image = Image.open(io.BytesIO(data))
    assert image.height > image.width  # upright
    assert max(image.size) <= 2000  # shrunk by the browser before the upload
    assert not image.getexif()  # no EXIF, no GPS
    context.close()
