"""Reads of the privacy app: which confidential findings and concerns have been kept long
enough, and everything stored about one person (GDPR art. 15), told as the access module
allows."""

from __future__ import annotations

import datetime
from collections import defaultdict

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps as django_apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from apps import access
from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments import cycle
from apps.assessments.models import Assessment, PhaseTransition
from apps.communications.models import Communication
from apps.concerns.models import Concern
from apps.core.errors import DomainError
from apps.findings.models import Finding
from apps.governance.models import AgreementConfirmation, AnnualReview, ChangeEvent
from apps.organisation.models import RoleAssignment
from apps.reminders.models import CalendarFeed, Reminder
from apps.security.log import security_event

# The person's own fields, named one by one: the password hash is never exported, and neither
# is a field added to the user later (a second factor's secret) until someone decides to.
USER_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "external_id",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
    "date_joined",
)
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def confidential_findings_past_retention(*, as_of: datetime.date | None = None) -> QuerySet:
    """Confidential findings not yet anonymised whose APV is closed, and was closed more than
    APV_CONFIDENTIAL_RETENTION_DAYS before `as_of` (default today). A reopened APV is open."""
    as_of = as_of or timezone.localdate()
    cutoff = as_of - datetime.timedelta(days=settings.APV_CONFIDENTIAL_RETENTION_DAYS)
    return Finding.objects.filter(
        ~cycle.open_q("assessment"),
        confidential=True,
        anonymised_at__isnull=True,
        assessment__closed_on__lt=cutoff,
    ).order_by("pk")


def concerns_past_retention(*, as_of: datetime.date | None = None) -> QuerySet:
    """Decided concerns not yet anonymised whose decision is more than
    APV_CONCERN_RETENTION_DAYS before `as_of` (default today)."""
    as_of = as_of or timezone.localdate()
    cutoff = as_of - datetime.timedelta(days=settings.APV_CONCERN_RETENTION_DAYS)
    return Concern.objects.filter(decided_at__date__lt=cutoff, anonymised_at__isnull=True).order_by(
        "pk"
    )


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _iso_or_value(value):
    return _iso(value) if isinstance(value, datetime.date) else value


def _readable(model, ids: set[int], readers) -> set[int]:
    """Of `ids`, those every reader may read: `access.can_read` for all the rows at once (the
    scoped queryset filtered by their ids, one query per reader, however many rows)."""
    readable = set(ids)
    for reader in readers:
        if reader is not None and readable:
            scoped = access.visible(reader, model).filter(pk__in=readable)
            readable &= set(scoped.values_list("pk", flat=True))
    return readable


class _Teller:
    """Tells findings and actions as the export may: with their text only where the subject may
    read them and, when a person runs the export, where that person may read them too (a
    coordinator learns nothing through it that their own scope hides); elsewhere only as the
    access module labels them ("Fortroligt fund")."""

    def __init__(self, subject, by, finding_ids: set[int], action_ids: set[int]):
        self.subject = subject
        self.findings = _readable(Finding, finding_ids, [subject, by])
        self.actions = _readable(Action, action_ids, [subject, by])

    @staticmethod
    def apv(assessment: Assessment) -> dict:
        return {"id": assessment.pk, "title": assessment.title, "unit": assessment.unit.name}

    def finding_ref(self, finding: Finding) -> dict:
        readable = finding.pk in self.findings
        label = access.finding_label(self.subject, finding, readable=readable)
        if not readable:
            return {"title": label}
        return {"id": finding.pk, "title": label, "apv": self.apv(finding.assessment)}

    def finding(self, finding: Finding) -> dict:
        ref = self.finding_ref(finding)
        if "id" not in ref:
            return ref
        return ref | {
            "description": finding.description,
            "causes": finding.causes,
            "kind": finding.kind,
            "factor": finding.factor.name,
            "status": finding.status,
            "severity": finding.severity,
            "extent": finding.extent,
            "confidential": finding.confidential,
            "created_at": _iso(finding.created_at),
        }

    def action_ref(self, action: Action) -> dict:
        readable = action.pk in self.actions
        label = access.action_label(self.subject, action, readable=readable)
        if not readable:
            return {"title": label}
        return {"id": action.pk, "title": label, "finding": self.finding_ref(action.finding)}

    def action(self, action: Action) -> dict:
        ref = self.action_ref(action)
        if "id" not in ref:
            return ref
        return ref | {
            "description": action.description,
            "status": action.status,
            "progress": action.progress,
            "due_on": _iso(action.due_on),
            "completed_on": _iso(action.completed_on),
            "evaluation_due_on": _iso(action.evaluation_due_on),
        }

    def text(self, action: Action, **text: str) -> dict:
        """An update's or evaluation's free text, told only with its action."""
        return text if action.pk in self.actions else {}


def _reminder_subjects(reminders: list[Reminder]) -> dict[tuple[int, int], object]:
    """The subjects of `reminders`, one query per kind of subject (not per reminder)."""
    ids = defaultdict(set)
    for reminder in reminders:
        ids[reminder.subject_type].add(reminder.subject_id)
    related = {Assessment: ("unit",), Action: ("finding",)}
    subjects = {}
    for content_type, pks in ids.items():
        model = content_type.model_class()
        if model is None:
            continue
        rows = model._base_manager.select_related(*related.get(model, ())).in_bulk(pks)
        subjects |= {(content_type.pk, pk): obj for pk, obj in rows.items()}
    return subjects


def _historied_models() -> list:
    return [
        model
        for model in django_apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def _history_authored(subject) -> list[dict]:
    """The versions the person wrote, as (model, id, date, type): what they changed and when,
    never the content (which follows the object's own rules, access/history.py)."""
    rows = []
    for model in _historied_models():
        history = getattr(model, model._meta.simple_history_manager_attribute)
        versions = history.filter(history_user=subject).values_list(
            model._meta.pk.attname, "history_date", "history_type"
        )
        rows += [
            {"model": model._meta.label_lower, "id": pk, "date": _iso(at), "type": HISTORY_TYPES[t]}
            for pk, at, t in versions
        ]
    return sorted(rows, key=lambda row: (row["date"], row["model"], row["id"]))


def _login_attempts(username: str) -> dict:
    """What django-axes recorded for the username (its form data left out: the username and a
    masked password, nothing more)."""
    common = ("attempt_time", "ip_address", "user_agent", "path_info")

    def rows(model, *extra):
        return [
            {key: _iso(value) if key.endswith("_time") else value for key, value in row.items()}
            for row in model.objects.filter(username=username)
            .order_by("attempt_time")
            .values(*common, *extra)
        ]

    return {
        "failed": rows(AccessFailureLog, "locked_out"),
        "lockout_counters": rows(AccessAttempt, "failures_since_start"),
        "logins": rows(AccessLog, "logout_time"),
    }


def _organisation_year(subject) -> dict:
    """The person's concerns (named ones: an anonymous one holds nobody), the concerns they
    decided (when and how, not what: that is the sender's), and what they wrote or confirmed of
    annual reviews, changes and TRIO agreements."""
    unit_date = {"unit": "unit__name", "sent_on": "created_on", "status": "status"}

    def rows(queryset, fields: dict) -> list[dict]:
        values = queryset.order_by("pk").values(*fields.values())
        return [{key: _iso_or_value(row[name]) for key, name in fields.items()} for row in values]

    return {
        "concerns_sent": rows(
            Concern.objects.filter(sender=subject),
            unit_date | {"text": "text", "answer": "answer", "decided_at": "decided_at"},
        ),
        "concerns_decided": rows(
            Concern.objects.filter(decided_by=subject), unit_date | {"decided_at": "decided_at"}
        ),
        "annual_reviews_written": rows(
            AnnualReview.objects.filter(created_by=subject),
            {"unit": "unit__name", "held_on": "held_on", "created_at": "created_at"},
        ),
        "changes_reported": rows(
            ChangeEvent.objects.filter(reported_by=subject),
            {"unit": "unit__name", "kind": "kind", "changed_on": "changed_on"},
        ),
        "changes_answered": rows(
            ChangeEvent.objects.filter(answered_by=subject),
            {"unit": "unit__name", "decision": "decision", "answered_at": "answered_at"},
        ),
        "agreement_confirmations": rows(
            AgreementConfirmation.objects.filter(user=subject),
            {"unit": "agreement__unit__name", "confirmed_at": "confirmed_at"},
        ),
    }


def person_export(*, subject, by=None) -> dict:
    """Everything stored about `subject`, JSON-ready, for a data-subject access request (GDPR
    art. 15). `by` runs it (None: a command) and must be allowed to manage the person; findings
    and actions are told only as `_Teller` allows."""
    if by is not None and not access.can_manage_user(by, subject):
        raise DomainError(
            "person_export_forbidden",
            _(
                "Only a coordinator whose scope holds every role of the person may export "
                "their data."
            ),
            forbidden=True,
        )
    on_action = "action__finding__assessment__unit"
    reported = list(
        Finding.objects.filter(reported_by=subject).select_related("assessment__unit", "factor")
    )
    handled = list(
        Finding.objects.filter(handlers=subject).select_related("assessment__unit", "factor")
    )
    owned = list(Action.objects.filter(owner=subject).select_related("finding__assessment__unit"))
    updates = list(ActionUpdate.objects.filter(by=subject).select_related(on_action))
    evaluations = list(Evaluation.objects.filter(by=subject).select_related(on_action))
    reminders = list(Reminder.objects.filter(recipient=subject).select_related("subject_type"))
    subjects = _reminder_subjects(reminders)
    actions = [
        *owned,
        *(u.action for u in updates),
        *(e.action for e in evaluations),
        *(s for s in subjects.values() if isinstance(s, Action)),
    ]
    teller = _Teller(
        subject,
        by,
        finding_ids={f.pk for f in [*reported, *handled]} | {a.finding_id for a in actions},
        action_ids={a.pk for a in actions},
    )

    def reminder_about(reminder) -> str | None:
        obj = subjects.get((reminder.subject_type_id, reminder.subject_id))
        if obj is None:
            return None
        return str(access.label(subject, obj, readable=obj.pk in teller.actions))

    data = {
        "generated_at": _iso(timezone.now()),
        "user": {name: _iso_or_value(getattr(subject, name)) for name in USER_FIELDS},
        "roles": [
            {
                "unit_id": r.unit_id,
                "unit": r.unit.name,
                "role": r.role,
                "name": r.get_role_display(),
            }
            for r in RoleAssignment.objects.filter(user=subject).select_related("unit")
        ],
        "findings_reported": [teller.finding(f) for f in reported],
        "findings_handled": [teller.finding(f) for f in handled],
        "actions_owned": [teller.action(a) for a in owned],
        "action_updates": [
            {"action": teller.action_ref(u.action), "at": _iso(u.at), "progress": u.progress}
            | {"status": u.status}
            | teller.text(u.action, note=u.note)
            for u in updates
        ],
        "evaluations": [
            {"action": teller.action_ref(e.action), "evaluated_on": _iso(e.evaluated_on)}
            | {"effect": e.effect, "decision": e.decision}
            | teller.text(e.action, notes=e.notes)
            for e in evaluations
        ],
        "phase_transitions": [
            {"apv": teller.apv(t.assessment), "from": t.from_phase, "to": t.to_phase}
            | {"at": _iso(t.at), "comment": t.comment}
            for t in PhaseTransition.objects.filter(by=subject).select_related("assessment__unit")
        ],
        "plan_approvals": [
            {"apv": teller.apv(a), "at": _iso(a.plan_approved_at)}
            | {"forum": a.plan_approval_forum, "comment": a.plan_approval_comment}
            for a in Assessment.objects.filter(plan_approved_by=subject).select_related("unit")
        ],
        "communications": [
            {"apv": teller.apv(c.assessment), "where_we_are": c.where_we_are}
            | {"what_we_did": c.what_we_did, "how_we_go_on": c.how_we_go_on}
            | {"published_at": _iso(c.published_at), "created_at": _iso(c.created_at)}
            for c in Communication.objects.filter(created_by=subject).select_related(
                "assessment__unit"
            )
        ],
        "reminders": [
            {"kind": r.kind, "reason": r.reason, "about": reminder_about(r)}
            | {"due_on": _iso(r.due_on), "status": r.status, "sent_at": _iso(r.sent_at)}
            for r in reminders
        ],
        # Secrets are never exported, not even their hashes: when they were made and used.
        "calendar_feeds": [
            {"created_at": _iso(created), "last_used_at": _iso(used)}
            for created, used in CalendarFeed.objects.filter(user=subject).values_list(
                "created_at", "last_used_at"
            )
        ],
        "api_tokens": [
            {"created": _iso(created), "expiry": _iso(expiry)}
            for created, expiry in AuthToken.objects.filter(user=subject)
            .order_by("created")
            .values_list("created", "expiry")
        ],
        **_organisation_year(subject),
        "login_attempts": _login_attempts(subject.get_username()),
        "history": _history_authored(subject),
    }
    # Logged here rather than by each caller, so that no way of running it goes unrecorded.
    security_event("person_exported", user=by, subject_user_id=subject.pk)
    return data
