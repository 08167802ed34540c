"""The attachments API as each role: uploads, lists, downloads and deletes, with the refusals
on the field `file`."""

import pytest
from rest_framework.test import APIClient

from apps.attachments import services
from tests.factories import AssessmentFactory, FindingFactory

from .files import EXECUTABLE, PDF, photo, upload


@pytest.fixture
def world(org, media):
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    public = FindingFactory(assessment=apv, title="Støj")
    secret = FindingFactory(assessment=apv, title="Krænkelse", confidential=True)
    amr = org.user("amr", "team")
    add = services.attachment_add
    return {
        "apv": apv,
        "public": public,
        "secret": secret,
        "public_file": add(
            by=amr,
            obj=public,
            title="Foto af loftet",
            kind="photo",
            file=upload(photo(), "loft.jpg"),
        ),
        "secret_file": add(
            by=amr,
            obj=secret,
            title="Referat af samtalen",
            kind="minutes",
            file=upload(PDF, "samtale.pdf"),
        ),
        "media": media,
    }


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("who", "public", "secret"),
    [
        ("coordinator@team", 200, 200),
        ("leader@team", 200, 200),
        ("amr@team", 200, 200),
        ("tr@team", 200, 404),
        ("med@team", 200, 404),
        ("employee@team", 200, 404),
        ("amr@sibling", 404, 404),
    ],
)
def test_download_reads_as_the_object_does(org, world, who, public, secret):
    client = client_of(org.user(*who.split("@")))
    for key, expected in (("public_file", public), ("secret_file", secret)):
        response = client.get(f"/api/v1/attachments/{world[key].pk}/download/")
        assert response.status_code == expected, key
        detail = client.get(f"/api/v1/attachments/{world[key].pk}/")
        assert detail.status_code == expected
    listed = {a["id"] for a in client.get("/api/v1/attachments/").json()["results"]}
    assert (world["public_file"].pk in listed) == (public == 200)
    assert (world["secret_file"].pk in listed) == (secret == 200)


def test_download_streams_the_file_with_its_name_and_type(org, world):
    response = client_of(org.user("amr", "team")).get(
        f"/api/v1/attachments/{world['secret_file'].pk}/download/", HTTP_ACCEPT="application/pdf"
    )
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="samtale.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_list_filters_by_object(org, world):
    client = client_of(org.user("coordinator", "team"))
    found = client.get(f"/api/v1/attachments/?finding={world['public'].pk}").json()["results"]
    assert [a["id"] for a in found] == [world["public_file"].pk]
    # A confidential finding the caller may not read is no valid choice.
    refused = client_of(org.user("tr", "team")).get(
        f"/api/v1/attachments/?finding={world['secret'].pk}"
    )
    assert refused.status_code == 400


def post(client, **data):
    return client.post("/api/v1/attachments/", data, format="multipart")


def test_upload_as_each_role(org, world):
    apv = world["apv"].pk
    for who, expected in [
        ("coordinator", 201),
        ("leader", 201),
        ("amr", 201),
        ("tr", 201),
        ("med", 403),
        ("employee", 403),
    ]:
        response = post(
            client_of(org.user(who, "team")),
            assessment=apv,
            title="MED-referat",
            kind="minutes",
            file=upload(PDF, "referat.pdf"),
        )
        assert response.status_code == expected, (who, response.content)
    sibling = post(
        client_of(org.user("amr", "sibling")), assessment=apv, title="x", file=upload(PDF)
    )
    assert sibling.status_code == 400
    assert "assessment" in sibling.json()


def test_upload_to_a_confidential_finding_one_may_not_read_is_refused(org, world):
    response = post(
        client_of(org.user("tr", "team")),
        finding=world["secret"].pk,
        title="x",
        file=upload(PDF),
    )
    assert response.status_code == 400
    assert "finding" in response.json()


def test_a_refused_file_is_a_400_on_file_in_danish(org, world):
    before = sorted(p.name for p in world["media"].rglob("*") if p.is_file())
    response = post(
        client_of(org.user("amr", "team")),
        finding=world["public"].pk,
        title="Faktura",
        file=upload(EXECUTABLE, "faktura.pdf"),
    )
    assert response.status_code == 400
    assert "ikke tilladt" in response.json()["file"][0]
    after = sorted(p.name for p in world["media"].rglob("*") if p.is_file())
    assert after == before


def test_exactly_one_object(org, world):
    response = post(
        client_of(org.user("amr", "team")),
        assessment=world["apv"].pk,
        finding=world["public"].pk,
        title="x",
        file=upload(PDF),
    )
    assert response.status_code == 400


def test_delete_by_uploader_or_coordinator(org, world, django_capture_on_commit_callbacks):
    url = f"/api/v1/attachments/{world['public_file'].pk}/"
    assert client_of(org.user("leader", "team")).delete(url).status_code == 403
    assert client_of(org.user("employee", "team")).delete(url).status_code == 403
    assert client_of(org.user("amr", "sibling")).delete(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client_of(org.user("amr", "team")).delete(url).status_code == 204
    names = [p.name for p in world["media"].rglob("*") if p.is_file()]
    assert names == [world["secret_file"].file.name.rsplit("/", 1)[-1]]
