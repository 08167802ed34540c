"""Who holds what: the verbs, the roles that allow them, and a user's grants on the unit tree."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.signals import request_started
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.actions.models import Action
from apps.organisation.models import Role, RoleAssignment, Unit, path_within, subtree_q


class Verb(StrEnum):
    READ = "read"
    # create/edit assessments, findings, dialogues, communications; move phases; evaluate
    EDIT = "edit"
    # create/edit actions and post updates on them
    EDIT_ACTIONS = "edit_actions"
    # post a progress update on one action (its owner may, whatever their role)
    UPDATE_ACTION = "update_action"
    APPROVE_PLAN = "approve_plan"
    REOPEN = "reopen"
    DELETE = "delete"
    # units, factors, role assignments, users
    MANAGE = "manage"


ALL_ROLES = frozenset(Role.values)
TRIO_AND_COORDINATOR = frozenset({Role.COORDINATOR, Role.LEADER, Role.AMR, Role.TR})

ROLES_FOR_VERB: dict[Verb, frozenset[str]] = {
    Verb.READ: ALL_ROLES,
    Verb.EDIT: TRIO_AND_COORDINATOR,
    Verb.EDIT_ACTIONS: TRIO_AND_COORDINATOR,
    Verb.UPDATE_ACTION: TRIO_AND_COORDINATOR,
    Verb.APPROVE_PLAN: frozenset({Role.COORDINATOR, Role.LEADER, Role.AMR, Role.MED}),
    Verb.REOPEN: frozenset({Role.COORDINATOR, Role.LEADER}),
    Verb.DELETE: frozenset({Role.COORDINATOR}),
    Verb.MANAGE: frozenset({Role.COORDINATOR}),
}

# Default handlers of a confidential finding: the unit's nearest AMR and leader.
DEFAULT_HANDLER_ROLES = (Role.AMR, Role.LEADER)


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str


def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# Bumped at the start of every request and whenever anything is written in this process:
# answers cached on a user object (their grants, what they may read) live at most for one
# request and never outlive a write that could change them (a role, a unit moved, a finding
# made confidential, its handlers named).
_generation = 0


def _written(**kwargs) -> None:
    global _generation
    _generation += 1


request_started.connect(_written, dispatch_uid="access-request-started")
post_save.connect(_written, dispatch_uid="access-saved")
post_delete.connect(_written, dispatch_uid="access-deleted")
m2m_changed.connect(_written, dispatch_uid="access-linked")


def cached(user, key: str, compute):
    """`compute()`, remembered on `user` until the next request or write."""
    store = getattr(user, "_access_cache", None)
    if store is None or store[0] != _generation:
        store = (_generation, {})
        user._access_cache = store
    if key not in store[1]:
        store[1][key] = compute()
    return store[1][key]


def grants(user) -> list[Grant]:
    """The user's role assignments as (role, unit, path) triples (one query per request)."""
    if not is_active(user):
        return []
    return cached(
        user,
        "grants",
        lambda: [
            Grant(role, unit_id, path)
            for role, unit_id, path in RoleAssignment.objects.in_effect()
            .filter(user=user)
            .values_list("role", "unit_id", "unit__path")
        ],
    )


def prime_grants(users) -> None:
    """Fetch the grants of many users in one query, as `grants` would one by one (a batch of
    reminder mails asks about each recipient's roles)."""
    active = {user.pk: user for user in users if is_active(user)}
    held: dict[int, list[Grant]] = {pk: [] for pk in active}
    for user_id, role, unit_id, path in (
        RoleAssignment.objects.in_effect()
        .filter(user_id__in=active)
        .values_list("user_id", "role", "unit_id", "unit__path")
    ):
        held[user_id].append(Grant(role, unit_id, path))
    for pk, user in active.items():
        cached(user, "grants", lambda pk=pk: held[pk])


def paths(user, roles) -> list[str]:
    """The paths of the units where the user holds one of `roles`."""
    return sorted({g.path for g in grants(user) if g.role in roles})


def scope_q(user, field: str, roles=ALL_ROLES) -> Q:
    """Q for rows whose unit path (`field`) is covered by one of the user's `roles`."""
    if not is_active(user):
        return Q(pk__in=[])
    if user.is_superuser and Role.COORDINATOR in roles:
        # Match-all, but not an empty Q(): `Q() | x` is just `x`, which would lose "everything".
        return ~Q(pk__in=[])
    return subtree_q(paths(user, roles), field)


def roles_on(user, unit: Unit) -> set[str]:
    """The roles the user holds on `unit`, directly or through a unit above it."""
    if not is_active(user):
        return set()
    held = {g.role for g in grants(user) if path_within(unit.path, g.path)}
    if user.is_superuser:
        held.add(Role.COORDINATOR)
    return held


def may_ever(user, verb: Verb) -> bool:
    """Whether any role the user holds allows `verb` at all (else 403 before any lookup)."""
    if not is_active(user):
        return False
    if user.is_superuser:
        return True
    if verb == Verb.UPDATE_ACTION and Action.objects.filter(owner=user).exists():
        return True
    return any(g.role in ROLES_FOR_VERB[verb] for g in grants(user))


def nearest_holders(unit: Unit, role: str) -> QuerySet:
    """The unit's leader (AMR, TR...): holders on the unit itself, else on the nearest one above."""
    User = get_user_model()
    for unit_id in reversed(unit.ancestor_ids):
        holders = User.objects.filter(
            is_active=True,
            role_assignments__in=RoleAssignment.objects.in_effect().filter(
                unit_id=unit_id, role=role
            ),
        )
        if holders.exists():
            return holders.distinct()
    return User.objects.none()
