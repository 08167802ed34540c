"""The one place that answers "what may this user see and do" (DESIGN.md §6).

The API, the admin, dashboards, exports and reminders all read through these functions; none
of them filters on its own. A role held on a unit covers that unit and every unit below it; a
superuser acts as a coordinator of every unit. The rooms:

- `grants`: verbs, the roles that allow them, and what a user holds where;
- `querysets`: what a user may see of each model, and what counts in their totals;
- `rules`: may this user do this verb on this object, and change these fields;
- `labels`: how a confidential finding is named to someone who may not read it;
- `history`: which past versions of an object a user may see;
- `bulk`: the read rules for thousands of (person, object) pairs at once (the reminder sweep).
"""

from .bulk import nearest_holders_many, readable_pairs
from .grants import (
    ALL_ROLES,
    DEFAULT_HANDLER_ROLES,
    ROLES_FOR_VERB,
    TRIO_AND_COORDINATOR,
    Grant,
    Verb,
    grants,
    may_ever,
    nearest_holders,
    prime_grants,
    roles_on,
    scope_q,
)
from .history import versions_visible_to
from .labels import (
    ACTION_OF_CONFIDENTIAL_FINDING,
    CONFIDENTIAL_FINDING,
    action_label,
    finding_label,
    label,
    named_outside,
)
from .querysets import (
    VISIBLE,
    action_updates_visible_to,
    actions_counted_for,
    actions_visible_to,
    assessments_visible_to,
    calendar_feeds_visible_to,
    communications_visible_to,
    dialogues_visible_to,
    evaluations_visible_to,
    factors_visible_to,
    findings_counted_for,
    findings_visible_to,
    proposal_decisions_visible_to,
    reminders_visible_to,
    role_assignments_visible_to,
    sickness_absence_visible_to,
    survey_dimensions_visible_to,
    survey_figures_visible_to,
    surveys_visible_to,
    transitions_visible_to,
    units_visible_to,
    units_where,
    users_visible_to,
    visible,
)
from .rules import (
    CONFIDENTIALITY_FIELDS,
    OWNER_PROGRESS_FIELDS,
    can,
    can_manage_user,
    can_on_unit,
    can_read,
    is_handler,
    may_set_confidentiality,
    refused_fields,
    unit_of,
)

__all__ = [
    "ACTION_OF_CONFIDENTIAL_FINDING",
    "ALL_ROLES",
    "CONFIDENTIAL_FINDING",
    "CONFIDENTIALITY_FIELDS",
    "DEFAULT_HANDLER_ROLES",
    "OWNER_PROGRESS_FIELDS",
    "ROLES_FOR_VERB",
    "TRIO_AND_COORDINATOR",
    "VISIBLE",
    "Grant",
    "Verb",
    "action_label",
    "action_updates_visible_to",
    "actions_counted_for",
    "actions_visible_to",
    "assessments_visible_to",
    "calendar_feeds_visible_to",
    "can",
    "can_manage_user",
    "can_on_unit",
    "can_read",
    "communications_visible_to",
    "dialogues_visible_to",
    "evaluations_visible_to",
    "factors_visible_to",
    "finding_label",
    "findings_counted_for",
    "findings_visible_to",
    "grants",
    "prime_grants",
    "proposal_decisions_visible_to",
    "sickness_absence_visible_to",
    "survey_dimensions_visible_to",
    "survey_figures_visible_to",
    "surveys_visible_to",
    "is_handler",
    "label",
    "may_ever",
    "may_set_confidentiality",
    "named_outside",
    "nearest_holders",
    "nearest_holders_many",
    "readable_pairs",
    "refused_fields",
    "reminders_visible_to",
    "role_assignments_visible_to",
    "roles_on",
    "scope_q",
    "transitions_visible_to",
    "unit_of",
    "units_visible_to",
    "units_where",
    "users_visible_to",
    "versions_visible_to",
    "visible",
]
