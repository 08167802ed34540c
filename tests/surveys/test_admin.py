"""Surveys in the admin as people use it: a coordinator imports with a preview, a bad file is
named row by row and stores nothing, the AMR accepts proposals from the APV's page, and the
report shows the survey and the absence beside the sickness-absence note."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.findings.models import Finding
from apps.surveys.models import SicknessAbsence, SurveyResult
from apps.surveys.services import survey_import
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory

from .files import SURVEY_HEADER, csv_bytes, survey_rows_for

NAME = "Trivselsmåling 2026"


def upload(client, url, content, name="maaling.csv"):
    return client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": "0"})


def test_a_coordinator_imports_a_survey_through_the_preview(org):
    client = client_for(org.user("coordinator", "dept"))
    url = "/admin/surveys/survey/import/"
    page = client.get(url).content.decode()
    assert "undersøgelse</code>, <code>dato</code>" in page
    rows = [
        (NAME, "04-11-2026", "Børnehuset Solsikken", "Arbejdstempo", "71", 9),
        (NAME, "04-11-2026", "Børnehuset Mælkebøtten", "Arbejdstempo", "55,5", 8),
    ]
    preview = upload(client, url, csv_bytes(SURVEY_HEADER, rows))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Forhåndsvisning" in html and html.count(">Ny<") + html.count("Ny\n") >= 2
    assert not SurveyResult.objects.exists()
    confirm = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', html))
    done = client.post("/admin/surveys/survey/process_import/", confirm, follow=True)
    assert "Importeret: 2 nye, 0 ændrede, 0 fjernede, 0 uændrede." in done.content.decode()
    assert SurveyResult.objects.count() == 2


def test_a_bad_file_in_the_admin_is_named_and_stores_nothing(org):
    client = client_for(org.user("coordinator", "dept"))
    rows = [
        (NAME, "2026-11-04", "Børnehuset Solsikken", "Arbejdstempo", "171", 9),
        (NAME, "2026-11-04", "Nabohuset", "Arbejdstempo", "50", -1),
    ]
    html = upload(client, "/admin/surveys/survey/import/", csv_bytes(SURVEY_HEADER, rows))
    html = html.content.decode()
    assert "Filen blev ikke importeret" in html
    assert "Kolonne »score«: Scoren skal ligge mellem 0 og 100, ikke 171." in html
    assert "Kolonne »enhed«: Ukendt enhed »Nabohuset«" in html
    assert "Kolonne »besvarelser«: Antallet af besvarelser kan ikke være negativt (-1)." in html
    assert "Bekræft import" not in html
    header = ["undersøgelse", "dato", "enhed"]
    html = upload(client, "/admin/surveys/survey/import/", csv_bytes(header, [(NAME, "x", "y")]))
    assert "Række 1, kolonne »dimension«: Kolonnen mangler." in html.content.decode()
    assert not SurveyResult.objects.exists()


def test_only_coordinators_import(org):
    assert client_for(org.user("amr", "team")).get("/admin/surveys/survey/import/").status_code == (
        403
    )


def test_the_amr_accepts_three_proposals_from_the_apv(org):
    rows = survey_rows_for({org.team: 9}, "Arbejdstempo", 72)  # high is a problem
    rows += survey_rows_for({org.team: 9}, "Anerkendelse", 41)
    rows += survey_rows_for({org.team: 9}, "Forudsigelighed", 44)
    rows += survey_rows_for({org.team: 9}, "Mening i arbejdet", 80)
    survey_import(rows, by=None)
    apv = AssessmentFactory(unit=org.team, title="APV Solsikken 2026")
    client = client_for(org.user("amr", "team"))
    url = f"/admin/surveys/survey/proposals/{apv.pk}/"
    start = client.get("/admin/").content.decode()
    assert f'<a href="{url}">3 forslag til fund fra trivselsmålingen</a>' in start
    page = client.get(f"/admin/assessments/assessment/{apv.pk}/change/").content.decode()
    assert "3 forslag til fund fra trivselsmålingen" in page
    assert ">Fra trivselsmålingen<" in page
    html = client.get(url).content.decode()
    chosen = re.findall(r'name="proposal" value="([0-9-]+)"', html)
    assert len(chosen) == 3
    done = client.post(url, {"proposal": chosen, "accept": "1"}, follow=True)
    assert "3 fund oprettet fra trivselsmålingen." in done.content.decode()
    assert done.redirect_chain[-1][0] == f"/admin/assessments/assessment/{apv.pk}/change/"
    titles = set(
        Finding.objects.filter(assessment=apv, source="survey").values_list("title", flat=True)
    )
    assert titles == {
        "Trivselsmåling: Arbejdstempo fik 72,0",
        "Trivselsmåling: Anerkendelse fik 41,0",
        "Trivselsmåling: Forudsigelighed fik 44,0",
    }


def test_the_report_shows_the_survey_and_the_absence(org):
    rows = survey_rows_for({org.team: 3, org.sibling: 9}, "Anerkendelse", 41)
    survey_import(rows, by=None)
    SicknessAbsence.objects.create(
        unit=org.team,
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2026, 11, 30),
        days_per_fte="12.4",
        municipality_average="11.2",
    )
    apv = AssessmentFactory(unit=org.team)
    html = client_for(org.user("tr", "team")).get(f"/reports/assessments/{apv.pk}/")
    html = html.content.decode()
    assert "Sygefravær 01.12.2025–30.11.2026: <strong>12,4 dage pr. fuldtidsansat</strong>" in html
    assert "(kommunens gennemsnit: 11,2)" in html
    # The team's three answers are shown only as part of the department's twelve.
    assert 'Anerkendelse <span class="muted">(tal for Dagtilbud Nord)</span>' in html
    assert "<td>41,0</td><td>–</td><td>12</td>" in html


def test_a_coordinator_imports_sickness_absence_and_a_second_import_changes_it(org):
    client = client_for(org.user("coordinator", "dept"))
    url = "/admin/surveys/sicknessabsence/import/"
    header = ["enhed", "fra", "til", "dage_pr_fuldtid", "kommunegennemsnit"]
    first_preview = ""
    steps = (("12,4", "Ny", "1 nye, 0 ændrede"), ("13,1", "Ændres", "0 nye, 1 ændrede"))
    for days, kind, expected in steps:
        rows = [("Børnehuset Solsikken", "01-12-2025", "30-11-2026", days, "11,2")]
        html = upload(client, url, csv_bytes(header, rows)).content.decode()
        preview = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        assert f"{kind} Børnehuset Solsikken 01.12.2025 30.11.2026" in preview
        first_preview = first_preview if kind != "Ny" else preview
        confirm = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', html))
        done = client.post("/admin/surveys/sicknessabsence/process_import/", confirm, follow=True)
        assert f"Importeret: {expected}" in done.content.decode()
    assert str(SicknessAbsence.objects.get(unit=org.team).days_per_fte) == "13.1"
    assert "12,4 11,2" in first_preview


def test_the_figures_list_filters_by_the_surveys_in_reach(org):
    survey_import(survey_rows_for({org.sibling: 6}, "Stress", 30), by=None)
    figure_list = "/admin/surveys/surveyfigure/"
    amr = client_for(org.user("amr", "other_area"))
    page = amr.get(figure_list).content.decode()
    assert "Trivselsmåling 2026" in page  # the municipality's figure is theirs too
    from apps.surveys.models import Survey

    survey = Survey.objects.get()
    filtered = amr.get(figure_list, {"survey__id__exact": survey.pk})
    assert filtered.status_code == 200
    assert "Børnehuset Mælkebøtten" not in filtered.content.decode()
