"""`seed_demo` builds a believable municipality that obeys the rules, and only once."""

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import RequestFactory
from django.utils import timezone

from apps import access
from apps.accounts.models import User
from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments import cycle
from apps.assessments.models import Assessment, Phase, PhaseTransition
from apps.communications.models import Communication
from apps.core.dates import add_years
from apps.demo.content import DEMO_PASSWORD, ROOT_UNIT
from apps.findings.models import Dialogue, Finding
from apps.organisation.models import Role, RoleAssignment, Unit


def login_request():
    """A login's request: the login protection counts attempts per request."""
    return RequestFactory().post("/admin/login/")


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Build the demo once for the module (it takes seconds) and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def output(seeded, db):
    """Each test runs in its own savepoint inside the module's transaction."""
    return seeded


def test_builds_the_organisation_and_a_user_for_every_role(output):
    root = Unit.objects.get(name=ROOT_UNIT, parent=None)
    kinds = Counter(Unit.objects.values_list("kind", flat=True))
    assert root.kind == Unit.Kind.ORGANISATION
    assert kinds == {"organisation": 1, "area": 3, "department": 5, "team": 10}
    assert not Unit.objects.filter(headcount=0).exists()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    for username, role in [
        ("koordinator", Role.COORDINATOR),
        ("leder", Role.LEADER),
        ("amr", Role.AMR),
        ("tr", Role.TR),
        ("med", Role.MED),
        ("medarbejder", Role.EMPLOYEE),
    ]:
        user = User.objects.get(username=username)
        assert user.role_assignments.filter(role=role).exists()
        assert user.get_full_name()
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_staff=False).exists()
    assert authenticate(login_request(), username="amr", password=DEMO_PASSWORD) is not None
    assert authenticate(login_request(), username="admin", password=DEMO_PASSWORD) is not None


def test_every_team_has_a_leader_amr_and_tr_at_or_above_it(output):
    for team in Unit.objects.filter(kind=Unit.Kind.TEAM):
        for role in (Role.LEADER, Role.AMR, Role.TR):
            assert access.nearest_holders(team, role).exists(), (team, role)


def test_prints_the_logins_in_danish(output):
    assert "Demo-logins (adgangskode demo1234" in output
    for username in ("koordinator", "leder", "amr", "tr", "med", "medarbejder", "admin"):
        assert f"  {username} " in output
    assert "arbejdsmiljørepræsentant (AMR)" in output


def test_assessments_in_every_phase_at_most_one_open_per_unit(output):
    assert set(Assessment.objects.values_list("phase", flat=True)) == set(Phase.values)
    open_per_unit = (
        Assessment.objects.exclude(phase=Phase.CLOSED)
        .values("unit")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not open_per_unit.exists()
    # A unit with an older, closed round and a current one.
    assert (
        Unit.objects.filter(assessments__phase=Phase.CLOSED)
        .filter(pk__in=Assessment.objects.exclude(phase=Phase.CLOSED).values("unit"))
        .exists()
    )


def test_every_passed_phase_has_its_guards_met(output):
    for assessment in Assessment.objects.all():
        passed = cycle.ORDER[: cycle.ORDER.index(assessment.phase)]
        for phase in passed:
            assert cycle.guard(assessment, phase) == [], (assessment, phase)
        moves = list(assessment.transitions.values_list("from_phase", "to_phase"))
        assert moves == list(zip(passed, cycle.ORDER[1:], strict=False))


def test_history_lies_in_the_past_and_in_order(output):
    now = timezone.now()
    today = timezone.localdate()
    assert not Assessment.objects.filter(started_on__gte=today).exists()
    for model, field in [
        (Assessment, "created_at"),
        (Assessment, "phase_entered_at"),
        (PhaseTransition, "at"),
        (Finding, "created_at"),
        (Dialogue, "created_at"),
        (Action, "created_at"),
        (ActionUpdate, "at"),
        (Evaluation, "created_at"),
        (Communication, "created_at"),
        (Finding.history.model, "history_date"),
    ]:
        assert not model.objects.filter(**{f"{field}__gte": now}).exists(), (model, field)
    for assessment in Assessment.objects.all():
        stamps = list(assessment.transitions.values_list("at", flat=True))
        assert stamps == sorted(stamps)
        assert assessment.phase_entered_at == (stamps[-1] if stamps else assessment.created_at)
        assert assessment.next_revision_due > assessment.started_on
    closed = Assessment.objects.filter(phase=Phase.CLOSED)
    assert not closed.exclude(closed_on__lt=today).exists()
    approved = Assessment.objects.filter(plan_approved_at__isnull=False)
    for assessment in approved:
        approval_day = timezone.localdate(assessment.plan_approved_at)
        assert assessment.next_revision_due == add_years(approval_day, 3)
    assert not Finding.history.filter(history_user=None).exists()


def test_findings_actions_dialogues_and_communications_are_varied(output):
    findings = Finding.objects.all()
    assert findings.filter(kind=Finding.Kind.RESOURCE).exists()
    assert findings.values("factor__domain").distinct().count() >= 6
    assert set(findings.values_list("status", flat=True)) == set(Finding.Status.values)
    assert findings.filter(priority__isnull=False, severity__isnull=False).exists()
    confidential = findings.get(confidential=True, factor__code="seksuel_chikane")
    amr_team = User.objects.get(username="amr").role_assignments.get(role=Role.AMR).unit
    assert confidential.assessment.unit == amr_team

    actions = Action.objects.all()
    assert actions.overdue().exists()
    assert actions.filter(status=Action.Status.DONE, evaluations__isnull=False).exists()
    assert actions.filter(status=Action.Status.DONE, completed_on__gt=F("due_on")).exists()
    assert actions.filter(status=Action.Status.DONE, completed_on__lte=F("due_on")).exists()
    assert actions.filter(status=Action.Status.CANCELLED).exists()
    assert actions.open().filter(due_on__gte=timezone.localdate()).exists()
    assert not actions.filter(Q(owner=None) | Q(due_on=None)).exists()
    assert Evaluation.objects.filter(decision=Evaluation.Decision.NEW_ACTION).exists()

    assert {"med", "amo", "team_meeting", "trio"} <= set(
        Dialogue.objects.values_list("forum", flat=True)
    )
    published = Communication.objects.filter(published_at__isnull=False)
    assert published.exclude(what_we_did="").exclude(how_we_go_on="").exists()
    assert Communication.objects.filter(published_at__isnull=True).exists()


def test_the_demo_amr_and_leader_find_work_waiting(output):
    amr = User.objects.get(username="amr")
    leader = User.objects.get(username="leder")
    employee = User.objects.get(username="medarbejder")
    amr_team = amr.role_assignments.get(role=Role.AMR).unit
    current = Assessment.objects.exclude(phase=Phase.CLOSED).get(unit=amr_team)
    assert current.phase in (Phase.IDENTIFICATION, Phase.INVOLVEMENT)
    assert current.findings.filter(status=Finding.Status.OPEN).exists()
    assert access.can(amr, access.Verb.EDIT, current)

    in_prioritisation = access.assessments_visible_to(leader).filter(phase=Phase.PRIORITISATION)
    assert in_prioritisation.exists()
    assert access.can(leader, access.Verb.EDIT_ACTIONS, in_prioritisation.first())

    confidential = Finding.objects.get(confidential=True, assessment=current)
    assert access.can_read(amr, confidential)
    assert access.can_read(leader, confidential)
    assert not access.can_read(employee, confidential)


def test_a_second_run_changes_nothing(output):
    before = counts()
    again = seed()
    assert counts() == before
    assert "findes allerede" in again
    assert "Demo-logins (adgangskode demo1234" in again


def test_the_amrs_term_ends_within_the_month_and_a_deputy_stands_in(output):
    from apps import access
    from apps.access import Verb
    from apps.organisation.models import RoleAssignment, Unit
    from apps.reminders.services import reminders_due

    today = timezone.localdate()
    term = RoleAssignment.objects.get(user__username="amr", role=Role.AMR)
    assert 0 < (term.ends_on - today).days <= 30
    ending = {d.recipient.username for d in reminders_due(as_of=today) if d.kind == "role_ending"}
    assert "amr" in ending and "koordinator" in ending
    deputy = User.objects.get(username="emma.holt")
    stand_in = deputy.role_assignments.get(stands_in_for__isnull=False)
    assert stand_in.stands_in_for.user.username == "dorthe.thomsen"
    assert stand_in.starts_on <= today <= stand_in.ends_on
    vest = Unit.objects.get(name="Hjemmeplejen Vest")
    assert access.can_on_unit(deputy, Verb.EDIT, vest)
    assert User.objects.get(username="amr").external_id == "P-1003"
