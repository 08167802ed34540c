"""Writes of the privacy app: anonymising confidential findings and concerns that have been kept
long enough (GDPR art. 5(1)(e), storage limitation).

What goes, and why (DESIGN.md §6 calls a confidential finding and everything under it as
confidential as the finding):

- the finding's text (title, description, causes), in every version of its history too, and
  everyone it names: its reporter, its named handlers (also those recorded with each version),
  and who wrote each version;
- under it, every action's text (title and how: a title often says what the finding was about,
  which is why mail never names such an action, access/labels.py) and its owner; the status
  updates' notes and the evaluations' notes, and who wrote them; the reminders about those
  actions, each of which names the owner it went to.

What stays: the finding's kind, factor, status, severity, extent and priority, and the actions'
dates, statuses and progress, the evaluations' effect and decision. They say that something was
found and dealt with, not what or who; they are the closed APV's record (the action plan was
carried out and followed up, DESIGN.md §4) and keep the counts and the on-time rate true.
Dialogues keep their links and summaries: a dialogue is about the whole APV, not this finding.

The writes are the system's, not a person's: they go around the per-user rules, and around
simple-history too (a queryset update writes no new version, so nothing of the old text is
copied forward). They never run twice on a finding: `anonymised_at` marks it.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.concerns.models import Concern
from apps.findings.models import Finding
from apps.reminders.models import Reminder
from apps.security.log import security_event

from .selectors import concerns_past_retention, confidential_findings_past_retention

# Written into the records themselves, in the organisation's language (like the seeded factor
# names), not translated per reader: this is what the finding says from now on.
ANONYMISED_FINDING_TITLE = "Anonymiseret fortroligt fund"
ANONYMISED_TEXT = "Teksten er slettet, da opbevaringsperioden for fortrolige fund udløb."
ANONYMISED_ACTION_TITLE = "Anonymiseret tiltag"
ANONYMISED_CONCERN_TEXT = "Teksten er slettet, da opbevaringsperioden for bekymringer udløb."

# The handlers recorded with each version of a finding (simple-history's m2m_fields).
HISTORICAL_HANDLERS = Finding.history.model._meta.get_field(
    "historicalfinding_handlers"
).related_model


@transaction.atomic
def confidential_findings_anonymise(*, as_of: datetime.date | None = None) -> list[int]:
    """Anonymise the confidential findings past their retention as of `as_of` (default today),
    with their history and what lies under them; returns their ids (none on a second run)."""
    as_of = as_of or timezone.localdate()
    # Locked, so that two runs at once anonymise (and log) each finding once.
    ids = list(
        confidential_findings_past_retention(as_of=as_of)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if ids:
        _anonymise(ids, at=timezone.now())
    security_event(
        "confidential_findings_anonymised",
        finding_ids=ids,
        count=len(ids),
        as_of=as_of.isoformat(),
    )
    return ids


def _anonymise(ids: list[int], *, at: datetime.datetime) -> None:
    finding_text = {
        "title": ANONYMISED_FINDING_TITLE,
        "description": ANONYMISED_TEXT,
        # Not blank: were the APV reopened, its guards ask a risk finding for its causes.
        "causes": ANONYMISED_TEXT,
        "reported_by": None,
        "anonymised_at": at,
    }
    Finding.objects.filter(pk__in=ids).update(**finding_text)
    Finding.handlers.through.objects.filter(finding_id__in=ids).delete()
    Finding.history.filter(id__in=ids).update(
        **finding_text, history_user=None, history_change_reason=None
    )
    HISTORICAL_HANDLERS.objects.filter(history__id__in=ids).delete()

    action_ids = list(Action.objects.filter(finding_id__in=ids).values_list("pk", flat=True))
    action_text = {"title": ANONYMISED_ACTION_TITLE, "description": "", "owner": None}
    Action.objects.filter(pk__in=action_ids).update(**action_text)
    Action.history.filter(id__in=action_ids).update(
        **action_text, history_user=None, history_change_reason=None
    )
    ActionUpdate.objects.filter(action_id__in=action_ids).update(note="", by=None)
    Evaluation.objects.filter(action_id__in=action_ids).update(notes="", by=None)
    Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(Action), subject_id__in=action_ids
    ).delete()


@transaction.atomic
def concerns_anonymise(*, as_of: datetime.date | None = None) -> list[int]:
    """Remove the text, the answer and the sender of the concerns decided more than
    APV_CONCERN_RETENTION_DAYS before `as_of`, in their history too (whose versions also lose
    who wrote them: the creation of a named concern was written by its sender). Their unit,
    date, status and decision stay: the counts stay true, and the receipt still tells its
    holder the status. Returns their ids (none on a second run)."""
    as_of = as_of or timezone.localdate()
    ids = list(
        concerns_past_retention(as_of=as_of)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if ids:
        text = {"text": ANONYMISED_CONCERN_TEXT, "answer": "", "sender": None}
        Concern.objects.filter(pk__in=ids).update(**text, anonymised_at=timezone.now())
        Concern.history.filter(id__in=ids).update(
            **text, history_user=None, history_change_reason=None
        )
    security_event("concerns_anonymised", concern_ids=ids, count=len(ids), as_of=as_of.isoformat())
    return ids
