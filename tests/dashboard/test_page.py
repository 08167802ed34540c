"""The dashboard page: who may open it, and what it loads (the numbers are the API's)."""

import datetime
import html as markup
import json

from django.test import Client
from django.utils import timezone

from apps.assessments.models import Round
from apps.reports.organisation import GAPS


def test_anonymous_visitors_are_sent_to_the_admin_login(db):
    response = Client().get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/dashboard/")


def test_the_page_is_danish_and_offers_only_units_in_scope(org):
    client = Client()
    client.force_login(org.user("med", "dept"))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert f'<option value="{org.team.pk}">' in html
    assert f'<option value="{org.other_area.pk}">' not in html
    assert "/dashboard/plotly.min.js" in html


def test_the_survey_panel_says_how_small_a_group_is_never_shown(org, settings):
    # The figures are the API's; the page holds the panel and the rule, with the threshold in
    # force.
    settings.APV_ANONYMITY_THRESHOLD = 7
    client = Client()
    client.force_login(org.user("med", "dept"))
    html = client.get("/dashboard/").content.decode()
    assert '<h2 id="trivsel-h">Trivselsmåling</h2>' in html
    assert 'id="chart-survey"' in html
    assert '<table id="table-survey"' in html
    assert "Der er endnu ingen trivselsmåling." in html
    assert (
        "Enheder med færre end 7 besvarelser vises ikke for sig; de indgår i enheden over dem."
        in html
    )


def test_the_gaps_panel_says_when_an_apv_stands_still_and_links_the_organisation(org, settings):
    # The rows are the organisation API's; the page holds the panel, the rule with the setting
    # in force, the text for none, and the way to the whole organisation.
    settings.APV_PHASE_STALLED_DAYS = 45
    client = Client()
    client.force_login(org.user("med", "dept"))
    html = client.get("/dashboard/").content.decode()
    assert ">Enheder uden APV og APV'er, der står stille <span" in html
    assert "APV'er, der har været i samme fase i 45 dage eller mere." in html
    assert "Ingen – alle enheder har en APV, og ingen står stille." in html
    assert '<table id="table-gaps"' in html
    for column in ("Enhed", "Hvad mangler", "Fase", "Dage i fasen"):
        assert f">{column}</th>" in html
    assert '<a href="/admin/organisation/" data-testid="gaps-organisation">' in html
    # What a unit lacks, named as the organisation view names it, for the script to read.
    labels = html.split('data-gaps="', 1)[1].split('"', 1)[0]
    assert json.loads(markup.unescape(labels)) == GAPS


def test_the_round_panel_has_its_table_its_list_and_says_when_there_is_none(org):
    # The round and its progress are the API's; the page holds the panel, its table, the list
    # of those behind, and the texts for no round and for nobody behind.
    client = Client()
    client.force_login(org.user("med", "dept"))
    html = client.get("/dashboard/").content.decode()
    assert '<h2 id="runden-h">Runden</h2>' in html
    assert "Ingen runde er startet endnu." in html
    assert 'id="chart-round"' in html
    assert '<table id="table-round"' in html
    for column in ("Fase", "APV'er", "Heraf bagud", "Planlagt færdig"):
        assert f">{column}</th>" in html
    assert ">Bagud i forhold til planen <span" in html
    assert "Ingen er bagud." in html


def test_a_med_member_may_open_the_round_the_panel_links_to(org):
    today = timezone.localdate()
    dates = {
        f"{phase}_by": today + datetime.timedelta(days=days)
        for phase, days in (
            ("identification", 10),
            ("involvement", 20),
            ("prioritisation", 30),
            ("communication", 40),
            ("follow_up", 50),
        )
    }
    started = Round.objects.create(title="APV 2027", unit=org.dept, started_on=today, **dates)
    user = org.user("med", "dept")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(user)
    response = client.get(f"/admin/assessments/round/{started.pk}/change/")
    assert response.status_code == 200
    assert "APV 2027" in response.content.decode()


def test_plotly_js_is_served_from_the_installed_package(db):
    response = Client().get("/dashboard/plotly.min.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"plotly.js" in b"".join(response.streaming_content)[:2000]


def test_the_admin_links_to_the_dashboard(org):
    client = Client()
    client.force_login(org.user("med", "team"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'href="/dashboard/"' in response.content.decode()


def test_the_admin_lists_the_page_links_to_accept_its_filters(org, numbers):
    # The page builds these admin list URLs; a lookup the admin does not allow would be a 400.
    client = Client()
    user = org.user("med", "dept")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    risk = "kind__exact=risk&status__in=open,confirmed&confidential__exact=0"
    for url in (
        "/admin/actions/action/?overdue=yes",
        f"/admin/actions/action/?overdue=yes&finding__assessment__unit__id__exact={org.team.pk}",
        "/admin/actions/action/?status__exact=done",
        f"/admin/findings/finding/?{risk}&assessment__unit__id__exact={org.team.pk}"
        "&factor__domain__exact=krav",
        f"/admin/findings/finding/?{risk}&factor__legal_risk__exact=workload",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "?e=1" not in response.get("Location", ""), url


def test_the_chosen_filters_accept_their_links_and_offer_only_the_chosen(org, numbers):
    client = Client()
    user = org.user("leader", "dept")
    client.force_login(user)
    apv = org.team.assessments.first()
    for url, offered in (
        (f"/admin/actions/action/?finding__assessment__id__exact={apv.pk}", str(apv)),
        (f"/admin/actions/action/?finding__assessment__unit__id__exact={org.team.pk}", "Solsikken"),
        (f"/admin/actions/action/?owner__id__exact={user.pk}", "Mine"),
        (f"/admin/findings/finding/?assessment__id__exact={apv.pk}", str(apv)),
        (f"/admin/findings/finding/?assessment__unit__id__exact={org.team.pk}", "Solsikken"),
        (f"/admin/findings/dialogue/?assessment__unit__id__exact={org.team.pk}", "Solsikken"),
        (f"/admin/assessments/assessment/?unit__id__exact={org.team.pk}", "Solsikken"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert offered in response.content.decode(), url
    # A unit outside the person's scope is not offered back, and filters to nothing.
    other = org.other_area
    response = client.get(f"/admin/actions/action/?finding__assessment__unit__id__exact={other.pk}")
    assert response.status_code == 200
    assert other.name not in response.content.decode()
