"""The retention rule: confidential findings of APVs closed longer ago than
APV_CONFIDENTIAL_RETENTION_DAYS are anonymised, with their history and what lies under them;
nothing else is touched, and a second run touches nothing."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments.models import Assessment
from apps.findings import services as finding_services
from apps.findings.models import Finding
from apps.privacy import services, tasks
from apps.privacy.services import (
    ANONYMISED_ACTION_TITLE,
    ANONYMISED_FINDING_TITLE,
    ANONYMISED_TEXT,
    HISTORICAL_HANDLERS,
)
from apps.reminders.models import Reminder
from apps.reminders.schedule import SCHEDULE
from apvtracker.settings.base import env
from tests.conftest import load_org
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    DialogueFactory,
    EvaluationFactory,
    factor,
)

AS_OF = datetime.date(2030, 6, 1)
DAYS = settings.APV_CONFIDENTIAL_RETENTION_DAYS
# Where each APV stands on AS_OF: its unit, phase and closing day. Only "past" is past its time.
CASES = {
    "past": ("team", "closed", AS_OF - datetime.timedelta(days=DAYS + 1)),
    "on_the_day": ("sibling", "closed", AS_OF - datetime.timedelta(days=DAYS)),
    "recent": ("dept", "closed", AS_OF - datetime.timedelta(days=10)),
    "open": ("other_area", "follow_up", None),
    # Reopened, and still carrying the day it was once closed: open all the same.
    "reopened": ("root", "follow_up", AS_OF - datetime.timedelta(days=DAYS + 400)),
}


def marker(case: str) -> str:
    return f"HEMMELIG-{case}-5c1d"


def build_case(org, case: str) -> dict:
    """An APV with a confidential finding (edited once, a named handler, an action with an
    update, an evaluation and a reminder) and a public finding with an action."""
    where, phase, closed_on = CASES[case]
    unit = getattr(org, where)
    amr, leader = org.user("amr", where), org.user("leader", where)
    apv = AssessmentFactory(unit=unit, phase="prioritisation")
    secret = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title=f"Krænkelser {marker(case)}",
        description=f"Beskrivelse {marker(case)}",
        causes=f"Årsager {marker(case)}",
        factor=factor("seksuel_chikane"),
        confidential=True,
        status="confirmed",
        severity=3,
        extent=2,
        handlers=[leader],
    )
    finding_services.finding_update(
        finding=secret, by=amr, description=f"Mere om det {marker(case)}"
    )
    # Who wrote each version (in the admin, the request's user).
    Finding.history.filter(id=secret.pk).update(history_user=amr)
    public = finding_services.finding_create(
        assessment=apv, by=amr, title=f"Travlhed {case}", factor=factor("arbejdstempo")
    )
    action = ActionFactory(
        finding=secret,
        owner=leader,
        title=f"Samtale {marker(case)}",
        description=f"Hvordan {marker(case)}",
        status="done",
        completed_on=AS_OF - datetime.timedelta(days=DAYS + 30),
        progress=100,
    )
    Action.history.filter(id=action.pk).update(history_user=leader)
    ActionUpdateFactory(action=action, note=f"Holdt {marker(case)}", by=leader)
    EvaluationFactory(action=action, notes=f"Bedre {marker(case)}", by=amr)
    Reminder.objects.create(
        kind="evaluation_due",
        recipient=leader,
        reason="leader",
        subject_type=ContentType.objects.get_for_model(Action),
        subject_id=action.pk,
        unit=unit,
        due_on=AS_OF - datetime.timedelta(days=DAYS + 60),
    )
    public_action = ActionFactory(finding=public, owner=leader, title=f"Pauser {case}")
    dialogue = DialogueFactory(assessment=apv, findings=[secret, public], summary=f"Møde {case}")
    Assessment.objects.filter(pk=apv.pk).update(phase=phase, closed_on=closed_on)
    return {
        "secret": secret.pk,
        "public": public.pk,
        "action": action.pk,
        "public_action": public_action.pk,
        "dialogue": dialogue.pk,
        "reporter": amr.pk,
        "handler": leader.pk,
    }


@pytest.fixture(scope="module")
def module_cases(module_org, django_db_blocker):
    """Built once for the module; each test's savepoint undoes what its run anonymised."""
    with django_db_blocker.unblock():
        org = load_org(module_org)
        return {case: build_case(org, case) for case in CASES}


@pytest.fixture
def cases(org, module_cases):
    return module_cases


def texts(finding_id: int) -> list[str]:
    """Every text stored for a finding, its versions and everything under it."""
    values = []
    for row in Finding.objects.filter(pk=finding_id).values("title", "description", "causes"):
        values += row.values()
    for row in Finding.history.filter(id=finding_id).values("title", "description", "causes"):
        values += row.values()
    actions = Action.objects.filter(finding_id=finding_id)
    for row in actions.values("title", "description"):
        values += row.values()
    for row in Action.history.filter(id__in=actions.values("pk")).values("title", "description"):
        values += row.values()
    values += ActionUpdate.objects.filter(action__in=actions).values_list("note", flat=True)
    values += Evaluation.objects.filter(action__in=actions).values_list("notes", flat=True)
    return values


def untouched(case: dict, name: str) -> bool:
    return any(marker(name) in text for text in texts(case["secret"]))


def test_only_confidential_findings_of_apvs_closed_longer_ago_than_the_setting_go(cases):
    assert services.confidential_findings_anonymise(as_of=AS_OF) == [cases["past"]["secret"]]
    assert not untouched(cases["past"], "past")
    # Closed exactly the retention period ago, recently, never, or closed and reopened.
    for name in ("on_the_day", "recent", "open", "reopened"):
        assert untouched(cases[name], name), name
        assert Finding.objects.get(pk=cases[name]["secret"]).anonymised_at is None
    # A public finding is never anonymised, not even in an APV past its time.
    for name, case in cases.items():
        public = Finding.objects.get(pk=case["public"])
        assert (public.title, public.reported_by_id) == (f"Travlhed {name}", case["reporter"])
        assert Action.objects.get(pk=case["public_action"]).title == f"Pauser {name}"


def test_the_finding_its_versions_and_what_lies_under_it_say_nothing_and_name_no_one(cases):
    case = cases["past"]
    services.confidential_findings_anonymise(as_of=AS_OF)

    finding = Finding.objects.get(pk=case["secret"])
    assert (finding.title, finding.description, finding.causes) == (
        ANONYMISED_FINDING_TITLE,
        ANONYMISED_TEXT,
        ANONYMISED_TEXT,
    )
    assert finding.reported_by is None and not finding.handlers.exists()
    assert finding.anonymised_at is not None
    versions = Finding.history.filter(id=finding.pk)
    assert versions.count() >= 3  # created, handlers named, edited
    for version in versions:
        assert (version.title, version.description, version.causes) == (
            ANONYMISED_FINDING_TITLE,
            ANONYMISED_TEXT,
            ANONYMISED_TEXT,
        )
        assert (version.reported_by_id, version.history_user_id) == (None, None)
    assert not HISTORICAL_HANDLERS.objects.filter(history__id=finding.pk).exists()

    action = Action.objects.get(pk=case["action"])
    assert (action.title, action.description, action.owner) == (ANONYMISED_ACTION_TITLE, "", None)
    for version in Action.history.filter(id=action.pk):
        assert (version.title, version.description) == (ANONYMISED_ACTION_TITLE, "")
        assert (version.owner_id, version.history_user_id) == (None, None)
    assert list(action.updates.values_list("note", "by")) == [("", None)]
    assert list(action.evaluations.values_list("notes", "by")) == [("", None)]
    assert not Reminder.objects.filter(subject_id=action.pk, kind="evaluation_due").exists()


def test_what_says_that_something_was_found_and_dealt_with_stays(cases):
    case = cases["past"]
    services.confidential_findings_anonymise(as_of=AS_OF)

    finding = Finding.objects.get(pk=case["secret"])
    assert (finding.confidential, finding.status, finding.severity, finding.extent) == (
        True,
        "confirmed",
        3,
        2,
    )
    assert finding.factor.code == "seksuel_chikane"
    action = Action.objects.get(pk=case["action"])
    assert (action.status, action.progress, action.completed_on) == (
        "done",
        100,
        AS_OF - datetime.timedelta(days=DAYS + 30),
    )
    assert list(action.evaluations.values_list("effect", "decision")) == [("better", "keep")]
    dialogue = finding.dialogues.get()
    assert dialogue.summary == "Møde past" and dialogue.findings.count() == 2
    # The public finding of the same APV keeps its reporter in every version.
    assert set(
        Finding.history.filter(id=case["public"]).values_list("reported_by_id", flat=True)
    ) == {case["reporter"]}


def test_a_second_run_touches_nothing(cases):
    first = services.confidential_findings_anonymise(as_of=AS_OF)
    finding = Finding.objects.get(pk=cases["past"]["secret"])
    versions = Finding.history.filter(id=finding.pk).count()

    assert services.confidential_findings_anonymise(as_of=AS_OF) == []
    again = Finding.objects.get(pk=finding.pk)
    assert first == [finding.pk]
    assert again.anonymised_at == finding.anonymised_at
    assert Finding.history.filter(id=finding.pk).count() == versions


def test_each_run_is_logged_with_ids_and_never_text(cases, events):
    services.confidential_findings_anonymise(as_of=AS_OF)
    services.confidential_findings_anonymise(as_of=AS_OF)

    runs = events("confidential_findings_anonymised")
    assert [(r["finding_ids"], r["count"], r["as_of"]) for r in runs] == [
        ([cases["past"]["secret"]], 1, AS_OF.isoformat()),
        ([], 0, AS_OF.isoformat()),
    ]
    assert all("HEMMELIG" not in str(r) for r in events())


def test_the_celery_task_runs_the_rule_as_of_a_day(cases):
    # Eager, in this process: the task is the service behind a date given as ISO text.
    assert tasks.anonymise_confidential.apply(kwargs={"as_of": AS_OF.isoformat()}).get() == 1
    assert not untouched(cases["past"], "past")
    later = (AS_OF + datetime.timedelta(days=1)).isoformat()
    assert tasks.anonymise_confidential.apply(kwargs={"as_of": later}).get() == 1
    assert not untouched(cases["on_the_day"], "on_the_day")


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_confidential", *args, stdout=out)
    return out.getvalue()


def test_the_command_says_how_many_and_which_and_a_dry_run_changes_nothing(cases):
    secret = cases["past"]["secret"]
    dry = run("--as-of", AS_OF.isoformat(), "--dry-run")
    assert f"1 fortrolige fund ville blive anonymiseret (opbevaringsperiode {DAYS} dage)." in dry
    assert f"Id: {secret}" in dry
    assert untouched(cases["past"], "past")

    done = run("--as-of", AS_OF.isoformat())
    assert "1 fortrolige fund anonymiseret" in done and f"Id: {secret}" in done
    assert not untouched(cases["past"], "past")
    assert "0 fortrolige fund anonymiseret" in run("--as-of", AS_OF.isoformat())


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        run("--as-of", "01-06-2030")


def test_the_rule_runs_every_night_from_the_schedule_with_an_expiry():
    (entry,) = [e for e in SCHEDULE.values() if e["task"] == tasks.anonymise_confidential.name]
    assert entry["options"]["expires"] > 0
    assert entry["schedule"].hour == {2}


def test_the_retention_is_declared_once_in_the_environment_with_three_years_by_default():
    assert env.scheme["APV_CONFIDENTIAL_RETENTION_DAYS"] == (int, 1095)
