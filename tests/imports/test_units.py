"""Importing the HR unit tree: matched by HR id, idempotent, moves that take scope along, and
bad files refused whole with a Danish message per row and column."""

import pytest
from django.core.management import CommandError, call_command

from apps import access
from apps.accounts.models import User
from apps.core.tables import ImportRefused, read_table
from apps.hr.services import units_import
from apps.hr.units import plan_units
from apps.organisation.models import Unit
from tests.factories import AssessmentFactory

from .helpers import UNITS, csv, give_hr_ids, org_units


@pytest.fixture
def hr(org):
    give_hr_ids(org)
    return org


def store(content, by=None):
    return units_import(plan_units(read_table(content), by=by), by=by)


def refused(content, by=None):
    with pytest.raises(ImportRefused) as caught:
        plan_units(read_table(content), by=by)
    return [str(e) for e in caught.value.row_errors]


def test_the_same_tree_again_changes_nothing(hr):
    summary = store(csv(UNITS, *org_units(hr)))
    assert (summary.created, summary.changed, summary.removed, summary.unchanged) == (0, 0, 0, 6)


def test_new_units_are_created_under_their_parents_in_any_order(hr):
    rows = [*org_units(hr), "U-new2;U-new1;Vuggestuen Lærken;9;team", "U-new1;U-dept;Ny;3;afdeling"]
    summary = store(csv(UNITS, *rows))
    assert (summary.created, summary.changed, summary.unchanged) == (2, 0, 6)
    lark = Unit.objects.get(external_id="U-new2")
    assert lark.parent.external_id == "U-new1" and lark.parent.kind == "department"
    assert Unit.objects.get(pk=hr.dept.pk).contains(lark)
    assert store(csv(UNITS, *rows)).created == 0


def test_a_changed_file_changes_exactly_what_changed(hr):
    store(csv(UNITS, *org_units(hr)))
    rows = org_units(hr, team="Solsikken")
    rows[4] = rows[4].replace(f";{hr.sibling.headcount};", ";31;")
    summary = store(csv(UNITS, *rows))
    assert (summary.created, summary.changed, summary.unchanged) == (0, 2, 4)
    assert Unit.objects.get(pk=hr.team.pk).name == "Solsikken"
    assert Unit.objects.get(pk=hr.sibling.pk).headcount == 31


def test_moving_a_unit_keeps_its_apvs_and_access_follows(hr):
    assessment = AssessmentFactory(unit=hr.dept)
    outsider = hr.user("coordinator", "other_area")
    assert not access.can_read(outsider, assessment)
    rows = [row.replace("U-dept;U-area;", "U-dept;U-other_area;") for row in org_units(hr)]
    summary = store(csv(UNITS, *rows))
    assert (summary.changed, summary.unchanged) == (1, 5)
    team = Unit.objects.get(pk=hr.team.pk)
    other_area = Unit.objects.get(pk=hr.other_area.pk)
    assert other_area.contains(team)
    assessment.refresh_from_db()
    assert assessment.unit_id == hr.dept.pk
    fresh = User.objects.get(pk=outsider.pk)  # grants are cached per user object
    assert access.can_read(fresh, assessment)


def test_bad_files_are_refused_whole_with_a_message_per_row_and_column(hr):
    rows = [
        *org_units(hr),
        "U-x;U-nowhere;Ukendt forælder;3;team",  # row 8
        "U-team;U-dept;Dublet;3;team",  # row 9
        "U-y;U-area;Negativ;-1;team",  # row 10
        "U-z;U-area;Forkert type;2;gruppe",  # row 11
    ]
    assert refused(csv(UNITS, *rows)) == [
        "Række 8, kolonne »overordnet_id«: Ukendt overordnet enhed »U-nowhere«.",
        "Række 9, kolonne »enhed_id«: HR-id'et »U-team« står allerede i række 5.",
        "Række 10, kolonne »antal_medarbejdere«: Antallet af medarbejdere kan ikke være "
        "negativt (-1).",
        "Række 11, kolonne »type«: Ukendt type »gruppe«: skriv organisation, område, afdeling "
        "eller team.",
    ]
    assert Unit.objects.count() == 6


def test_a_cycle_is_refused(hr):
    rows = org_units(hr)
    rows[1] = rows[1].replace("U-area;U-root;", "U-area;U-team;")
    assert refused(csv(UNITS, *rows)) == [
        "Række 3, kolonne »overordnet_id«: Enheden ville ligge under sig selv: "
        "U-area → U-team → U-dept → U-area.",
        "Række 4, kolonne »overordnet_id«: Enheden ville ligge under sig selv: "
        "U-dept → U-area → U-team → U-dept.",
        "Række 5, kolonne »overordnet_id«: Enheden ville ligge under sig selv: "
        "U-team → U-dept → U-area → U-team.",
    ]


def test_a_cycle_through_stored_units_outside_the_file_is_refused(hr):
    # The file moves the area under the team but does not list the department between them.
    assert refused(csv(UNITS, "U-area;U-team;Børn og Unge;5;area")) == [
        "Række 2, kolonne »overordnet_id«: Enheden ville ligge under sig selv: U-area → U-area.",
    ]


def test_a_coordinator_imports_only_within_their_scope(hr):
    coordinator = hr.user("coordinator", "dept")
    # Their own top unit keeps its parent (outside their scope); below it they add a unit.
    ok = csv(UNITS, "U-dept;U-area;Dagtilbud Nord;4;department", "U-new;U-dept;Ny;2;team")
    summary = store(ok, by=coordinator)
    assert (summary.created, summary.changed) == (1, 1)
    assert refused(csv(UNITS, "U-new2;U-area;Ny;2;team"), by=coordinator) == [
        "Række 2, kolonne »overordnet_id«: Ukendt overordnet enhed »U-area«.",
    ]
    assert refused(csv(UNITS, "U-other_area;U-dept;Flyttet;2;area"), by=coordinator) == [
        "Række 2, kolonne »enhed_id«: HR-id'et »U-other_area« tilhører en enhed uden for dit "
        "område.",
    ]
    assert refused(csv(UNITS, "U-top;;Ny top;2;organisation"), by=coordinator) == [
        "Række 2, kolonne »overordnet_id«: Angiv den enhed, enheden hører under.",
    ]


def test_the_command_reports_and_refuses(hr, tmp_path, capsys):
    good = tmp_path / "enheder.csv"
    good.write_bytes(csv(UNITS, *org_units(hr), "U-new;U-dept;Ny;2;team"))
    call_command("import_units", str(good), "--no-progress")
    assert capsys.readouterr().out.strip() == (
        "enheder.csv: 1 nye, 0 ændrede, 0 fjernede og 6 uændrede enheder."
    )
    bad = tmp_path / "forkert.csv"
    bad.write_bytes(csv(UNITS, "U-x;U-nowhere;X;1;team"))
    with pytest.raises(CommandError, match="Intet er gemt"):
        call_command("import_units", str(bad), "--no-progress")
    assert (
        "forkert.csv: Række 2, kolonne »overordnet_id«: Ukendt overordnet enhed »U-nowhere«."
        in (capsys.readouterr().err)
    )
