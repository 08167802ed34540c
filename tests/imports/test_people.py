"""Importing people with their roles: matched by HR id, roles made to match the file under its
root unit, leavers deactivated, idempotent, refused whole on bad input, scoped for coordinators."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.core.tables import ImportRefused, read_table
from apps.hr.people import plan_people
from apps.hr.services import people_import
from apps.organisation.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, UserFactory

from .helpers import PEOPLE, csv, give_hr_ids


@pytest.fixture
def hr(org):
    give_hr_ids(org)
    return org


def store(content, by=None, complete=False):
    return people_import(plan_people(read_table(content), by=by), by=by, complete=complete)


def refused(content, by=None):
    with pytest.raises(ImportRefused) as caught:
        plan_people(read_table(content), by=by)
    return [str(e) for e in caught.value.row_errors]


def roles(user):
    """The roles in effect today (an ended one stays, with its last day)."""
    in_effect = RoleAssignment.objects.in_effect().filter(user=user)
    return sorted((a.unit.external_id, a.role) for a in in_effect)


ROWS = (
    "P1;Anne Marie Hansen;anne@example.dk;U-team;leder;",
    "P1;Anne Marie Hansen;anne@example.dk;U-sibling;amr;",
    "P2;Bo Berg;bo@example.dk;U-sibling;Medarbejder;",
)


def counts(summary):
    return (summary.created, summary.changed, summary.removed, summary.unchanged)


def test_new_people_get_their_roles_and_a_second_import_changes_nothing(hr):
    summary = store(csv(PEOPLE, *ROWS))
    assert counts(summary) == (2, 0, 0, 0)
    assert (summary.roles_added, summary.roles_ended) == (3, 0)
    anne = User.objects.get(external_id="P1")
    assert (anne.first_name, anne.last_name, anne.email) == (
        "Anne Marie",
        "Hansen",
        "anne@example.dk",
    )
    assert anne.username == "anne" and not anne.has_usable_password()
    assert roles(anne) == [("U-sibling", "amr"), ("U-team", "leader")]
    again = store(csv(PEOPLE, *ROWS))
    assert counts(again) == (0, 0, 0, 2)
    assert (again.roles_added, again.roles_ended) == (0, 0)
    assert User.objects.filter(external_id__in=["P1", "P2"]).count() == 2


def test_a_changed_file_changes_exactly_what_changed(hr):
    store(csv(PEOPLE, *ROWS))
    changed = (
        "P1;Anne Marie Hansen;anne.hansen@example.dk;U-team;leder;",  # new e-mail, no amr
        "P2;Bo Berg;bo@example.dk;U-sibling;medarbejder;",
    )
    summary = store(csv(PEOPLE, *changed))
    assert counts(summary) == (0, 1, 0, 1)
    assert (summary.roles_added, summary.roles_ended) == (0, 1)
    anne = User.objects.get(external_id="P1")
    assert anne.email == "anne.hansen@example.dk"
    assert roles(anne) == [("U-team", "leader")]


def test_a_person_without_an_hr_id_is_adopted_by_their_e_mail(hr):
    leader = hr.user("leader", "team")
    row = f"P9;Lis Leder;{leader.email};U-team;leder;"
    summary = store(csv(PEOPLE, row))
    assert counts(summary) == (0, 1, 0, 0)
    leader.refresh_from_db()
    assert leader.external_id == "P9" and (leader.first_name, leader.last_name) == ("Lis", "Leder")


def test_a_leaver_is_deactivated_and_loses_their_roles(hr):
    store(csv(PEOPLE, *ROWS))
    summary = store(csv(PEOPLE, ROWS[0], ROWS[1], "P2;Bo Berg;bo@example.dk;;;ja"))
    assert counts(summary) == (0, 0, 1, 1)
    bo = User.objects.get(external_id="P2")
    assert not bo.is_active and roles(bo) == []
    # Said again, it changes nothing; a leaver nobody knew is not created.
    summary = store(csv(PEOPLE, "P2;Bo Berg;bo@example.dk;;;01-11-2026", "P7;Ny;n@example.dk;;;ja"))
    assert counts(summary) == (0, 0, 0, 2)
    assert not User.objects.filter(external_id="P7").exists()


def test_a_leaving_day_ahead_is_not_yet_a_leaver(hr):
    ahead = (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d-%m-%Y")
    summary = store(csv(PEOPLE, f"P2;Bo Berg;bo@example.dk;U-sibling;medarbejder;{ahead}"))
    assert counts(summary) == (1, 0, 0, 0)


def test_a_complete_import_deactivates_those_absent_with_roles_only_under_its_root(hr):
    store(csv(PEOPLE, *ROWS))
    both = UserFactory(username="begge", external_id="P5")
    RoleAssignmentFactory(user=both, unit=hr.team, role="tr")
    RoleAssignmentFactory(user=both, unit=hr.other_area, role="tr")
    # The file's root is the department (the lowest unit above the team and the sibling).
    summary = store(csv(PEOPLE, *ROWS[:2]), complete=True)
    left = {"employee_sibling", "coordinator_sibling", "leader_sibling", "amr_sibling"}
    left |= {"tr_sibling", "med_sibling", "coordinator_dept", "leader_dept", "amr_dept"}
    left |= {"tr_dept", "med_dept", "employee_dept"}
    left |= {f"{role}_team" for role in ("coordinator", "leader", "amr", "tr", "med", "employee")}
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {
        *left,
        "bo",
    }
    both.refresh_from_db()
    assert both.is_active and roles(both) == [("U-other_area", "tr")]
    assert summary.removed == len(left) + 1
    assert User.objects.get(username="coordinator_root").is_active


def test_bad_files_are_refused_whole_with_a_message_per_row_and_column(hr):
    rows = (
        "P1;Anne Hansen;anne@example;U-team;leder;",  # row 2
        "P2;Bo Berg;bo@example.dk;U-nowhere;chef;",  # row 3
        "P1;Anne Hansen;anne@example;U-team;leder;",  # row 4
        "P3;Cai;cai@example.dk;U-team;amr;måske",  # row 5
    )
    assert refused(csv(PEOPLE, *rows)) == [
        "Række 2, kolonne »email«: »anne@example« er ikke en gyldig e-mailadresse.",
        "Række 3, kolonne »enhed_id«: Ukendt enhed »U-nowhere«.",
        "Række 3, kolonne »rolle«: Ukendt rolle »chef«: skriv koordinator, leder, amr, tr, med "
        "eller medarbejder.",
        "Række 4, kolonne »email«: »anne@example« er ikke en gyldig e-mailadresse.",
        "Række 4, kolonne »rolle«: Samme person, enhed og rolle står allerede i række 2.",
        "Række 5, kolonne »fratraadt«: »måske« er ikke en dato (skriv fx 2026-11-01 eller "
        "01-11-2026).",
    ]
    assert not User.objects.filter(external_id__in=["P1", "P2", "P3"]).exists()


def test_a_coordinator_imports_only_within_their_scope(hr):
    coordinator = hr.user("coordinator", "dept")
    assert counts(store(csv(PEOPLE, *ROWS), by=coordinator)) == (2, 0, 0, 0)
    assert refused(csv(PEOPLE, "P4;Di;di@example.dk;U-other_area;leder;"), by=coordinator) == [
        "Række 2, kolonne »enhed_id«: Ukendt enhed »U-other_area«.",
    ]
    # Someone with a role outside their scope cannot be made a leaver by them.
    outsider = hr.user("leader", "other_area")
    outsider.external_id = "P8"
    outsider.save()
    RoleAssignmentFactory(user=outsider, unit=hr.team, role="tr")
    with pytest.raises(ImportRefused) as caught:
        store(csv(PEOPLE, *ROWS, f"P8;X Y;{outsider.email};;;ja"), by=coordinator)
    assert [str(e) for e in caught.value.row_errors] == [
        "Række 5, kolonne »fratraadt«: Personen har roller uden for dit område; du må ikke "
        "deaktivere vedkommende.",
    ]
    outsider.refresh_from_db()
    assert outsider.is_active


def test_the_command_reports_complete_and_refuses(hr, tmp_path, capsys):
    good = tmp_path / "medarbejdere.csv"
    good.write_bytes(csv(PEOPLE, *ROWS))
    call_command("import_people", str(good), "--no-progress")
    assert capsys.readouterr().out.strip() == (
        "medarbejdere.csv: 2 nye, 0 ændrede, 0 fratrådte og 0 uændrede personer; "
        "3 roller tildelt og 0 afsluttet."
    )
    call_command("import_people", str(good), "--no-progress", "--complete")
    assert "0 nye, 0 ændrede, 18 fratrådte og 2 uændrede personer" in capsys.readouterr().out
    bad = tmp_path / "forkert.csv"
    bad.write_bytes(csv(PEOPLE, "P1;A B;a@example.dk;U-team;chef;"))
    with pytest.raises(CommandError, match="Intet er gemt"):
        call_command("import_people", str(bad), "--no-progress")
    assert "forkert.csv: Række 2, kolonne »rolle«: Ukendt rolle »chef«" in capsys.readouterr().err
