"""Storing an HR file: the unit tree and the people with their roles, the whole file or nothing.

Every write goes through the organisation's services (unit_create/unit_update, user_create/
user_update, role_assignment_create/role_assignment_delete), so a moved unit takes its subtree
and its APVs along and the history says who changed what. Storing the same file again changes
nothing; a changed file changes exactly what changed.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from apps import access
from apps.core.tables import ImportRefused, RowError
from apps.organisation import services as organisation
from apps.organisation.leavers import person_leave
from apps.organisation.models import RoleAssignment, Unit, subtree_q

from .common import HrSummary, Progress
from .people import PeopleFile, Person
from .units import UnitRow


@transaction.atomic
def units_import(rows: list[UnitRow], *, by, progress: Progress = None) -> HrSummary:
    """Create the file's new units and update the stored ones, parents before children (a
    new parent exists before its children are placed under it). Units absent from the file
    stay as they are: a unit with APVs is never removed by a file."""
    summary = HrSummary()
    saved: dict[str, Unit] = {}
    in_file = {row.external_id: row for row in rows}
    for row in _parents_first(rows, in_file):
        parent = saved[row.parent_id] if row.parent_id in in_file else row.parent
        values = {"name": row.name, "headcount": row.headcount, "parent": parent}
        if row.kind:
            values["kind"] = row.kind
        if row.unit is None:
            saved[row.external_id] = organisation.unit_create(
                by=by, external_id=row.external_id, **values
            )
            summary.created += 1
            summary.lines.append(_("New unit: %s") % row.name)
        else:
            unit = Unit.objects.get(pk=row.unit.pk)  # a move above may have rewritten its path
            changed = {
                name: value
                for name, value in values.items()
                if (getattr(unit, f"{name}_id") if name == "parent" else getattr(unit, name))
                != (value.pk if name == "parent" and value else value)
            }
            if changed:
                unit = organisation.unit_update(unit=unit, by=by, **changed)
                summary.changed += 1
                summary.lines.append(_("Changed unit: %s") % row.name)
            else:
                summary.unchanged += 1
            saved[row.external_id] = unit
        if progress:
            progress(1)
    return summary


def _parents_first(rows: list[UnitRow], in_file: dict[str, UnitRow]) -> list[UnitRow]:
    """The rows ordered so that a row comes after the row of its parent (no cycles: planned)."""
    depth: dict[str, int] = {}

    def depth_of(row: UnitRow) -> int:
        if row.external_id not in depth:
            parent = in_file.get(row.parent_id or "")
            depth[row.external_id] = 0 if parent is None else depth_of(parent) + 1
        return depth[row.external_id]

    return sorted(rows, key=lambda row: (depth_of(row), row.row))


# --- people -----------------------------------------------------------------------------------


def _person_leave(*, by, user) -> None:
    """The person left: the one function that deactivates a person (it ends their roles and
    hands their open actions over)."""
    person_leave(by=by, user=user, successor=None)


def _end(assignment: RoleAssignment, *, by) -> None:
    """A role the file no longer lists ends yesterday (the history keeps that it was held)."""
    organisation.role_assignment_end(by=by, role_assignment=assignment)


def _username(person: Person, taken: set[str]) -> str:
    """A new person's login: their e-mail's local part, else their HR id, made unique."""
    base = person.email.split("@")[0] if person.email else f"hr-{person.external_id}"
    base = re.sub(r"[^\w.@+-]", "", base.lower())[:140] or f"hr-{person.external_id}"
    username, n = base, 1
    while username in taken:
        n += 1
        username = f"{base}{n}"
    taken.add(username)
    return username


def _match(people: dict[str, Person]) -> dict[str, object]:
    """Stored users by the file's HR ids; a person without an HR id yet is adopted by their
    e-mail when exactly one such user has it (a directory entered by hand before HR)."""
    User = get_user_model()
    found = {u.external_id: u for u in User.objects.filter(external_id__in=list(people))}
    emails = {p.email.lower(): p for p in people.values() if p.external_id not in found and p.email}
    if emails:
        loose: dict[str, list] = {}
        for user in User.objects.filter(external_id=None).exclude(email=""):
            if user.email.lower() in emails:
                loose.setdefault(user.email.lower(), []).append(user)
        for email, users in loose.items():
            if len(users) == 1:
                found[emails[email].external_id] = users[0]
    return found


@transaction.atomic
def people_import(
    planned: PeopleFile,
    *,
    by,
    complete: bool = False,
    progress: Progress = None,
) -> HrSummary:
    """Create and update the file's people, make their roles in the file's subtree (its root)
    those the file gives, deactivate those who left; with `complete`, also whoever holds
    roles only in that subtree and is absent from the file."""
    summary = HrSummary()
    root = planned.root
    users = _match(planned.people)
    taken = set(get_user_model().objects.values_list("username", flat=True))
    for person in planned.people.values():
        user = users.get(person.external_id)
        if person.left:
            _leave(user, person, by=by, summary=summary)
        elif user is None:
            user = organisation.user_create(
                by=by, username=_username(person, taken), **_fields(person)
            )
            _sync_roles(user, person, root, by=by, summary=summary)
            summary.created += 1
            summary.lines.append(_("New person: %s") % user)
        else:
            differs = {k: v for k, v in _fields(person).items() if getattr(user, k) != v}
            # Name and e-mail are the HR system's; a coordinator changes them only for people
            # whose every role is in their scope (the roles in scope follow the file anyway).
            if differs and by is not None and not access.can_manage_user(by, user):
                differs = {}
            if differs:
                user = organisation.user_update(by=by, user=user, **differs)
            if _sync_roles(user, person, root, by=by, summary=summary) or differs:
                summary.changed += 1
                summary.lines.append(_("Changed person: %s") % user)
            else:
                summary.unchanged += 1
        if progress:
            progress(1)
    if complete and root is not None:
        _deactivate_absent(planned, root, by=by, summary=summary)
    return summary


def _fields(person: Person) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "external_id": person.external_id,
        "is_active": True,
    }


def _leave(user, person: Person, *, by, summary: HrSummary) -> None:
    """A leaver the directory holds, still active, is deactivated; anyone else is news to no
    one (a leaver HR never told us about is not created)."""
    if user is None or not user.is_active:
        summary.unchanged += 1
        return
    if by is not None and not access.can_manage_user(by, user):
        message = _("The person holds roles outside your scope; you may not deactivate them.")
        # Raised inside the transaction: the whole file is refused, nothing is stored.
        raise ImportRefused([RowError(person.row, "fratraadt", message)])
    _person_leave(by=by, user=user)
    summary.removed += 1
    summary.lines.append(_("Left: %s") % user)


def _sync_roles(user, person: Person, root: Unit, *, by, summary: HrSummary) -> bool:
    """Add the roles the file gives in the root's subtree (reopening one that had ended), end
    those in effect that it no longer lists. A deputy's stand-in is not the HR system's."""
    own = RoleAssignment.objects.filter(
        subtree_q([root.path], "unit__path"), user=user, stands_in_for__isnull=True
    )
    held = {(a.unit_id, a.role): a for a in own.in_effect()}
    earlier = {(a.unit_id, a.role): a for a in own.exclude(pk__in=[a.pk for a in held.values()])}
    wanted = person.roles
    for key in sorted(wanted - set(held)):
        if key in earlier:
            organisation.role_assignment_update(
                by=by, role_assignment=earlier[key], starts_on=None, ends_on=None
            )
        else:
            unit = Unit.objects.get(pk=key[0])
            organisation.role_assignment_create(by=by, user=user, unit=unit, role=key[1])
        summary.roles_added += 1
    for key in sorted(set(held) - wanted):
        _end(held[key], by=by)
        summary.roles_ended += 1
    return wanted != set(held)


def _deactivate_absent(planned: PeopleFile, root: Unit, *, by, summary: HrSummary) -> None:
    """A complete file lists everyone in its subtree: whoever is absent and holds roles only
    there left; whoever also holds roles elsewhere keeps those and loses the ones here."""
    listed = set(planned.people)
    inside = RoleAssignment.objects.in_effect().filter(
        subtree_q([root.path], "unit__path"), stands_in_for__isnull=True
    )
    absent = (
        get_user_model()
        .objects.filter(pk__in=inside.values("user_id"), is_active=True, is_superuser=False)
        .exclude(external_id__in=listed)
    )
    if by is not None:
        absent = absent.exclude(pk=by.pk)
    for user in absent.order_by("pk"):
        outside = (
            RoleAssignment.objects.in_effect()
            .filter(user=user)
            .exclude(subtree_q([root.path], "unit__path"))
        )
        if outside.exists():
            for assignment in inside.filter(user=user):
                _end(assignment, by=by)
                summary.roles_ended += 1
            summary.changed += 1
            summary.lines.append(_("Changed person: %s") % user)
        else:
            _person_leave(by=by, user=user)
            summary.removed += 1
            summary.lines.append(_("Left: %s") % user)
