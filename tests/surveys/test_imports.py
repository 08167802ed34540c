"""Importing survey results and sickness absence: good files stored whole, bad ones refused
whole with a Danish message per row and column, re-imports that replace."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.core.management import CommandError, call_command

from apps.core.tables import ImportRefused, read_table
from apps.surveys.imports import plan_absence, plan_survey
from apps.surveys.models import SicknessAbsence, Survey, SurveyFigure, SurveyResult
from apps.surveys.services import absence_import, survey_import

from .files import SURVEY_HEADER, csv_bytes, xlsx_bytes

NAME = "Trivselsmåling 2026"


def survey_rows(team="HR-T1", sibling="Børnehuset Mælkebøtten"):
    return [
        (NAME, "2026-11-04", team, "Arbejdsmængde", "68,5", 9),
        (NAME, "2026-11-04", team, "Anerkendelse", "46", 9),
        (NAME, "2026-11-04", sibling, "Arbejdsmængde", "40", 7),
        (NAME, "2026-11-04", sibling, "Anerkendelse", "70", 7),
    ]


@pytest.fixture
def hr(org):
    org.team.external_id = "HR-T1"
    org.team.save()
    return org


def refused(content, by=None, planner=plan_survey):
    with pytest.raises(ImportRefused) as caught:
        planner(read_table(content), by=by)
    return [str(e) for e in caught.value.row_errors]


def store(content, by=None):
    return survey_import(plan_survey(read_table(content), by=by), by=by)


def test_a_semicolon_csv_with_decimal_commas_is_stored_with_its_figures(hr):
    summary = store(csv_bytes(SURVEY_HEADER, survey_rows()))
    assert (summary.created, summary.changed, summary.removed) == (4, 0, 0)
    survey = Survey.objects.get(name=NAME, conducted_on=datetime.date(2026, 11, 4))
    team = SurveyResult.objects.get(survey=survey, unit=hr.team, factor__code="arbejdsmaengde")
    assert (team.score, team.respondents, team.higher_is_better) == (Decimal("68.5"), 9, False)
    # The department's figure is its subtree's: 16 respondents, the weighted mean.
    dept = SurveyFigure.objects.get(survey=survey, unit=hr.dept, factor__code="arbejdsmaengde")
    assert dept.respondents == 16
    assert dept.score == Decimal("56.0")  # (68.5 * 9 + 40 * 7) / 16 = 56.03


def test_an_xlsx_file_reads_as_the_csv_does(hr):
    with_points = [(*row[:4], row[4].replace(",", "."), row[5]) for row in survey_rows()]
    from_csv = plan_survey(read_table(csv_bytes(SURVEY_HEADER, with_points, ",")), by=None)
    rows = [
        (n, datetime.date(2026, 11, 4), u, d, float(s.replace(",", ".")), r)
        for n, _, u, d, s, r in survey_rows()
    ]
    from_xlsx = plan_survey(read_table(xlsx_bytes(SURVEY_HEADER, rows)), by=None)
    assert [r.key + (r.score, r.respondents) for r in from_xlsx] == [
        r.key + (r.score, r.respondents) for r in from_csv
    ]


def test_a_reimport_of_the_same_survey_replaces_it(hr):
    store(csv_bytes(SURVEY_HEADER, survey_rows()))
    rows = survey_rows()[:3]
    rows[0] = (*rows[0][:4], "70", 9)
    summary = store(csv_bytes(SURVEY_HEADER, rows))
    assert (summary.created, summary.changed, summary.removed, summary.unchanged) == (0, 1, 1, 2)
    assert Survey.objects.filter(name=NAME).count() == 1
    assert SurveyResult.objects.filter(survey__name=NAME).count() == 3


def test_a_bad_file_is_refused_whole_with_a_message_per_row_and_column(hr):
    rows = [
        (NAME, "2026-11-04", "HR-T1", "Arbejdsmængde", "120", 9),
        (NAME, "4/11", "Ukendt Hus", "Arbejdsmængde", "50", 9),
        (NAME, "2026-11-04", "HR-T1", "Kaffekvalitet", "50", -3),
        (NAME, "2026-11-04", "HR-T1", "Anerkendelse", "50", 9),
        (NAME, "2026-11-04", "HR-T1", "Anerkendelse", "55", 9),
        ("", "2026-11-04", "HR-T1", "Stress", "abc", "2,5"),
    ]
    assert refused(csv_bytes(SURVEY_HEADER, rows)) == [
        "Række 2, kolonne »score«: Scoren skal ligge mellem 0 og 100, ikke 120.",
        "Række 3, kolonne »dato«: »4/11« er ikke en dato (skriv fx 2026-11-01 eller 01-11-2026).",
        "Række 3, kolonne »enhed«: Ukendt enhed »Ukendt Hus«: hverken HR-id eller navn på en "
        "enhed, du må importere til.",
        "Række 4, kolonne »besvarelser«: Antallet af besvarelser kan ikke være negativt (-3).",
        "Række 4, kolonne »dimension«: Ukendt dimension »Kaffekvalitet«: tilføj den under "
        "trivselsmålingens dimensioner, eller ret filen.",
        "Række 6, kolonne »dimension«: Samme undersøgelse, enhed og faktor står allerede i "
        "række 5.",
        "Række 7, kolonne »besvarelser«: »2,5« er ikke et helt tal.",
        "Række 7, kolonne »score«: »abc« er ikke et tal.",
        "Række 7, kolonne »undersøgelse«: Feltet er tomt.",
    ]
    assert not Survey.objects.exists()


def test_a_wrong_column_is_named(hr):
    header = ["undersøgelse", "dato", "afdeling", "dimension", "score", "besvarelser"]
    assert refused(csv_bytes(header, survey_rows())) == [
        "Række 1, kolonne »afdeling«: Ukendt kolonne; filen skal have kolonnerne undersøgelse, "
        "dato, enhed, dimension, score, besvarelser.",
        "Række 1, kolonne »enhed«: Kolonnen mangler.",
    ]


def test_a_file_that_is_no_spreadsheet_is_refused():
    assert refused(b"\x00\xff\xfe garbage") == [
        "Række 1: Filen er hverken XLSX eller UTF-8-tekst; gem den som XLSX eller CSV UTF-8."
    ]
    assert refused(b"PK\x03\x04 not a zip") == [
        "Række 1: Filen kunne ikke læses som CSV eller XLSX."
    ]


def test_a_coordinator_imports_only_within_their_scope(hr):
    coordinator = hr.user("coordinator", "other_area")
    messages = refused(csv_bytes(SURVEY_HEADER, survey_rows()[:1]), by=coordinator)
    assert messages == [
        "Række 2, kolonne »enhed«: Ukendt enhed »HR-T1«: hverken HR-id eller navn på en enhed, "
        "du må importere til."
    ]
    assert store(csv_bytes(SURVEY_HEADER, survey_rows()), by=hr.user("coordinator", "dept"))


def test_a_reimport_by_a_coordinator_keeps_what_lies_outside_their_scope(hr):
    store(csv_bytes(SURVEY_HEADER, survey_rows()))
    coordinator = hr.user("coordinator", "team")
    summary = store(csv_bytes(SURVEY_HEADER, survey_rows()[:1]), by=coordinator)
    assert summary.removed == 1  # the team's other row; the sibling's two stay
    assert SurveyResult.objects.filter(unit=hr.sibling).count() == 2


ABSENCE_HEADER = ["enhed", "fra", "til", "dage_pr_fuldtid", "kommunegennemsnit"]


def test_sickness_absence_is_stored_and_replaced_per_period(hr):
    rows = [("HR-T1", "2025-12-01", "2026-11-30", "12,4", "11,2")]
    plan = plan_absence(read_table(csv_bytes(ABSENCE_HEADER, rows)), by=None)
    assert absence_import(plan, by=None).created == 1
    rows = [("HR-T1", "01-12-2025", "30-11-2026", "13", "")]
    plan = plan_absence(read_table(csv_bytes(ABSENCE_HEADER, rows)), by=None)
    assert absence_import(plan, by=None).changed == 1
    absence = SicknessAbsence.objects.get(unit=hr.team)
    assert (absence.days_per_fte, absence.municipality_average) == (Decimal("13"), None)


def test_bad_absence_rows_are_named(hr):
    rows = [
        ("HR-T1", "2026-11-30", "2025-12-01", "400", "11"),
        ("HR-T1", "2025-12-01", "2026-11-30", "9", "x"),
    ]
    assert refused(csv_bytes(ABSENCE_HEADER, rows), planner=plan_absence) == [
        "Række 2, kolonne »dage_pr_fuldtid«: Dage pr. fuldtidsansat skal ligge mellem 0 og 366, "
        "ikke 400.",
        "Række 2, kolonne »til«: Perioden slutter, før den begynder.",
        "Række 3, kolonne »kommunegennemsnit«: »x« er ikke et tal.",
    ]


def test_the_command_imports_and_names_the_rows_of_a_refused_file(hr, tmp_path, capsys):
    good = tmp_path / "maaling.csv"
    good.write_bytes(csv_bytes(SURVEY_HEADER, survey_rows()))
    call_command("import_survey", str(good), "--no-progress")
    assert "maaling.csv: 4 nye, 0 ændrede, 0 fjernede og 0 uændrede resultater." in (
        capsys.readouterr().out
    )
    bad = tmp_path / "forkert.xlsx"
    rows = [(NAME, datetime.date(2026, 11, 4), "HR-T1", "Stress", 150, 9)]
    bad.write_bytes(xlsx_bytes(SURVEY_HEADER, rows))
    with pytest.raises(CommandError, match="Filen blev ikke importeret: 1 fejl. Intet er gemt."):
        call_command("import_survey", str(bad), "--no-progress")
    assert (
        "forkert.xlsx: Række 2, kolonne »score«: Scoren skal ligge mellem 0 og 100, ikke 150."
        in (capsys.readouterr().err)
    )
    assert SurveyResult.objects.count() == 4


def test_an_empty_dataset_says_so():
    with pytest.raises(ImportRefused) as caught:
        plan_survey(tablib.Dataset(headers=SURVEY_HEADER), by=None)
    assert [str(e) for e in caught.value.row_errors] == [
        "Række 1: Filen har ingen rækker under overskrifterne."
    ]
