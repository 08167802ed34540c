"""One person with something of everything stored about them, for the per-person export.

The person is the team's employee. They own an action under the AMR's confidential finding,
whose texts carry MARKER (they may not read it), post an update on it and evaluate it; they
reported a confidential finding of their own (OWN, theirs to read) and a public one; they have
a reminder, a calendar feed, an API token, login attempts, a phase change, a communication and
versions they wrote. Someone else's login attempts and action are there too.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.actions.models import Action
from apps.findings import services as finding_services
from apps.organisation.services import token_issue
from apps.reminders.models import Reminder
from apps.reminders.services import calendar_feed_renew
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    CommunicationFactory,
    EvaluationFactory,
    PhaseTransitionFactory,
    factor,
)

MARKER = "KANARIE-PERSON-3e8a"
OWN = "EGET-FUND-91b2"


def login_rows(username: str, address: str) -> None:
    common = {"username": username, "ip_address": address, "user_agent": "Firefox"}
    common |= {"http_accept": "text/html", "path_info": "/admin/login/"}
    AccessFailureLog.objects.create(**common, locked_out=False)
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**common)


def build_world(org) -> dict:
    subject, amr = org.user("employee", "team"), org.user("amr", "team")
    apv = AssessmentFactory(unit=org.team, phase="prioritisation", title="APV Solsikken")
    secret = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title=f"Krænkelser {MARKER}",
        description=f"Beskrivelse {MARKER}",
        causes=f"Årsager {MARKER}",
        factor=factor("seksuel_chikane"),
        confidential=True,
    )
    action = ActionFactory(finding=secret, owner=subject, title="Samtale om trivsel")
    Action.history.filter(id=action.pk).update(history_user=subject)
    ActionUpdateFactory(action=action, by=subject, note="Samtalen er aftalt")
    EvaluationFactory(action=action, by=subject, notes="Det hjalp")
    own = finding_services.finding_create(
        assessment=apv,
        by=subject,
        title=f"Mit fund {OWN}",
        description=f"Det jeg oplevede {OWN}",
        factor=factor("mobning"),
        confidential=True,
    )
    finding_services.finding_create(
        assessment=apv, by=subject, title="Støj i frokoststuen", factor=factor("stoej")
    )
    Reminder.objects.create(
        kind="action_due_soon",
        recipient=subject,
        reason="owner",
        subject_type=ContentType.objects.get_for_model(Action),
        subject_id=action.pk,
        unit=org.team,
        due_on=timezone.localdate(),
    )
    calendar_token = calendar_feed_renew(user=subject)
    _row, api_token = token_issue(subject)
    login_rows(subject.username, "10.1.2.3")
    login_rows(amr.username, "10.9.9.9")
    PhaseTransitionFactory(assessment=apv, by=subject, comment="Videre efter mødet")
    CommunicationFactory(
        assessment=apv, created_by=subject, where_we_are="Vi har talt sammen om trivslen"
    )
    ActionFactory(finding=secret, owner=amr, title="Den andens tiltag")
    return {
        "apv": apv.pk,
        "secret": secret.pk,
        "own": own.pk,
        "action": action.pk,
        "calendar_token": calendar_token,
        "api_token": api_token,
    }
