"""The one place that answers "what may this user see and do" (DESIGN.md §6).

The API, the admin, dashboards, exports and reminders all read through these functions; none
of them filters on its own. A role held on a unit covers that unit and every unit below it; a
superuser acts as a coordinator of every unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.signals import request_started
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment, PhaseTransition
from apps.communications.models import Communication
from apps.factors.models import Factor
from apps.findings.models import Dialogue, Finding
from apps.organisation.models import Role, RoleAssignment, Unit
from apps.reminders.models import CalendarFeed, Reminder


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


# --- who holds what -------------------------------------------------------------------------


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# Bumped at the start of every request and whenever a role or the unit tree changes in this
# process: grants cached on a user object live at most for one request.
_roles_generation = 0


def _roles_changed(**kwargs) -> None:
    global _roles_generation
    _roles_generation += 1


request_started.connect(_roles_changed, dispatch_uid="access-request-started")
for _model in (RoleAssignment, Unit):
    post_save.connect(_roles_changed, sender=_model, dispatch_uid=f"access-{_model.__name__}-save")
    post_delete.connect(
        _roles_changed, sender=_model, dispatch_uid=f"access-{_model.__name__}-delete"
    )


def grants(user) -> list[Grant]:
    """The user's role assignments as (role, unit, path) triples (one query per request)."""
    if not _is_active(user):
        return []
    cached = getattr(user, "_access_grants", None)
    if cached is not None and cached[0] == _roles_generation:
        return cached[1]
    result = [
        Grant(role, unit_id, path)
        for role, unit_id, path in RoleAssignment.objects.filter(user=user).values_list(
            "role", "unit_id", "unit__path"
        )
    ]
    user._access_grants = (_roles_generation, result)
    return result


def _paths(user, roles) -> list[str]:
    return sorted({g.path for g in grants(user) if g.role in roles})


def _under(paths: list[str], field: str) -> Q:
    """Q matching rows whose `field` (a unit path) lies in the subtree of any of `paths`."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def scope_q(user, field: str, roles=ALL_ROLES) -> Q:
    """Q for rows whose unit path (`field`) is covered by one of the user's `roles`."""
    if not _is_active(user):
        return Q(pk__in=[])
    if user.is_superuser and Role.COORDINATOR in roles:
        # Match-all, but not an empty Q(): `Q() | x` is just `x`, which would lose "everything".
        return ~Q(pk__in=[])
    return _under(_paths(user, roles), field)


def roles_on(user, unit: Unit) -> set[str]:
    """The roles the user holds on `unit`, directly or through a unit above it."""
    if not _is_active(user):
        return set()
    held = {g.role for g in grants(user) if unit.path.startswith(g.path)}
    if user.is_superuser:
        held.add(Role.COORDINATOR)
    return held


def may_ever(user, verb: Verb) -> bool:
    """Whether any role the user holds allows `verb` at all (else 403 before any lookup)."""
    if not _is_active(user):
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
            role_assignments__unit_id=unit_id,
            role_assignments__role=role,
        )
        if holders.exists():
            return holders.distinct()
    return User.objects.none()


# --- scoped querysets -----------------------------------------------------------------------


def units_visible_to(user) -> QuerySet:
    return Unit.objects.filter(scope_q(user, "path"))


def units_where(user, verb: Verb) -> QuerySet:
    """Units in which the user may do `verb`: the choices when creating or moving something."""
    return Unit.objects.filter(scope_q(user, "path", roles=ROLES_FOR_VERB[verb]))


def assessments_visible_to(user) -> QuerySet:
    return Assessment.objects.filter(scope_q(user, "unit__path")).select_related("unit")


def _default_handler_q(user) -> Q:
    """Findings for which the user is, by default, a handler: nearest AMR or leader of the unit.

    A holder on unit U handles findings in U's subtree except below a closer active holder of
    the same role (as in `nearest_holders`, a deactivated user holds nothing).
    """
    q = Q(pk__in=[])
    held = [g for g in grants(user) if g.role in DEFAULT_HANDLER_ROLES]
    for grant in held:
        closer = (
            RoleAssignment.objects.filter(
                role=grant.role, unit__path__startswith=grant.path, user__is_active=True
            )
            .exclude(unit_id=grant.unit_id)
            .values_list("unit__path", flat=True)
            .distinct()
        )
        q |= Q(assessment__unit__path__startswith=grant.path) & ~_under(
            list(closer), "assessment__unit__path"
        )
    return q


def _confidential_reader_q(user) -> Q:
    handler_links = Finding.handlers.through.objects.filter(finding_id=OuterRef("pk"))
    return (
        scope_q(user, "assessment__unit__path", roles={Role.COORDINATOR})
        | Q(reported_by=user)
        | Q(Exists(handler_links.filter(user_id=user.pk)))
        | (~Q(Exists(handler_links)) & _default_handler_q(user))
    )


def findings_visible_to(user) -> QuerySet:
    """Findings in scope; confidential ones only for coordinators, reporter and handlers."""
    if not _is_active(user):
        return Finding.objects.none()
    in_scope = scope_q(user, "assessment__unit__path")
    return Finding.objects.filter(
        (Q(confidential=False) & in_scope) | (Q(confidential=True) & _confidential_reader_q(user))
    ).select_related("assessment__unit", "factor", "reported_by")


def findings_counted_for(user) -> QuerySet:
    """Findings that count in the user's totals: every finding in scope, confidential ones
    included (a count says that something exists, not what or who). Never list these."""
    return Finding.objects.filter(scope_q(user, "assessment__unit__path"))


def actions_counted_for(user) -> QuerySet:
    """Actions that count in the user's totals, those of confidential findings included."""
    return Action.objects.filter(scope_q(user, "finding__assessment__unit__path"))


def dialogues_visible_to(user) -> QuerySet:
    """Dialogues in scope; their links to findings the user may not see are left out."""
    from django.db.models import Prefetch

    return (
        Dialogue.objects.filter(scope_q(user, "assessment__unit__path"))
        .select_related("assessment__unit")
        .prefetch_related(Prefetch("findings", queryset=findings_visible_to(user)))
    )


def actions_visible_to(user) -> QuerySet:
    """Actions of visible findings, and always the actions the user owns."""
    if not _is_active(user):
        return Action.objects.none()
    return Action.objects.filter(
        Q(finding__in=findings_visible_to(user).values("pk")) | Q(owner=user)
    ).select_related("finding__assessment__unit", "owner")


def action_updates_visible_to(user) -> QuerySet:
    return ActionUpdate.objects.filter(action__in=actions_visible_to(user).values("pk"))


def evaluations_visible_to(user) -> QuerySet:
    return Evaluation.objects.filter(action__in=actions_visible_to(user).values("pk"))


def communications_visible_to(user) -> QuerySet:
    """Communications in scope; employees read only the published ones."""
    drafts_readers = ALL_ROLES - {Role.EMPLOYEE}
    return Communication.objects.filter(
        scope_q(user, "assessment__unit__path", roles=drafts_readers)
        | (scope_q(user, "assessment__unit__path") & Q(published_at__isnull=False))
    ).select_related("assessment__unit")


def transitions_visible_to(user) -> QuerySet:
    return PhaseTransition.objects.filter(
        assessment__in=assessments_visible_to(user).values("pk")
    ).select_related("by")


def role_assignments_visible_to(user) -> QuerySet:
    return RoleAssignment.objects.filter(scope_q(user, "unit__path")).select_related("user", "unit")


def users_visible_to(user) -> QuerySet:
    """The directory: holders of a role in the user's scope; coordinators also see users with
    no role yet. Everyone sees themselves."""
    User = get_user_model()
    if not _is_active(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    in_scope = RoleAssignment.objects.filter(scope_q(user, "unit__path"), user_id=OuterRef("pk"))
    q = Q(Exists(in_scope)) | Q(pk=user.pk)
    if any(g.role == Role.COORDINATOR for g in grants(user)):
        q |= ~Q(Exists(RoleAssignment.objects.filter(user_id=OuterRef("pk"))))
    return User.objects.filter(q)


def reminders_visible_to(user) -> QuerySet:
    """A person's own reminders; a coordinator also sees every reminder in scope."""
    if not _is_active(user):
        return Reminder.objects.none()
    return Reminder.objects.filter(
        Q(recipient=user) | scope_q(user, "unit__path", roles={Role.COORDINATOR})
    ).select_related("recipient", "subject_type", "unit")


def calendar_feeds_visible_to(user) -> QuerySet:
    """A calendar feed is personal: everyone sees only their own (a superuser, all)."""
    if not _is_active(user):
        return CalendarFeed.objects.none()
    feeds = CalendarFeed.objects.select_related("user")
    return feeds if user.is_superuser else feeds.filter(user=user)


def factors_visible_to(user) -> QuerySet:
    """The factor taxonomy is shared by everyone who may use the tracker."""
    return Factor.objects.all() if _is_active(user) else Factor.objects.none()


VISIBLE = {
    Factor: factors_visible_to,
    Unit: units_visible_to,
    Assessment: assessments_visible_to,
    Finding: findings_visible_to,
    Dialogue: dialogues_visible_to,
    Action: actions_visible_to,
    ActionUpdate: action_updates_visible_to,
    Evaluation: evaluations_visible_to,
    Communication: communications_visible_to,
    PhaseTransition: transitions_visible_to,
    RoleAssignment: role_assignments_visible_to,
    Reminder: reminders_visible_to,
    CalendarFeed: calendar_feeds_visible_to,
}


def visible(user, model) -> QuerySet:
    """The scoped queryset of `model` for `user`."""
    if model is get_user_model():
        return users_visible_to(user)
    return VISIBLE[model](user)


# --- object permissions ---------------------------------------------------------------------


def unit_of(obj) -> Unit:
    """The unit whose roles decide about `obj`."""
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, (Assessment, RoleAssignment)):
        return obj.unit
    if isinstance(obj, (Finding, Dialogue, Communication, PhaseTransition)):
        return obj.assessment.unit
    if isinstance(obj, Action):
        return obj.finding.assessment.unit
    if isinstance(obj, (ActionUpdate, Evaluation)):
        return obj.action.finding.assessment.unit
    if isinstance(obj, Reminder):
        return obj.unit
    raise TypeError(f"No unit for {type(obj).__name__}")


def can_read(user, obj) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def can(user, verb: Verb, obj) -> bool:
    """Whether `user` may do `verb` on `obj` (which they must be able to read)."""
    if not _is_active(user):
        return False
    if isinstance(obj, get_user_model()):
        return can_manage_user(user, obj) if verb != Verb.READ else can_read(user, obj)
    if isinstance(obj, Factor):
        return verb == Verb.READ or (verb in (Verb.MANAGE, Verb.DELETE) and may_ever(user, verb))
    if not can_read(user, obj):
        return False
    if verb == Verb.READ:
        return True
    if verb == Verb.UPDATE_ACTION and isinstance(obj, Action) and obj.owner_id == user.pk:
        return True
    return bool(roles_on(user, unit_of(obj)) & ROLES_FOR_VERB[verb])


def can_on_unit(user, verb: Verb, unit: Unit) -> bool:
    """Whether `user` may do `verb` on things of `unit` (for creating in it)."""
    return bool(roles_on(user, unit) & ROLES_FOR_VERB[verb])


def can_manage_user(actor, target) -> bool:
    """A coordinator may edit a user only when every role that user holds lies in their scope."""
    if not _is_active(actor):
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    coordinator_paths = _paths(actor, {Role.COORDINATOR})
    if not coordinator_paths:
        return False
    target_paths = RoleAssignment.objects.filter(user=target).values_list("unit__path", flat=True)
    return all(any(p.startswith(c) for c in coordinator_paths) for p in target_paths)


def is_handler(user, finding: Finding) -> bool:
    """Whether `user` handles a (confidential) finding: named, or by default its AMR/leader."""
    named = finding.handlers.all()
    if named.exists():
        return named.filter(pk=user.pk).exists()
    return Finding.objects.filter(pk=finding.pk).filter(_default_handler_q(user)).exists()
