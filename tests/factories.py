"""Factories for the domain; each builds a valid object with as little as possible given."""

import datetime

import factory
from django.utils import timezone

from apps.accounts.models import User
from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment, PhaseTransition
from apps.communications.models import Communication
from apps.factors.models import Factor
from apps.findings.models import Dialogue, Finding
from apps.organisation.models import RoleAssignment, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Bruger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.django.Password("demo-password")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Enhed {n}")
    headcount = 10


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "employee"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"APV {n}")
    started_on = factory.LazyFunction(timezone.localdate)
    next_revision_due = factory.LazyAttribute(
        lambda a: a.started_on.replace(year=a.started_on.year + 3)
    )


def factor(code="arbejdsmaengde") -> Factor:
    return Factor.objects.get(code=code)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    assessment = factory.SubFactory(AssessmentFactory)
    title = factory.Sequence(lambda n: f"Fund {n}")
    description = "Beskrivelse"
    factor = factory.LazyFunction(factor)

    @factory.post_generation
    def handlers(self, create, extracted, **kwargs):
        if create and extracted:
            self.handlers.set(extracted)


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue
        skip_postgeneration_save = True

    assessment = factory.SubFactory(AssessmentFactory)
    forum = "med"
    held_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def findings(self, create, extracted, **kwargs):
        if create and extracted:
            self.findings.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    finding = factory.SubFactory(FindingFactory)
    title = factory.Sequence(lambda n: f"Tiltag {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    action = factory.SubFactory(ActionFactory)
    effect = "better"
    decision = "keep"


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Communication

    assessment = factory.SubFactory(AssessmentFactory)
    where_we_are = "Vi er så langt"


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    progress = 50
    status = "in_progress"
    note = "Halvvejs"


class PhaseTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseTransition

    assessment = factory.SubFactory(AssessmentFactory)
    from_phase = "identification"
    to_phase = "involvement"
