"""The HR system's people read into rows the import stores (apps.hr.services).

One row per person, unit and role; a person with several roles has several rows, each with the
same name and e-mail. A person is matched by their HR id (User.external_id); units by theirs,
among the units the importer may manage. `fratraadt` ("ja" or the day they left) says a person
left. Nothing here writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.core.tables import ImportRefused, RowError, RowReader, check_columns, data_rows
from apps.organisation.models import Role, Unit, path_within

from .common import Progress

PEOPLE_COLUMNS = ["person_id", "navn", "email", "enhed_id", "rolle"]
PEOPLE_OPTIONAL = ["fratraadt"]

# The role words of the file: Danish, the codes, and the long names people write.
ROLE_WORDS = {
    **{role.value: role.value for role in Role},
    "koordinator": Role.COORDINATOR,
    "arbejdsmiljøkoordinator": Role.COORDINATOR,
    "leder": Role.LEADER,
    "arbejdsmiljørepræsentant": Role.AMR,
    "tillidsrepræsentant": Role.TR,
    "med-medlem": Role.MED,
    "medarbejder": Role.EMPLOYEE,
}
YES = {"ja", "j", "x", "yes"}


@dataclass
class Person:
    """A person of the file with every role the file gives them."""

    external_id: str
    first_name: str
    last_name: str
    email: str
    row: int  # the person's first row
    left: bool = False
    roles: set[tuple[int, str]] = field(default_factory=set)  # (unit pk, role)


@dataclass
class PeopleFile:
    people: dict[str, Person]
    units: dict[int, Unit]  # the units the rows name, by pk
    root: Unit | None  # the smallest subtree that holds every unit the file names
    rows: dict[int, str]  # the person's HR id on each row

    def __len__(self):
        # What storing goes through: one person at a time.
        return len(self.people)


def split_name(name: str) -> tuple[str, str]:
    """ "Anne Marie Hansen" is first name "Anne Marie" and last name "Hansen"."""
    first, _space, last = name.rpartition(" ")
    return (first, last) if first else (name, "")


def _left(reader: RowReader, today: datetime.date) -> bool:
    text = reader.text("fratraadt", required=False)
    if not text:
        return False
    if text.lower() in YES:
        return True
    day = reader.date("fratraadt")
    # A day ahead: HR already knows, but the person works until then.
    return day is not None and day <= today


def plan_people(dataset, *, by, progress: Progress = None, today=None) -> PeopleFile:
    """The people of an HR file with their roles, or ImportRefused."""
    check_columns(dataset, PEOPLE_COLUMNS, PEOPLE_OPTIONAL)
    today = today or timezone.localdate()
    managed = Unit.objects.exclude(external_id=None)
    if by is not None and not by.is_superuser:
        managed = access.units_where(by, Verb.MANAGE).exclude(external_id=None)
    units = {u.external_id: u for u in managed}
    errors: list[RowError] = []
    people: dict[str, Person] = {}
    seen: dict[tuple, int] = {}
    numbers: dict[int, str] = {}
    for number, cells in data_rows(dataset):
        reader = RowReader(number, cells, errors)
        person_id = reader.text("person_id")
        name = reader.text("navn")
        email = reader.text("email", required=False) or ""
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reader.fail("email", _("“%s” is not a valid e-mail address.") % email)
        left = _left(reader, today)
        # A leaver's row needs no unit or role: it says that the person left.
        unit_text = reader.text("enhed_id", required=not left)
        unit = units.get(unit_text) if unit_text else None
        if unit_text and unit is None:
            reader.fail("enhed_id", _("Unknown unit “%s”.") % unit_text)
        role_text = reader.text("rolle", required=not left)
        role = ROLE_WORDS.get((role_text or "").lower())
        if role_text and role is None:
            reader.fail(
                "rolle",
                _("Unknown role “%s”: write koordinator, leder, amr, tr, med or medarbejder.")
                % role_text,
            )
        if person_id and name:
            numbers[number] = person_id
            _add_row(people, seen, reader, person_id, name, email, left, unit, role)
        if progress:
            progress(1)
    root = _root(people, units, by, errors)
    if errors:
        raise ImportRefused(errors)
    named = {unit.pk: unit for unit in units.values()}
    return PeopleFile(people, named, root, numbers)


def _add_row(people, seen, reader, person_id, name, email, left, unit, role) -> None:
    first_name, last_name = split_name(name)
    person = people.get(person_id)
    if person is None:
        person = people[person_id] = Person(person_id, first_name, last_name, email, reader.row)
    else:
        for column, value, earlier in (
            ("navn", (first_name, last_name), (person.first_name, person.last_name)),
            ("email", email, person.email),
        ):
            if value != earlier:
                reader.fail(
                    column,
                    _("The same person has another value in row %s.") % person.row,
                )
        if left != person.left:
            reader.fail(
                "fratraadt",
                _("Row %s says otherwise about whether the person left.") % person.row,
            )
    person.left = left
    if unit is None or role is None:
        return
    key = (person_id, unit.pk, role)
    if key in seen:
        reader.fail(
            "rolle",
            _("The same person, unit and role are already in row %s.") % seen[key],
        )
        return
    seen[key] = reader.row
    person.roles.add((unit.pk, role))


def _root(people, units, by, errors) -> Unit | None:
    """The lowest unit above every unit the file names: the roles the file sets are those in
    its subtree, and a complete import is complete for it."""
    by_pk = {unit.pk: unit for unit in units.values()}
    named = [by_pk[pk] for person in people.values() for pk, _role in person.roles]
    if not named:
        return None  # only leavers: no roles to set, nothing a complete file covers
    common = named[0].path
    for unit in named[1:]:
        while not path_within(unit.path, common):
            common = common[: common.rstrip("/").rfind("/") + 1]
    root_pk = int(common.strip("/").split("/")[-1])
    root = Unit.objects.get(pk=root_pk)
    if by is not None and not by.is_superuser and not access.can(by, Verb.MANAGE, root):
        errors.append(
            RowError(
                2,
                "enhed_id",
                _(
                    "The file's units lie in several parts of the organisation with no unit "
                    "above them all that you coordinate; import one file per part."
                ),
            )
        )
    return root
