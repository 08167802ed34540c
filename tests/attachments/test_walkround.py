"""The walk-round page: one submit logs the finding and its photo, or neither."""

import pytest
from django.urls import reverse

from apps.attachments.models import Attachment
from apps.findings.models import Finding
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory, factor

from .conftest import stored_files
from .files import EXECUTABLE, photo, upload

URL = "admin:attachments_attachment_walkround"


@pytest.fixture
def apv(org, media):
    return AssessmentFactory(unit=org.team, phase="identification")


def post(client, apv, data, name="IMG_0001.jpg"):
    return client.post(
        reverse(URL),
        {
            "title": "Glat gulv ved indgangen",
            "factor": factor("stoej").pk,
            "place": "Personalerummet",
            "assessment": apv.pk,
            "photo": upload(data, name),
        },
    )


def test_the_overview_links_to_it_for_those_who_log_findings(org, apv):
    page = client_for(org.user("amr", "team")).get(reverse("admin:index")).content.decode()
    assert reverse(URL) in page
    assert "Nyt fund fra markvandring" in page
    employee = client_for(org.user("employee", "team")).get(reverse("admin:index"))
    assert reverse(URL) not in employee.content.decode()
    assert client_for(org.user("employee", "team")).get(reverse(URL)).status_code == 403


def test_one_submit_logs_the_finding_and_its_photo(org, apv):
    client = client_for(org.user("amr", "team"))
    page = client.get(reverse(URL)).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    response = post(client, apv, photo())
    assert response.status_code == 302
    finding = Finding.objects.get(title="Glat gulv ved indgangen")
    assert finding.source == "walkround"
    assert "Personalerummet" in finding.description
    attachment = Attachment.objects.get(finding=finding)
    assert (attachment.kind, attachment.content_type) == ("photo", "image/jpeg")


def test_a_refused_photo_logs_nothing(org, apv, media):
    response = post(client_for(org.user("amr", "team")), apv, EXECUTABLE, "foto.jpg")
    assert response.status_code == 200
    assert "ikke tilladt" in response.content.decode()
    assert not Finding.objects.filter(title="Glat gulv ved indgangen").exists()
    assert stored_files(media) == []
