"""Scoped querysets: what a user may see of each model (and what counts in their totals)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment, PhaseTransition, Round
from apps.attachments.models import Attachment
from apps.communications.models import Communication
from apps.concerns.models import Concern
from apps.conversation.models import Comment, Follow, InboxItem
from apps.factors.models import Factor
from apps.findings.models import Dialogue, Finding
from apps.governance.models import Agreement, AgreementConfirmation, AnnualReview, ChangeEvent
from apps.organisation.models import Role, RoleAssignment, Unit, subtree_q
from apps.reminders.models import CalendarFeed, Reminder
from apps.surveys.models import (
    ProposalDecision,
    SicknessAbsence,
    Survey,
    SurveyDimension,
    SurveyFigure,
)

from .grants import (
    ALL_ROLES,
    DEFAULT_HANDLER_ROLES,
    ROLES_FOR_VERB,
    Verb,
    cached,
    grants,
    is_active,
    scope_q,
)


def units_visible_to(user) -> QuerySet:
    return Unit.objects.filter(scope_q(user, "path"))


def units_where(user, verb: Verb) -> QuerySet:
    """Units in which the user may do `verb`: the choices when creating or moving something."""
    return Unit.objects.filter(scope_q(user, "path", roles=ROLES_FOR_VERB[verb]))


def assessments_visible_to(user) -> QuerySet:
    return Assessment.objects.filter(scope_q(user, "unit__path")).select_related("unit")


def default_handler_q(
    user, field: str = "assessment__unit__path", roles=DEFAULT_HANDLER_ROLES
) -> Q:
    """Findings (by their unit path `field`) for which the user is, by default, a handler:
    the nearest AMR or leader of the unit (the nearest holder of one of `roles`).

    A holder on unit U handles findings in U's subtree except below a closer active holder of
    the same role (as in `nearest_holders`, a deactivated user holds nothing).
    """
    q = Q(pk__in=[])
    held = [g for g in grants(user) if g.role in roles]
    for grant in held:
        closer = (
            RoleAssignment.objects.in_effect()
            .filter(subtree_q([grant.path], "unit__path"), role=grant.role, user__is_active=True)
            .exclude(unit_id=grant.unit_id)
            .values_list("unit__path", flat=True)
            .distinct()
        )
        q |= subtree_q([grant.path], field) & ~subtree_q(list(closer), field)
    return q


# The scope filters below keep the unit scope (`path LIKE ...`) as a top-level AND, so the
# database finds a team's rows from its units down the indexes instead of joining every row of
# the municipality and filtering afterwards (an OR across tables cannot be planned that way).
# The few rows a person reads outside their scope (a confidential finding they reported or are
# named to handle elsewhere, an action they own whose finding they may not read) are looked up
# first, by index, and added by id.


def _findings_of_their_own(user) -> list[int]:
    """The confidential findings the user reported and every finding they are named to
    handle, as ids (two index lookups, once per request): a list of ids keeps these rules a
    plain filter on the finding, which the database plans far better than subqueries."""

    def compute():
        reported = Finding.objects.filter(reported_by=user, confidential=True).values_list(
            "pk", flat=True
        )
        handled = Finding.handlers.through.objects.filter(user_id=user.pk).values_list(
            "finding_id", flat=True
        )
        return sorted({*reported, *handled})

    return cached(user, "findings-of-their-own", compute)


def _finding_reader_q(user, prefix: str = "") -> Q:
    """Q for the findings (at `prefix`, e.g. "finding__") that `user` reads within their scope:
    the public ones, and confidential ones as coordinator, reporter or handler."""
    unit_path = f"{prefix}assessment__unit__path"
    handler_links = Finding.handlers.through.objects.filter(
        finding_id=OuterRef(f"{prefix}pk" if prefix else "pk")
    )
    confidential_reader = (
        scope_q(user, unit_path, roles={Role.COORDINATOR})
        | Q(**{f"{prefix}pk__in": _findings_of_their_own(user)})
        | (~Q(Exists(handler_links)) & default_handler_q(user, unit_path))
    )
    return scope_q(user, unit_path) & (
        Q(**{f"{prefix}confidential": False})
        | (Q(**{f"{prefix}confidential": True}) & confidential_reader)
    )


def _findings_read_outside_scope(user) -> list[int]:
    """Confidential findings outside the user's scope that they reported or are named to
    handle: read by them all the same (DESIGN.md §6). Usually none."""

    def compute():
        mine = set(_findings_of_their_own(user))
        if not mine:
            return []
        inside = Finding.objects.filter(pk__in=mine).filter(scope_q(user, "assessment__unit__path"))
        return sorted(mine - set(inside.values_list("pk", flat=True)))

    return cached(user, "findings-outside-scope", compute)


def findings_visible_to(user) -> QuerySet:
    """Findings in scope; confidential ones only for coordinators, reporter and handlers."""
    if not is_active(user):
        return Finding.objects.none()
    outside = _findings_read_outside_scope(user)
    return Finding.objects.filter(
        _finding_reader_q(user) | Q(pk__in=outside, confidential=True)
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
    return (
        Dialogue.objects.filter(scope_q(user, "assessment__unit__path"))
        .select_related("assessment__unit")
        .prefetch_related(Prefetch("findings", queryset=findings_visible_to(user)))
    )


def _actions_owned_beyond_reading(user, reads_finding: Q) -> list[int]:
    """The actions the user owns whose finding they may not read (or that lie outside their
    scope): visible to their owner all the same. Usually none."""
    return cached(
        user,
        "actions-owned-beyond-reading",
        lambda: sorted(
            Action.objects.filter(owner=user).exclude(reads_finding).values_list("pk", flat=True)
        ),
    )


def actions_visible_to(user) -> QuerySet:
    """Actions of visible findings, and always the actions the user owns."""
    if not is_active(user):
        return Action.objects.none()
    outside = _findings_read_outside_scope(user)
    reads_finding = _finding_reader_q(user, "finding__") | Q(
        finding_id__in=outside, finding__confidential=True
    )
    owned = _actions_owned_beyond_reading(user, reads_finding)
    return Action.objects.filter(reads_finding | Q(pk__in=owned)).select_related(
        "finding__assessment__unit", "owner"
    )


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


def rounds_visible_to(user) -> QuerySet:
    """Rounds started on a unit in scope, and rounds of an APV the user may read."""
    theirs = Assessment.objects.filter(scope_q(user, "unit__path"), round_id=OuterRef("pk"))
    return Round.objects.filter(scope_q(user, "unit__path") | Q(Exists(theirs))).select_related(
        "unit"
    )


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
    if not is_active(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    if not grants(user):
        return User.objects.filter(pk=user.pk)
    # One IN over a subquery, never an OR of subqueries: the database joins the directory
    # (tens of thousands of people, a region's hundreds of thousands) to the people in scope
    # once, instead of asking a subquery per person. Whoever holds a role is in their own scope.
    in_scope = (
        RoleAssignment.objects.filter(scope_q(user, "unit__path")).order_by().values("user_id")
    )
    if any(g.role == Role.COORDINATOR for g in grants(user)):
        if not Unit.objects.exclude(scope_q(user, "path", roles={Role.COORDINATOR})).exists():
            # A coordinator of the whole tree sees every role holder and everyone without a
            # role: the whole directory, without asking anything per person.
            return User.objects.all()
        without_role = ~Exists(RoleAssignment.objects.filter(user_id=OuterRef("pk")))
        in_scope = in_scope.union(User.objects.filter(without_role).order_by().values("pk"))
    return User.objects.filter(pk__in=in_scope)


def reminders_visible_to(user) -> QuerySet:
    """A person's own reminders; a coordinator also sees every reminder in scope."""
    if not is_active(user):
        return Reminder.objects.none()
    return Reminder.objects.filter(
        Q(recipient=user) | scope_q(user, "unit__path", roles={Role.COORDINATOR})
    ).select_related("recipient", "subject_type", "unit")


def calendar_feeds_visible_to(user) -> QuerySet:
    """A calendar feed is personal: everyone sees only their own (a superuser, all)."""
    if not is_active(user):
        return CalendarFeed.objects.none()
    feeds = CalendarFeed.objects.select_related("user")
    return feeds if user.is_superuser else feeds.filter(user=user)


def factors_visible_to(user) -> QuerySet:
    """The factor taxonomy is shared by everyone who may use the tracker."""
    return Factor.objects.all() if is_active(user) else Factor.objects.none()


def _survey_figures_q(user) -> Q:
    """Figures of the units in scope and of the units above them: a team sees its own figure
    and those it is part of (its department's, its area's). Only figures exist to be read: a
    result from fewer respondents than the threshold, or one that shown figures would
    reveal, has none, so the levels above give nothing small away."""
    above = {int(part) for g in grants(user) for part in g.path.strip("/").split("/") if part}
    # One IN over the units (their path index and primary key), not an OR across tables.
    return Q(unit_id__in=Unit.objects.filter(scope_q(user, "path") | Q(pk__in=above)).values("pk"))


def survey_figures_visible_to(user) -> QuerySet:
    return SurveyFigure.objects.filter(_survey_figures_q(user)).select_related(
        "survey", "unit", "factor"
    )


def surveys_visible_to(user) -> QuerySet:
    """Surveys with a figure the user may read."""
    figures = SurveyFigure.objects.filter(_survey_figures_q(user), survey_id=OuterRef("pk"))
    return Survey.objects.filter(Exists(figures))


def sickness_absence_visible_to(user) -> QuerySet:
    return SicknessAbsence.objects.filter(scope_q(user, "unit__path")).select_related("unit")


def survey_dimensions_visible_to(user) -> QuerySet:
    """The mapping of the survey tool's dimensions is shared, like the factors."""
    if not is_active(user):
        return SurveyDimension.objects.none()
    return SurveyDimension.objects.select_related("factor")


def proposal_decisions_visible_to(user) -> QuerySet:
    return ProposalDecision.objects.filter(scope_q(user, "assessment__unit__path"))


def concern_handler_q(user, field: str = "unit__path") -> Q:
    """Concerns (by their unit path `field`) that `user` handles: as the unit's AMR (the
    nearest one above where the unit has none) or as a coordinator in scope."""
    return scope_q(user, field, roles={Role.COORDINATOR}) | default_handler_q(
        user, field, roles=(Role.AMR,)
    )


def concerns_visible_to(user) -> QuerySet:
    """Concerns are confidential between the sender and the AMR: read by the unit's AMR,
    coordinators in scope and the sender of a named concern; not by the leader, TR or MED."""
    if not is_active(user):
        return Concern.objects.none()
    return Concern.objects.filter(concern_handler_q(user) | Q(sender=user)).select_related(
        "unit", "sender", "finding", "decided_by"
    )


def concerns_counted_for(user) -> QuerySet:
    """Concerns that count in the user's totals: every one in scope (a count says that
    something exists, not what or who). Never list these."""
    return Concern.objects.filter(scope_q(user, "unit__path"))


def annual_reviews_visible_to(user) -> QuerySet:
    """Annual reviews of the units in scope, with the APVs they reviewed that the user reads."""
    return (
        AnnualReview.objects.filter(scope_q(user, "unit__path"))
        .select_related("unit", "created_by")
        .prefetch_related(Prefetch("assessments", queryset=assessments_visible_to(user)))
    )


def changes_visible_to(user) -> QuerySet:
    """Change events of the units in scope, answered or waiting for their answer."""
    return ChangeEvent.objects.filter(scope_q(user, "unit__path")).select_related(
        "unit", "reported_by", "answered_by", "assessment"
    )


def agreements_visible_to(user) -> QuerySet:
    """The TRIO agreements of the units in scope, with who confirmed them."""
    return (
        Agreement.objects.filter(scope_q(user, "unit__path"))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "confirmations",
                queryset=AgreementConfirmation.objects.select_related("user"),
            )
        )
    )


def agreement_confirmations_visible_to(user) -> QuerySet:
    return AgreementConfirmation.objects.filter(
        scope_q(user, "agreement__unit__path")
    ).select_related("agreement__unit", "user")


def attachments_visible_to(user) -> QuerySet:
    """An attachment is read exactly by those who read its object: one of a confidential
    finding (or of an action or evaluation under one) is as confidential as the finding."""
    if not is_active(user):
        return Attachment.objects.none()
    return Attachment.objects.filter(
        Q(assessment__in=assessments_visible_to(user).values("pk"))
        | Q(finding__in=findings_visible_to(user).values("pk"))
        | Q(dialogue__in=Dialogue.objects.filter(scope_q(user, "assessment__unit__path")))
        | Q(action__in=actions_visible_to(user).values("pk"))
        | Q(evaluation__in=evaluations_visible_to(user).values("pk"))
    ).select_related("uploaded_by")


def comments_visible_to(user) -> QuerySet:
    """Comments are as confidential as what they are on: a finding's thread is read by whoever
    reads the finding; an action's by whoever reads the action, except that under a
    confidential finding only the finding's readers read it (its owner who may not read the
    finding sees the action, not the talk about the matter)."""
    if not is_active(user):
        return Comment.objects.none()
    findings = findings_visible_to(user).values("pk")
    return Comment.objects.filter(
        Q(finding__in=findings)
        | Q(action__in=actions_visible_to(user).values("pk"))
        & (Q(action__finding__confidential=False) | Q(action__finding__in=findings))
    ).select_related("author")


def follows_visible_to(user) -> QuerySet:
    """A person's own follows of what they may still read."""
    if not is_active(user):
        return Follow.objects.none()
    return Follow.objects.filter(user=user).filter(
        Q(assessment__in=assessments_visible_to(user).values("pk"))
        | Q(finding__in=findings_visible_to(user).values("pk"))
    )


def inbox_items_visible_to(user) -> QuerySet:
    """A person's own inbox, without any item whose subject they may no longer read (a
    finding made confidential since, an APV out of their scope)."""
    if not is_active(user):
        return InboxItem.objects.none()
    subjects = {
        "assessment": assessments_visible_to,
        "finding": findings_visible_to,
        "action": actions_visible_to,
        "comment": comments_visible_to,
        "reminder": reminders_visible_to,
    }
    q = Q(recipient=user)
    for field, scoped in subjects.items():
        q &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": scoped(user).values("pk")})
    return InboxItem.objects.filter(q)


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
    Round: rounds_visible_to,
    RoleAssignment: role_assignments_visible_to,
    Reminder: reminders_visible_to,
    CalendarFeed: calendar_feeds_visible_to,
    Survey: surveys_visible_to,
    SurveyFigure: survey_figures_visible_to,
    SicknessAbsence: sickness_absence_visible_to,
    SurveyDimension: survey_dimensions_visible_to,
    ProposalDecision: proposal_decisions_visible_to,
    Concern: concerns_visible_to,
    AnnualReview: annual_reviews_visible_to,
    ChangeEvent: changes_visible_to,
    Agreement: agreements_visible_to,
    AgreementConfirmation: agreement_confirmations_visible_to,
    Attachment: attachments_visible_to,
    Comment: comments_visible_to,
    Follow: follows_visible_to,
    InboxItem: inbox_items_visible_to,
}


def visible(user, model) -> QuerySet:
    """The scoped queryset of `model` for `user`."""
    if model is get_user_model():
        return users_visible_to(user)
    return VISIBLE[model](user)
