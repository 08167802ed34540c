"""A team's APV with every legal element of DESIGN.md §4 in place, and a confidential finding."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    PhaseTransitionFactory,
)

TODAY = datetime.date(2026, 11, 26)
CONFIDENTIAL_TITLE = "Chikane fra navngiven kollega"


@pytest.fixture
def complete(org):
    """The team's APV in follow-up: surveyed, discussed in MED, planned, approved, evaluated."""
    leader = org.user("leader", "team")
    apv = AssessmentFactory(
        unit=org.team,
        title="APV Solsikken 2026",
        phase="follow_up",
        started_on=datetime.date(2026, 1, 5),
        next_revision_due=datetime.date(2029, 3, 1),
        sickness_absence_note="Sygefraværet hænger delvist sammen med travlhed.",
        plan_approved_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 10, 0)),
        plan_approved_by=org.user("amr", "team"),
        plan_approval_forum="med",
    )
    workload = FindingFactory(
        assessment=apv,
        title="For mange opgaver om eftermiddagen",
        status="confirmed",
        severity=3,
        extent=4,
        causes="Vagtplanen dækker ikke eftermiddagen",
        priority=1,
    )
    secret = FindingFactory(
        assessment=apv,
        title=CONFIDENTIAL_TITLE,
        status="confirmed",
        severity=4,
        extent=1,
        causes="Konflikt",
        priority=2,
        confidential=True,
        reported_by=org.user("amr", "team"),
    )
    done = ActionFactory(
        finding=workload,
        title="Ny vagtplan",
        description="Ekstra person 14-17",
        owner=leader,
        due_on=datetime.date(2026, 5, 1),
        status="done",
        progress=100,
        completed_on=datetime.date(2026, 4, 20),
    )
    open_action = ActionFactory(
        finding=workload, title="Opgavefordeling på personalemødet", owner=leader
    )
    secret_action = ActionFactory(finding=secret, title="Samtale med de involverede", owner=leader)
    EvaluationFactory(action=done, effect="better", decision="keep", notes="Roligere")
    DialogueFactory(assessment=apv, forum="med", findings=[workload, secret], summary="Enige")
    CommunicationFactory(
        assessment=apv,
        where_we_are="Planen er godkendt",
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0)),
    )
    PhaseTransitionFactory(
        assessment=apv,
        from_phase="identification",
        to_phase="involvement",
        at=timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 0)),
    )
    return {
        "org": org,
        "apv": apv,
        "workload": workload,
        "secret": secret,
        "done": done,
        "open_action": open_action,
        "secret_action": secret_action,
    }
