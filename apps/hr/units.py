"""The HR system's unit tree read into rows the import stores (apps.hr.services).

A unit is matched by its HR id (Unit.external_id). A row's parent is another row of the file or
a unit already stored; units the importer may not manage read as unknown (a file does not tell
whether they exist), except a unit's own current parent, which it keeps. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps import access
from apps.access import Verb
from apps.core.tables import ImportRefused, RowError, RowReader, check_columns, data_rows
from apps.organisation.models import Unit

from .common import Progress, first_rows

UNIT_COLUMNS = ["enhed_id", "overordnet_id", "navn", "antal_medarbejdere"]
UNIT_OPTIONAL = ["type"]

# The `type` column: the kinds' codes, their Danish names and a few words HR systems use.
KIND_WORDS = {
    **{kind.value: kind.value for kind in Unit.Kind},
    "område": Unit.Kind.AREA,
    "omraade": Unit.Kind.AREA,
    "forvaltning": Unit.Kind.AREA,
    "afdeling": Unit.Kind.DEPARTMENT,
    "institution": Unit.Kind.DEPARTMENT,
    "kommune": Unit.Kind.ORGANISATION,
}


@dataclass
class UnitRow:
    row: int
    external_id: str
    parent_id: str | None  # the parent's HR id; None: a top unit
    name: str
    headcount: int
    kind: str | None  # None: a new unit is a team, a stored one keeps its kind
    unit: Unit | None = None  # the stored unit, None for a new one
    parent: Unit | None = None  # the stored parent when it is not a row of the file


def _known_units(by) -> tuple[dict[str, Unit], dict[str, Unit]]:
    """(the units the importer may manage, every unit with an HR id), both by HR id."""
    every = {u.external_id: u for u in Unit.objects.exclude(external_id=None)}
    if by is None or by.is_superuser:
        return every, every
    managed = access.units_where(by, Verb.MANAGE).exclude(external_id=None)
    return {u.external_id: u for u in managed}, every


def plan_units(dataset, *, by, progress: Progress = None) -> list[UnitRow]:
    """The rows of an HR unit file with their units and parents found, or ImportRefused."""
    check_columns(dataset, UNIT_COLUMNS, UNIT_OPTIONAL)
    managed, every = _known_units(by)
    errors: list[RowError] = []
    rows: list[UnitRow] = []
    for number, cells in data_rows(dataset):
        reader = RowReader(number, cells, errors)
        external_id = reader.text("enhed_id")
        name = reader.text("navn")
        headcount = reader.number(
            "antal_medarbejdere",
            low=0,
            whole=True,
            beyond=_("The number of employees cannot be negative (%(value)s)."),
        )
        kind_text = reader.text("type", required=False)
        kind = KIND_WORDS.get((kind_text or "").lower())
        if kind_text and kind is None:
            reader.fail(
                "type",
                _("Unknown type “%s”: write organisation, område, afdeling or team.") % kind_text,
            )
        if None not in (external_id, name, headcount) and not (kind_text and kind is None):
            row = UnitRow(
                number,
                external_id,
                reader.text("overordnet_id", required=False),
                name,
                headcount,
                kind,
            )
            row.unit = managed.get(external_id)
            if row.unit is None and external_id in every:
                reader.fail(
                    "enhed_id",
                    _("The HR id “%s” belongs to a unit outside your scope.") % external_id,
                )
            else:
                rows.append(row)
        if progress:
            progress(1)
    first = first_rows(rows, lambda r: r.external_id)
    for row in rows:
        if first[row.external_id] != row.row:
            errors.append(
                RowError(
                    row.row,
                    "enhed_id",
                    _("The HR id “%(id)s” is already in row %(row)s.")
                    % {"id": row.external_id, "row": first[row.external_id]},
                )
            )
    in_file = {row.external_id: row for row in rows}
    for row in rows:
        _find_parent(row, in_file, managed, every, by, errors)
    if not errors:
        _refuse_cycles(rows, in_file, errors)
    if errors:
        raise ImportRefused(errors)
    return rows


def _find_parent(row: UnitRow, in_file, managed, every, by, errors) -> None:
    if row.parent_id is None:
        # The top of the tree belongs to administrators (as in the admin and the API); a
        # coordinator's file may name the top unit they coordinate as it stands.
        stays_on_top = row.unit is not None and row.unit.parent_id is None
        if by is not None and not by.is_superuser and not stays_on_top:
            errors.append(
                RowError(row.row, "overordnet_id", _("Name the unit this unit belongs under."))
            )
        return
    if row.parent_id == row.external_id:
        errors.append(
            RowError(row.row, "overordnet_id", _("A unit cannot be placed under itself."))
        )
        return
    if row.parent_id in in_file:
        return
    parent = managed.get(row.parent_id)
    current = every.get(row.parent_id)
    if parent is None and row.unit is not None and current is not None:
        # A unit at the top of the importer's scope keeps the parent it has, outside it.
        parent = current if current.pk == row.unit.parent_id else None
    if parent is None:
        errors.append(
            RowError(
                row.row,
                "overordnet_id",
                _("Unknown parent unit “%s”.") % row.parent_id,
            )
        )
        return
    row.parent = parent


def _refuse_cycles(rows: list[UnitRow], in_file: dict[str, UnitRow], errors) -> None:
    """A file that would put a unit under itself: through rows of the file, or through stored
    units below a unit the file moves."""
    stored_parent = dict(Unit.objects.values_list("pk", "parent_id"))
    row_of_pk = {row.unit.pk: row for row in rows if row.unit is not None}

    def parent_of(node):
        # A node is a row of the file, or the pk of a stored unit the file does not name.
        if isinstance(node, UnitRow):
            if node.parent_id is None:
                return None
            return in_file.get(node.parent_id) or _as_node(node.parent.pk)
        return _as_node(stored_parent.get(node))

    def _as_node(pk):
        if pk is None:
            return None
        return row_of_pk.get(pk, pk)

    for row in rows:
        seen, node = [row], parent_of(row)
        while node is not None and node is not row and len(seen) <= len(stored_parent) + len(rows):
            seen.append(node)
            node = parent_of(node)
        if node is row:
            chain = " → ".join(n.external_id for n in [*seen, row] if isinstance(n, UnitRow))
            errors.append(
                RowError(
                    row.row,
                    "overordnet_id",
                    _("The unit would lie under itself: %s.") % chain,
                )
            )
