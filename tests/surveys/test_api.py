"""Surveys over the API: figures and the heatmap only as the anonymity rule allows and within
scope, proposals accepted into findings, imports refused row by row."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from apps.dashboard.api import SurveyHeatmapSerializer
from apps.findings.models import Finding
from apps.surveys.selectors import survey_heatmap
from apps.surveys.services import survey_import
from tests.factories import AssessmentFactory

from .files import SURVEY_HEADER, csv_bytes, survey_rows_for

EARLIER = datetime.date(2024, 11, 6)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def surveyed(org):
    """2024: team 8 (score 50 on Arbejdstempo, a high score a problem); 2026: team 6 (score 70)
    and sibling 6 (score 30) on Arbejdstempo, and Anerkendelse for the team (45, weak)."""
    survey_import(
        survey_rows_for({org.team: 8}, "Arbejdstempo", 50, "Trivselsmåling 2024", EARLIER),
        by=None,
    )
    # One file (an import replaces the survey's earlier results): the team and the sibling.
    rows = survey_rows_for({org.team: 6}, "Arbejdstempo", 70)
    rows += survey_rows_for({org.sibling: 6}, "Arbejdstempo", 30)
    rows += survey_rows_for({org.team: 6}, "Anerkendelse", 45)
    survey_import(rows, by=None)
    return org


def heatmap(user, **params):
    response = api(user).get("/api/v1/dashboard/survey-heatmap/", params)
    assert response.status_code == 200
    return response.json()


def cells(data):
    return {
        row["unit_name"]: {code: cell["score"] for code, cell in row["cells"].items()}
        for row in data["rows"]
    }


def test_the_heatmap_shows_the_latest_survey_beside_the_one_before(surveyed):
    org = surveyed
    data = heatmap(org.user("coordinator", "dept"))
    assert data["survey"]["name"] == "Trivselsmåling 2026"
    assert data["previous_survey"]["name"] == "Trivselsmåling 2024"
    # The department's units, and the units above it that it is part of.
    assert cells(data) == {
        "Kommunen": {"arbejdstempo": "50.0", "anerkendelse": "45.0"},
        "Børn og Unge": {"arbejdstempo": "50.0", "anerkendelse": "45.0"},
        "Dagtilbud Nord": {"arbejdstempo": "50.0", "anerkendelse": "45.0"},
        "Børnehuset Solsikken": {"arbejdstempo": "70.0", "anerkendelse": "45.0"},
        "Børnehuset Mælkebøtten": {"arbejdstempo": "30.0"},
    }
    team = next(row for row in data["rows"] if row["unit"] == org.team.pk)
    assert team["cells"]["arbejdstempo"] == {"score": "70.0", "respondents": 6, "previous": "50.0"}
    assert sorted(f["code"] for f in data["factors"]) == ["anerkendelse", "arbejdstempo"]


def test_the_heatmap_rows_are_written_as_its_serializer_describes_them(surveyed):
    org = surveyed
    user = org.user("coordinator", "root")
    described = SurveyHeatmapSerializer(survey_heatmap(user)).data
    assert heatmap(user) == json.loads(JSONRenderer().render(described))
    assert len(described["rows"]) == 5


def test_the_heatmap_keeps_to_the_callers_scope(surveyed):
    org = surveyed
    # A team sees its own figure and those of the units it is part of, not its sibling's.
    assert set(cells(heatmap(org.user("amr", "team")))) == {
        "Kommunen",
        "Børn og Unge",
        "Dagtilbud Nord",
        "Børnehuset Solsikken",
    }
    assert set(cells(heatmap(org.user("amr", "other_area")))) == {"Kommunen"}
    response = api(org.user("amr", "team")).get(
        "/api/v1/dashboard/survey-heatmap/", {"unit": org.sibling.pk}
    )
    assert response.status_code == 400


def test_a_small_team_is_hidden_and_so_is_the_sibling_it_could_be_worked_out_from(org):
    survey_import(survey_rows_for({org.team: 6, org.sibling: 2}, "Arbejdstempo", 40), by=None)
    data = heatmap(org.user("coordinator", "root"))
    # The sibling's 2 are rolled into the department; showing the team's 6 beside the
    # department's 8 would give the sibling's score away, so the team is hidden too.
    assert set(cells(data)) == {"Kommunen", "Børn og Unge", "Dagtilbud Nord"}
    figures = api(org.user("coordinator", "root")).get("/api/v1/survey-figures/").json()
    assert {f["unit_name"] for f in figures["results"]} == set(cells(data))
    assert all(f["respondents"] >= 5 for f in figures["results"])


def test_proposals_become_findings_with_source_survey(surveyed):
    org = surveyed
    apv = AssessmentFactory(unit=org.team)
    amr = api(org.user("amr", "team"))
    url = f"/api/v1/assessments/{apv.pk}/survey-proposals/"
    proposals = amr.get(url).json()
    assert {p["factor_name"]: (p["weak"], p["falling"]) for p in proposals} == {
        "Arbejdstempo": (True, True),  # 70 where high is a problem, and 20 worse than 50
        "Anerkendelse": (True, False),
    }
    pace = next(p for p in proposals if p["factor_name"] == "Arbejdstempo")
    assert pace["title"] == "Trivselsmåling: Arbejdstempo fik 70,0"
    assert pace["previous"] == "50.0"
    keys = [{"survey": p["survey"], "factor": p["factor"]} for p in proposals]
    response = amr.post(url, {"accept": keys[:1], "reject": keys[1:]}, format="json")
    assert response.status_code == 201, response.content
    finding = Finding.objects.get(pk=response.json()[0]["finding"])
    assert (finding.source, finding.kind, finding.reported_by) == (
        "survey",
        "risk",
        org.user("amr", "team"),
    )
    assert finding.survey_proposal.survey_id == keys[0]["survey"]
    assert amr.get(url).json() == []
    again = amr.post(url, {"accept": keys[:1]}, format="json")
    assert again.status_code == 400
    assert again.json() == {"proposals": ["Det er ikke (længere) et forslag til denne APV."]}


def test_who_may_decide_proposals(surveyed):
    org = surveyed
    apv = AssessmentFactory(unit=org.team)
    url = f"/api/v1/assessments/{apv.pk}/survey-proposals/"
    assert api(org.user("employee", "team")).get(url).status_code == 200
    assert api(org.user("employee", "team")).post(url, {}, format="json").status_code == 403
    assert api(org.user("amr", "sibling")).get(url).status_code == 404


def test_a_small_team_is_proposed_its_parents_figure(org):
    survey_import(survey_rows_for({org.team: 3, org.sibling: 9}, "Anerkendelse", 40), by=None)
    apv = AssessmentFactory(unit=org.team)
    proposals = api(org.user("amr", "team")).get(f"/api/v1/assessments/{apv.pk}/survey-proposals/")
    [proposal] = proposals.json()
    assert proposal["unit"] == org.dept.pk
    assert "Tallet er for Dagtilbud Nord" in proposal["description"]


def test_a_coordinator_imports_over_the_api_and_a_bad_file_is_named_row_by_row(org):
    org.team.external_id = "HR-T1"
    org.team.save()
    coordinator = api(org.user("coordinator", "dept"))
    rows = [("Måling", "2026-11-04", "HR-T1", "Stress", "41,5", 7)]
    upload = SimpleUploadedFile("maaling.csv", csv_bytes(SURVEY_HEADER, rows))
    response = coordinator.post("/api/v1/surveys/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 1, "changed": 0, "removed": 0, "unchanged": 0}
    rows = [("Måling", "2026-11-04", "HR-T1", "Stress", "141", 7)]
    upload = SimpleUploadedFile("maaling.csv", csv_bytes(SURVEY_HEADER, rows))
    response = coordinator.post("/api/v1/surveys/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "Filen blev ikke importeret: 1 fejl.",
            "Række 2, kolonne »score«: Scoren skal ligge mellem 0 og 100, ikke 141.",
        ]
    }
    upload = SimpleUploadedFile("maaling.csv", csv_bytes(SURVEY_HEADER, rows))
    amr = api(org.user("amr", "team"))
    assert amr.post(
        "/api/v1/surveys/import/", {"file": upload}, format="multipart"
    ).status_code == (403)


def test_sickness_absence_over_the_api_is_scoped(org):
    from apps.surveys.models import SicknessAbsence

    for unit, days in ((org.team, "12.5"), (org.sibling, "9.0")):
        SicknessAbsence.objects.create(
            unit=unit,
            period_start=datetime.date(2025, 12, 1),
            period_end=datetime.date(2026, 11, 30),
            days_per_fte=Decimal(days),
        )
    rows = api(org.user("amr", "team")).get("/api/v1/sickness-absence/").json()["results"]
    assert [(r["unit_name"], r["days_per_fte"]) for r in rows] == [("Børnehuset Solsikken", "12.5")]


def test_a_unit_carries_its_hr_id_over_the_api(org):
    coordinator = api(org.user("coordinator", "dept"))
    response = coordinator.patch(
        f"/api/v1/units/{org.team.pk}/", {"external_id": " NK-1111 "}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["external_id"] == "NK-1111"
    found = coordinator.get("/api/v1/units/", {"external_id": "NK-1111"}).json()["results"]
    assert [u["id"] for u in found] == [org.team.pk]
    taken = coordinator.patch(
        f"/api/v1/units/{org.sibling.pk}/", {"external_id": "NK-1111"}, format="json"
    )
    assert taken.status_code == 400
    assert taken.json() == {"external_id": ["En anden enhed har allerede dette HR-id."]}
    cleared = coordinator.patch(f"/api/v1/units/{org.team.pk}/", {"external_id": ""}, format="json")
    assert cleared.json()["external_id"] is None
