"""Build one object of each scoped model on a given unit, for the access tests."""

from django.utils import timezone

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment, PhaseTransition
from apps.communications.models import Communication
from apps.findings.models import Dialogue, Finding
from apps.organisation.models import RoleAssignment, Unit
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    PhaseTransitionFactory,
    RoleAssignmentFactory,
)

SCOPED_MODELS = [
    Unit,
    Assessment,
    Finding,
    Dialogue,
    Action,
    ActionUpdate,
    Evaluation,
    Communication,
    PhaseTransition,
    RoleAssignment,
]


def assessment_on(unit: Unit) -> Assessment:
    """The unit's open assessment (a unit has at most one), created when missing."""
    return Assessment.objects.filter(unit=unit).exclude(phase="closed").first() or (
        AssessmentFactory(unit=unit)
    )


def make(model, unit: Unit):
    """One object of `model` that belongs to `unit` (a non-confidential, published one)."""
    if model is Unit:
        return unit
    if model is RoleAssignment:
        return RoleAssignmentFactory(unit=unit, role="employee")
    assessment = assessment_on(unit)
    if model is Assessment:
        return assessment
    if model is PhaseTransition:
        return PhaseTransitionFactory(assessment=assessment)
    if model is Communication:
        return CommunicationFactory(assessment=assessment, published_at=timezone.now())
    if model is Dialogue:
        return DialogueFactory(assessment=assessment)
    finding = FindingFactory(assessment=assessment)
    if model is Finding:
        return finding
    action = ActionFactory(finding=finding)
    if model is Action:
        return action
    if model is ActionUpdate:
        return ActionUpdateFactory(action=action)
    if model is Evaluation:
        return EvaluationFactory(action=action)
    raise TypeError(model)
