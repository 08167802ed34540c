"""What the cycle's guards count, for one APV or for a whole page of them in four queries: a
list of APVs says what each one is missing without asking once per row (cycle.readiness_many).

Which findings and actions count as lacking is the cycle's rule (`cycle.lacking`); here they are
only counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery


@dataclass
class Facts:
    """The counts of one APV that its phase's guard asks about."""

    findings: int = 0
    dialogues: int = 0
    published_communications: int = 0
    lacking: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def facts_for(assessments) -> dict[int, Facts]:
    """The facts of each of `assessments`, by id."""
    from apps.actions.models import Action, Evaluation
    from apps.communications.models import Communication
    from apps.findings.models import Dialogue, Finding

    from . import cycle

    ids = [a.pk for a in assessments]
    facts = {pk: Facts() for pk in ids}
    if not ids:
        return facts

    finding_codes = cycle.LACKING_CODES["finding"]
    for row in (
        Finding.objects.filter(assessment_id__in=ids)
        .values("assessment_id")
        .annotate(
            total=Count("pk"),
            **{code: Count("pk", filter=cycle.lacking(code).q) for code in finding_codes},
        )
    ):
        entry = facts[row["assessment_id"]]
        entry.findings = row["total"]
        for code in finding_codes:
            entry.lacking[code] = row[code]

    # An evaluation that decided on a new action is answered by an action on the same finding
    # created after it; the latest evaluation of an action counts (a cancelled one's too).
    latest = Evaluation.objects.filter(action=OuterRef("pk")).order_by(
        "-evaluated_on", "-created_at", "-id"
    )
    answered = Action.objects.filter(
        finding_id=OuterRef("finding_id"), created_at__gt=OuterRef("latest_evaluated_at")
    )
    action_codes = cycle.LACKING_CODES["action"]
    for row in (
        Action.objects.filter(finding__assessment_id__in=ids)
        .alias(
            latest_decision=Subquery(latest.values("decision")[:1]),
            latest_evaluated_at=Subquery(latest.values("created_at")[:1]),
        )
        .values("finding__assessment_id")
        .annotate(
            new_action_missing=Count(
                "pk", filter=Q(latest_decision="new_action") & ~Q(Exists(answered))
            ),
            **{code: Count("pk", filter=cycle.lacking(code).q) for code in action_codes},
        )
    ):
        entry = facts[row["finding__assessment_id"]]
        for code in [*action_codes, "new_action_missing"]:
            entry.lacking[code] = row[code]

    for pk, n in (
        Dialogue.objects.filter(assessment_id__in=ids)
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "n")
    ):
        facts[pk].dialogues = n
    for pk, n in (
        Communication.objects.filter(assessment_id__in=ids, published_at__isnull=False)
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "n")
    ):
        facts[pk].published_communications = n
    return facts
