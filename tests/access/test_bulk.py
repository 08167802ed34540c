"""The bulk read rules (access.readable_pairs) answer exactly what can_read answers, for every
person of the organisation and every object of a world with public and confidential findings
(named handlers, default handlers, a reporter), owners outside the unit, a deactivated
handler and a superuser, and the organisation's year: annual reviews, changes, agreements and
concerns, named and anonymous, in units with and without an AMR of their own."""

import datetime
import itertools

from apps import access
from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.concerns.models import Concern
from apps.concerns.services import concern_send
from apps.findings.models import Finding
from apps.governance import services as governance
from apps.governance.models import Agreement, AnnualReview, ChangeEvent
from apps.organisation.models import Unit
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    FindingFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
    factor,
)


def world(org):
    below = UnitFactory(name="Vuggestuen", parent=org.team)
    gone = UserFactory(username="tidligere_amr", is_active=False)
    RoleAssignmentFactory(user=gone, unit=below, role="amr")
    for unit in (org.team, org.sibling, org.dept, below, org.other_area):
        apv = AssessmentFactory(unit=unit)
        public = FindingFactory(assessment=apv)
        default = FindingFactory(assessment=apv, confidential=True, factor=factor("mobning"))
        named = FindingFactory(
            assessment=apv,
            confidential=True,
            reported_by=org.user("tr", "team"),
            handlers=[org.user("employee", "team"), org.user("leader", "other_area")],
        )
        for finding in (public, default, named):
            ActionFactory(finding=finding, owner=org.user("employee", "sibling"))
            ActionFactory(finding=finding, owner=UserFactory())
    for unit in (org.team, org.area, below):
        governance.annual_review_create(
            unit=unit, by=None, held_on=datetime.date(2026, 3, 1), assessments=[]
        )
        governance.change_create(
            unit=unit, by=None, kind="premises", changed_on=datetime.date(2026, 3, 1)
        )
        governance.agreement_create(unit=unit, by=None)
    for unit, sender, anonymous in (
        (org.team, org.user("employee", "team"), True),
        (org.team, org.user("amr", "team"), False),
        (below, RoleAssignmentFactory(unit=below, role="employee").user, False),
        (org.sibling, org.user("tr", "sibling"), True),
    ):
        concern_send(by=sender, unit=unit, text="Travlt", anonymous=anonymous)
    people = [*org.users.values(), gone, UserFactory(username="rod", is_superuser=True)]
    objects = [
        *Unit.objects.all(),
        *Assessment.objects.all(),
        *Finding.objects.all(),
        *Action.objects.all(),
        *AnnualReview.objects.all(),
        *ChangeEvent.objects.all(),
        *Agreement.objects.all(),
        *Concern.objects.all(),
    ]
    return people, objects


def test_bulk_answers_equal_can_read_everywhere(org):
    people, objects = world(org)
    pairs = list(itertools.product(people, objects))
    bulk = access.readable_pairs(pairs)
    one_by_one = {(user.pk, type(obj), obj.pk) for user, obj in pairs if access.can_read(user, obj)}
    assert bulk == one_by_one
    assert len(one_by_one) > len(people)  # the world is not empty of readers


def test_nearest_holders_many_equals_nearest_holders(org):
    below = UnitFactory(name="Vuggestuen", parent=org.team)
    units = [org.root, org.dept, org.team, org.sibling, below, org.other_area]
    many = access.nearest_holders_many(units, ["leader", "amr", "tr"])
    for unit in units:
        for role in ("leader", "amr", "tr"):
            assert set(many[(unit.pk, role)]) == set(access.nearest_holders(unit, role))
