from django.conf import settings
from django.test import Client


def test_pages_are_danish_even_for_an_english_browser(db):
    page = Client().get("/admin/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert page.headers["Content-Language"] == "da"
    assert "Brugernavn" in page.content.decode()


def test_english_when_the_person_chooses_it(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/login/")
    assert page.headers["Content-Language"] == "en"
    assert "Username" in page.content.decode()


def test_our_catalogue_does_not_override_the_admins_own_words(org):
    """Our "Change" (a factor domain) must not turn the admin's "Change" links into
    "Forandringer"."""
    client = Client()
    client.force_login(org.user("amr", "team"))
    page = client.get("/admin/alle/").content.decode()  # the list of every page
    assert ">Ret<" in page or "Ret\n" in page
    assert "Forandringer" not in page


def test_a_role_holder_who_is_not_staff_can_log_in_to_the_admin(org):
    employee = org.user("employee", "team")
    assert not employee.is_staff
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": employee.username, "password": "demo-password"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_error_pages_are_danish_in_production(org, settings):
    """With DEBUG off, as in production: a missing page and a refusal answer in Danish, and a
    crash answers a Danish page of its own."""
    from django.urls import reverse

    from tests.factories import AssessmentFactory

    settings.DEBUG = False
    client = Client()
    client.force_login(org.user("employee", "team"))
    missing = client.get("/admin/findes-ikke/")
    assert missing.status_code == 404
    assert "Siden findes ikke" in missing.content.decode()
    assert client.get("/noget-helt-andet/").status_code == 404
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    refused = client.get(reverse("admin:assessments_assessment_transition", args=[apv.pk]))
    assert refused.status_code == 403
    assert "Det har du ikke adgang til her" in refused.content.decode()
    from django.template.loader import render_to_string

    assert "Der opstod en fejl" in render_to_string("500.html")


def test_a_read_only_page_says_view_and_a_past_version_says_version(org):
    """Django's read-only page and simple-history's past version both say "View %s" in English;
    in Danish the page is "Vis" and the version "Version af"."""
    from django.urls import reverse

    from tests.factories import AssessmentFactory

    apv = AssessmentFactory(unit=org.team, title="APV 2026 – læsning")
    client = Client()
    client.force_login(org.user("employee", "team"))
    page = client.get(reverse("admin:assessments_assessment_change", args=[apv.pk]))
    assert "<h1>Vis APV</h1>" in page.content.decode()
    version = apv.history.latest()
    past = client.get(
        reverse("admin:assessments_assessment_simple_history", args=[apv.pk, version.pk])
    )
    assert past.status_code == 200
    assert "Version af APV 2026 – læsning" in past.content.decode()
