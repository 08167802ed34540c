"""Object permissions: may this user do this verb on this object, and change these fields."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment, PhaseTransition, Round
from apps.attachments.models import Attachment
from apps.communications.models import Communication
from apps.concerns.models import Concern
from apps.conversation.models import Comment, Follow, InboxItem
from apps.factors.models import Factor
from apps.findings.models import Dialogue, Finding
from apps.governance.models import Agreement, AgreementConfirmation, AnnualReview, ChangeEvent
from apps.organisation.models import Role, RoleAssignment, Unit, path_within
from apps.reminders.models import Reminder
from apps.surveys.models import (
    ProposalDecision,
    SicknessAbsence,
    Survey,
    SurveyDimension,
    SurveyFigure,
)

from .grants import (
    ROLES_FOR_VERB,
    Verb,
    cached,
    grants,
    is_active,
    may_ever,
    paths,
    roles_on,
)
from .querysets import concern_handler_q, default_handler_q, visible

# Only the reporter or a coordinator in scope decides who may read a finding (DESIGN.md §6).
CONFIDENTIALITY_FIELDS = frozenset({"confidential", "handlers"})
# The owner of an action under a finding they may not read reports its progress, nothing more.
OWNER_PROGRESS_FIELDS = frozenset({"status", "progress"})


def unit_of(obj) -> Unit:
    """The unit whose roles decide about `obj`."""
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, (Assessment, RoleAssignment, Round)):
        return obj.unit
    if isinstance(obj, (Finding, Dialogue, Communication, PhaseTransition)):
        return obj.assessment.unit
    if isinstance(obj, Action):
        return obj.finding.assessment.unit
    if isinstance(obj, (ActionUpdate, Evaluation)):
        return obj.action.finding.assessment.unit
    if isinstance(obj, (Reminder, SurveyFigure, SicknessAbsence, Concern)):
        return obj.unit
    if isinstance(obj, ProposalDecision):
        return obj.assessment.unit
    if isinstance(obj, (AnnualReview, ChangeEvent, Agreement)):
        return obj.unit
    if isinstance(obj, AgreementConfirmation):
        return obj.agreement.unit
    if isinstance(obj, Attachment):
        return unit_of(obj.target)
    if isinstance(obj, Comment):
        return unit_of(obj.target)
    if isinstance(obj, (Follow, InboxItem)):
        return unit_of(obj.assessment or obj.finding or obj.action or obj.comment or obj.reminder)
    raise TypeError(f"No unit for {type(obj).__name__}")


def can_read(user, obj) -> bool:
    """Whether `obj` is in the user's scoped queryset (asked once per request and object)."""
    if not is_active(user):
        return False
    key = f"read:{obj._meta.label}:{obj.pk}"
    return cached(user, key, lambda: visible(user, type(obj)).filter(pk=obj.pk).exists())


def can(user, verb: Verb, obj) -> bool:
    """Whether `user` may do `verb` on `obj` (which they must be able to read)."""
    if not is_active(user):
        return False
    if isinstance(obj, get_user_model()):
        return can_manage_user(user, obj) if verb != Verb.READ else can_read(user, obj)
    if isinstance(obj, (Factor, SurveyDimension)):
        return verb == Verb.READ or (verb in (Verb.MANAGE, Verb.DELETE) and may_ever(user, verb))
    if not can_read(user, obj):
        return False
    if verb == Verb.READ:
        return True
    if isinstance(obj, Survey):
        return _manages_every_unit_of(user, obj)
    if verb == Verb.UPDATE_ACTION and isinstance(obj, Action) and obj.owner_id == user.pk:
        return True
    if isinstance(obj, Attachment):
        return _may_on_attachment(user, verb, obj)
    if isinstance(obj, Comment) and verb == Verb.DELETE:
        # A comment is taken back by its author, or removed by a coordinator in scope.
        return obj.author_id == user.pk or Role.COORDINATOR in roles_on(user, unit_of(obj))
    return bool(roles_on(user, unit_of(obj)) & ROLES_FOR_VERB[verb])


def attach_verb(obj) -> Verb:
    """The verb that lets a person attach files to `obj`: whoever may edit the object."""
    return Verb.EDIT_ACTIONS if isinstance(obj, Action) else Verb.EDIT


def may_attach(user, obj) -> bool:
    """Whether `user` may attach a file to `obj` (an APV, finding, dialogue, action or
    evaluation): they may edit it."""
    return can(user, attach_verb(obj), obj)


def _may_on_attachment(user, verb: Verb, attachment: Attachment) -> bool:
    """An attachment (which the user reads) is deleted by its uploader or a coordinator, and
    is otherwise the object's: whoever may edit the object may do so on its attachments."""
    if verb == Verb.DELETE:
        return attachment.uploaded_by_id == user.pk or bool(
            roles_on(user, unit_of(attachment)) & ROLES_FOR_VERB[Verb.DELETE]
        )
    return may_attach(user, attachment.target)


def _manages_every_unit_of(user, survey: Survey) -> bool:
    """A survey is the coordinators' whose scope holds every unit it has results for."""
    coordinator_paths = paths(user, ROLES_FOR_VERB[Verb.MANAGE])
    if user.is_superuser:
        return True
    unit_paths = survey.results.values_list("unit__path", flat=True).distinct()
    return all(any(path_within(p, c) for c in coordinator_paths) for p in unit_paths)


def may_comment(user, obj) -> bool:
    """Whether `user` may comment on a finding or an action: whoever could read the comment.
    Talking about what one may read is part of reading it (an employee may ask about their
    unit's plan); a comment one could not read back afterwards is refused."""
    if not can_read(user, obj):
        return False
    if isinstance(obj, Action) and obj.finding.confidential:
        return can_read(user, obj.finding)
    return True


def can_on_unit(user, verb: Verb, unit: Unit) -> bool:
    """Whether `user` may do `verb` on things of `unit` (for creating in it)."""
    return bool(roles_on(user, unit) & ROLES_FOR_VERB[verb])


def can_manage_user(actor, target) -> bool:
    """A coordinator may edit a user only when every role that user holds lies in their scope."""
    if not is_active(actor):
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    coordinator_paths = paths(actor, {Role.COORDINATOR})
    if not coordinator_paths:
        return False
    target_paths = RoleAssignment.objects.filter(user=target).values_list("unit__path", flat=True)
    return all(any(path_within(p, c) for c in coordinator_paths) for p in target_paths)


def is_handler(user, finding: Finding) -> bool:
    """Whether `user` handles a (confidential) finding: named, or by default its AMR/leader."""
    named = finding.handlers.all()
    if named.exists():
        return named.filter(pk=user.pk).exists()
    return Finding.objects.filter(pk=finding.pk).filter(default_handler_q(user)).exists()


def may_set_confidentiality(user, finding: Finding) -> bool:
    """Whether `user` may mark `finding` confidential (or public) and name its handlers: its
    reporter or a coordinator in scope. Whoever logs a new finding is its reporter."""
    if finding.pk is None:
        return True
    if not is_active(user):
        return False
    if finding.reported_by_id == user.pk:
        return True
    return Role.COORDINATOR in roles_on(user, finding.assessment.unit)


# Who decides concerns somewhere: the AMR and the coordinators (DESIGN.md §2: "bekymring").
CONCERN_DECIDER_ROLES = frozenset({Role.COORDINATOR, Role.AMR})


def may_decide_concerns(user) -> bool:
    """Whether any role the user holds lets them decide concerns at all (else 403 before any
    lookup)."""
    if not is_active(user):
        return False
    return user.is_superuser or any(g.role in CONCERN_DECIDER_ROLES for g in grants(user))


def may_decide_concern(user, concern: Concern) -> bool:
    """Whether `user` answers, makes a finding of or closes `concern`: the unit's AMR (the
    nearest above where the unit has none) or a coordinator in scope; never its sender, whatever
    roles they hold. Whether it is still open is the service's rule, not a permission."""
    if not is_active(user) or (concern.sender_id is not None and concern.sender_id == user.pk):
        return False
    return cached(
        user,
        f"decide:concern:{concern.pk}",
        lambda: Concern.objects.filter(pk=concern.pk).filter(concern_handler_q(user)).exists(),
    )


def refused_fields(user, obj, names: Iterable[str]) -> set[str]:
    """Of the fields `names`, those that `user` (who may edit `obj`) may still not change.

    The API refuses them (403), the admin shows them read-only, the services refuse them.
    """
    names = set(names)
    if isinstance(obj, Finding) and not may_set_confidentiality(user, obj):
        return names & CONFIDENTIALITY_FIELDS
    if isinstance(obj, Action) and obj.pk and not can_read(user, obj.finding):
        return names - OWNER_PROGRESS_FIELDS
    return set()
