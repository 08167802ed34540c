"""The same read rules as `rules.can_read` and the querysets, decided for many (person, object)
pairs at once: the reminder sweep asks about thousands of pairs, and asking the querysets once
per pair would cost a query each. tests/access/test_bulk.py holds both answers equal over every
person and object of the access matrix.

Read rules (DESIGN.md §6): a unit, an APV and a public finding are read by whoever holds a role
covering the unit; a confidential finding by coordinators covering it, its reporter, and its
named handlers, or, when none are named, its default handlers (the unit's nearest active AMR
and leader); an action by its owner and by whoever reads its finding. An annual review, a
change and an agreement are read as their unit; a concern by coordinators covering its unit,
the unit's nearest active AMR and the sender of a named one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model

from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.concerns.models import Concern
from apps.conversation.models import Comment
from apps.findings.models import Finding
from apps.governance.models import Agreement, AnnualReview, ChangeEvent
from apps.organisation.models import Role, RoleAssignment, Unit, path_within

from .grants import DEFAULT_HANDLER_ROLES, is_active


def nearest_holders_many(units: Iterable[Unit], roles: Iterable[str]) -> dict[tuple, list]:
    """For each unit and role: its nearest holders (DESIGN.md §2: the active holders on the unit
    itself, else on the nearest unit above that has any), in one query for all of them."""
    units, roles = list(units), list(roles)
    ancestors = {uid for unit in units for uid in unit.ancestor_ids}
    held: dict[tuple, list] = defaultdict(list)
    for assignment in (
        RoleAssignment.objects.in_effect()
        .filter(unit_id__in=ancestors, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        held[(assignment.unit_id, assignment.role)].append(assignment.user)
    result = {}
    for unit in units:
        for role in roles:
            nearest = next(
                (held[(uid, role)] for uid in reversed(unit.ancestor_ids) if held[(uid, role)]),
                [],
            )
            result[(unit.pk, role)] = nearest
    return result


class _Findings:
    """What the read rules need to know about a set of findings, fetched once."""

    def __init__(self, finding_ids: set[int]):
        self.rows = {
            f.pk: f
            for f in Finding.objects.filter(pk__in=finding_ids).select_related("assessment__unit")
        }
        self.named: dict[int, set[int]] = defaultdict(set)
        for finding_id, user_id in Finding.handlers.through.objects.filter(
            finding_id__in=finding_ids
        ).values_list("finding_id", "user_id"):
            self.named[finding_id].add(user_id)
        units = {f.assessment.unit.pk: f.assessment.unit for f in self.rows.values()}
        nearest = nearest_holders_many(units.values(), DEFAULT_HANDLER_ROLES)
        # The default handlers of a unit's findings: its nearest active AMR and leader.
        self.default_handlers = {
            unit_id: {u.pk for role in DEFAULT_HANDLER_ROLES for u in nearest[(unit_id, role)]}
            for unit_id in units
        }


def readable_pairs(pairs: Iterable[tuple]) -> set[tuple[int, type, int]]:
    """Of `pairs` of (person, object) — units, APVs, findings, actions, comments — those where
    the person may read the object, as (person id, model, object id)."""
    pairs = [(user, obj) for user, obj in pairs if is_active(user)]
    user_ids = {user.pk for user, _obj in pairs}
    grants: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for user_id, role, path in (
        RoleAssignment.objects.in_effect()
        .filter(user_id__in=user_ids)
        .values_list("user_id", "role", "unit__path")
    ):
        grants[user_id].append((role, path))
    # A comment is read as its thread (querysets.comments_visible_to): its finding, or its
    # action and, under a confidential finding, that finding too.
    comments = {
        c.pk: c
        for c in Comment.objects.filter(
            pk__in={obj.pk for _user, obj in pairs if isinstance(obj, Comment)}
        ).only("pk", "finding_id", "action_id")
    }
    actions = {
        a.pk: a
        for a in Action.objects.filter(
            pk__in={obj.pk for _user, obj in pairs if isinstance(obj, Action)}
            | {c.action_id for c in comments.values() if c.action_id}
        ).only("pk", "owner_id", "finding_id")
    }
    finding_ids = {obj.pk for _user, obj in pairs if isinstance(obj, Finding)}
    finding_ids |= {a.finding_id for a in actions.values()}
    finding_ids |= {c.finding_id for c in comments.values() if c.finding_id}
    findings = _Findings(finding_ids)
    paths = _unit_paths(pairs)
    concern_units = {
        unit.pk: unit
        for unit in Unit.objects.filter(
            pk__in={obj.unit_id for _u, obj in pairs if isinstance(obj, Concern)}
        )
    }
    nearest_amr = nearest_holders_many(concern_units.values(), [Role.AMR])
    concern_handlers = {
        unit_id: {user.pk for user in nearest_amr[(unit_id, Role.AMR)]} for unit_id in concern_units
    }
    superusers = set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_superuser=True)
        .values_list("pk", flat=True)
    )

    def covers(user_id, path, roles=None) -> bool:
        return (
            user_id in superusers
            and (roles is None or Role.COORDINATOR in roles)
            or any(
                path_within(path, held)
                for role, held in grants[user_id]
                if roles is None or role in roles
            )
        )

    def reads_finding(user_id, finding_id) -> bool:
        finding = findings.rows.get(finding_id)
        if finding is None:
            return False
        path = finding.assessment.unit.path
        if not finding.confidential:
            return covers(user_id, path)
        if covers(user_id, path, {Role.COORDINATOR}) or finding.reported_by_id == user_id:
            return True
        named = findings.named.get(finding_id)
        if named:
            return user_id in named
        return user_id in findings.default_handlers.get(finding.assessment.unit_id, set())

    def reads_action(user_id, action_id) -> bool:
        action = actions.get(action_id)
        return action is not None and (
            action.owner_id == user_id or reads_finding(user_id, action.finding_id)
        )

    def reads_comment(user_id, comment_id) -> bool:
        comment = comments.get(comment_id)
        if comment is None:
            return False
        if comment.finding_id:
            return reads_finding(user_id, comment.finding_id)
        finding_id = actions[comment.action_id].finding_id
        return reads_action(user_id, comment.action_id) and (
            not findings.rows[finding_id].confidential or reads_finding(user_id, finding_id)
        )

    readable = set()
    for user, obj in pairs:
        if isinstance(obj, Comment):
            ok = reads_comment(user.pk, obj.pk)
        elif isinstance(obj, Action):
            action = actions.get(obj.pk)
            ok = action is not None and (
                action.owner_id == user.pk or reads_finding(user.pk, action.finding_id)
            )
        elif isinstance(obj, Finding):
            ok = reads_finding(user.pk, obj.pk)
        elif isinstance(obj, Concern):
            ok = (
                obj.sender_id == user.pk
                or covers(user.pk, paths[(Concern, obj.pk)], {Role.COORDINATOR})
                or user.pk in concern_handlers[obj.unit_id]
            )
        elif isinstance(obj, _READ_AS_UNIT):
            ok = covers(user.pk, paths[(type(obj), obj.pk)])
        else:
            raise TypeError(f"No bulk read rule for {type(obj).__name__}")
        if ok:
            readable.add((user.pk, type(obj), obj.pk))
    return readable


# Objects read as their unit (whoever holds a role covering it).
_READ_AS_UNIT = (Unit, Assessment, AnnualReview, ChangeEvent, Agreement, RoleAssignment)
# The lookup of each model's unit path.
_PATHS = {Unit: "path", **{model: "unit__path" for model in (*_READ_AS_UNIT[1:], Concern)}}


def _unit_paths(pairs) -> dict[tuple, str]:
    """The unit path of every object of `pairs` read by its unit: one query per model."""
    ids = defaultdict(set)
    for _user, obj in pairs:
        if type(obj) in _PATHS:
            ids[type(obj)].add(obj.pk)
    return {
        (model, pk): path
        for model, pks in ids.items()
        for pk, path in model.objects.filter(pk__in=pks).values_list("pk", _PATHS[model])
    }
