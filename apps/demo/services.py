"""Build the demo municipality by driving the real services, so it obeys the rules hand-entered
data obeys: the phase guards, the plan approval, one open APV per unit."""

from __future__ import annotations

import bisect
import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from apps.actions.models import Action
from apps.actions.services import (
    action_create,
    action_update,
    action_update_post,
    evaluation_create,
)
from apps.assessments import cycle
from apps.assessments.cycle import ORDER
from apps.assessments.models import Assessment, Phase
from apps.assessments.rounds import round_start
from apps.assessments.services import (
    assessment_approve_plan,
    assessment_create,
    assessment_transition,
    assessment_update,
    revision_due,
)
from apps.communications.services import communication_create
from apps.concerns.services import concern_decide, concern_send
from apps.core.tables import read_table
from apps.factors.models import Factor
from apps.findings.models import Finding
from apps.findings.services import dialogue_create, finding_create, finding_update
from apps.governance.services import (
    agreement_confirm,
    agreement_create,
    annual_review_create,
    change_create,
)
from apps.organisation.models import Role, RoleAssignment, Unit
from apps.organisation.services import role_assignment_create, role_assignment_update
from apps.surveys.imports import plan_absence, plan_survey
from apps.surveys.services import absence_import, survey_import

from .content import (
    AGREEMENT,
    ANNUAL_REVIEW,
    ASSESSMENTS,
    CHANGE,
    CONCERNS,
    DEMO_FILES,
    DEMO_PASSWORD,
    DEPUTY,
    EMAIL_DOMAIN,
    HR_IDS,
    PERSON_IDS,
    ROLE_LABELS,
    ROOT_UNIT,
    SEEDED_ABSENCE,
    SEEDED_SURVEY,
    TERM_ENDS_IN_DAYS,
    UNITS,
    USERS,
    AssessmentSpec,
    UnitSpec,
)

# The organisation and its people predate the oldest APV round in the demo.
ORGANISATION_FOUNDED = -1200
# The AMR runs the survey and the dialogues, so moves the APV into these phases; the leader
# carries the plan and makes the later moves.
MOVED_BY_AMR = {Phase.INVOLVEMENT, Phase.PRIORITISATION}
# When the seeded files were imported: the survey a fortnight after it was held, the sickness
# absence just after its period ended (or yesterday, if the demo is built before that).
SURVEY_IMPORTED = datetime.date(2024, 11, 20)
ABSENCE_IMPORTED = datetime.date(2026, 12, 2)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    unit: str
    featured: bool


@dataclass(frozen=True)
class DemoResult:
    created: bool
    logins: list[DemoLogin]


@transaction.atomic
def demo_seed(*, stdout=None) -> DemoResult:
    """Create Nordby Kommune with its people and APVs in every phase; leave an existing one be."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line)

    if Unit.objects.filter(name=ROOT_UNIT, parent=None).exists():
        say(f"Demodata for {ROOT_UNIT} findes allerede; intet er ændret.")
        return DemoResult(created=False, logins=demo_logins())

    clock = _Clock(timezone.localdate())
    say(f"Opretter {ROOT_UNIT} med enheder og brugere …")
    units = _build_units(UNITS, parent=None)
    users = _build_users(units, clock, say)
    say("Opretter APV'er i alle faser …")
    for spec in ASSESSMENTS:
        _Story(spec, units=units, users=users, clock=clock).tell()
    say("Indlæser trivselsmålingen 2024 og sygefraværet for det seneste år …")
    _import_files(clock)
    say("Starter en runde, og sender to bekymringer til AMR'en …")
    _round_and_concerns(units, users, clock)
    say("Tilføjer den årlige arbejdsmiljødrøftelse, en ændring og en forventningsaftale …")
    _review_change_and_agreement(units, users, clock)
    say("Sætter en valgperiode, der snart slutter, og en stedfortræder under orlov …")
    _term_and_deputy(users, clock)
    say(
        f"Færdig: {len(units)} enheder, {len(users)} brugere, "
        f"{Assessment.objects.count()} APV'er, {Finding.objects.count()} fund og "
        f"{Action.objects.count()} tiltag."
    )
    return DemoResult(created=True, logins=demo_logins())


def demo_logins() -> list[DemoLogin]:
    """The demo's logins that exist in the database, with their role and unit in Danish."""
    existing = set(
        get_user_model()
        .objects.filter(username__in=[spec.username for spec in USERS])
        .values_list("username", flat=True)
    )
    logins = []
    for spec in USERS:
        if spec.username not in existing:
            continue
        if spec.superuser:
            role, unit = "superbruger (må alt)", "alle enheder"
        else:
            role = ", ".join(ROLE_LABELS[role] for role, _ in spec.roles)
            unit = ", ".join(unit for _, unit in spec.roles)
        name = f"{spec.first_name} {spec.last_name}"
        logins.append(DemoLogin(spec.username, name, role, unit, spec.featured))
    return logins


# --- the clock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    """One step: the real time it took, and the moment in the past it stands for."""

    started: datetime.datetime
    ended: datetime.datetime
    moment: datetime.datetime
    by_id: int | None


class _Clock:
    """Makes the demo's history look lived: each step happens on a day in the past.

    The services stamp rows with the real time. The clock notes the real time each step took,
    and `settle` then moves every timestamp written during a step to that step's moment and
    attributes the history rows to whoever took it. Steps run in date order, so real times and
    moments sort alike, and the rules that compare timestamps see the same order either way.
    Dates the services derive from "today" (the revision clock, the closing date) are derived
    again from the moments.
    """

    def __init__(self, today: datetime.date):
        self.today = today
        self._steps_on = Counter()
        self._windows: list[_Window] = []
        # Every timestamp of the project's models and their history, by model.
        self._stamped = {
            model: names
            for model in django_apps.get_models()
            if model._meta.app_config.name.startswith("apps.")
            if (
                names := [
                    field.name
                    for field in model._meta.concrete_fields
                    if isinstance(field, models.DateTimeField)
                ]
            )
        }

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    @contextmanager
    def at(self, offset: int, by=None) -> Iterator[datetime.datetime]:
        if offset >= 0:
            raise ValueError(f"A demo step must lie in the past, not {offset} days from today.")
        day = self.day(offset)
        # Steps on the same day follow each other a few minutes apart, in the order taken.
        minutes = 8 * 60 + 7 * self._steps_on[day]
        self._steps_on[day] += 1
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
        )
        started = timezone.now()
        yield moment
        self._windows.append(_Window(started, timezone.now(), moment, by and by.pk))

    def settle(self) -> None:
        """Move what the steps since the last settle wrote to their moments."""
        windows, self._windows = self._windows, []
        if not windows:
            return
        since = windows[0].started
        starts = [w.started for w in windows]

        def window_of(stamp):
            if stamp is None or stamp < since:
                return None
            window = windows[bisect.bisect_right(starts, stamp) - 1]
            return window if stamp <= window.ended else None

        touched = list(
            Assessment.objects.filter(updated_at__gte=since).values_list("pk", flat=True)
        )
        for model, names in self._stamped.items():
            written = Q()
            for name in names:
                written |= Q(**{f"{name}__gte": since})
            historical = "history_date" in names
            columns = [*names, "history_user_id"] if historical else names
            for row in model.objects.filter(written).values("pk", *columns):
                changes = {}
                for name in names:
                    if window := window_of(row[name]):
                        changes[name] = window.moment
                if historical and (window := window_of(row["history_date"])) and window.by_id:
                    changes["history_user_id"] = window.by_id
                model.objects.filter(pk=row["pk"]).update(**changes)
        history = Assessment.history.model
        for row in [
            *Assessment.objects.filter(pk__in=touched),
            *history.objects.filter(id__in=touched, history_date__gte=windows[0].moment),
        ]:
            closed = cycle.is_locked(row)
            type(row).objects.filter(pk=row.pk).update(
                next_revision_due=revision_due(row),
                closed_on=row.phase_entered_at.date() if closed else None,
            )


# --- organisation and people ----------------------------------------------------------------


def _build_units(spec: UnitSpec, *, parent: Unit | None) -> dict[str, Unit]:
    unit = Unit.objects.create(
        name=spec.name,
        external_id=HR_IDS[spec.name],
        kind=spec.kind,
        headcount=spec.headcount,
        parent=parent,
    )
    units = {spec.name: unit}
    for child in spec.children:
        units |= _build_units(child, parent=unit)
    return units


def _build_users(units: dict[str, Unit], clock: _Clock, say: Callable) -> dict[str, object]:
    User = get_user_model()
    # One hash for everyone: they share the password anyway, and hashing it once per user
    # would make the demo slow to build.
    password = make_password(DEMO_PASSWORD)
    users = {}
    with clock.at(ORGANISATION_FOUNDED):
        for spec in USERS:
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@{EMAIL_DOMAIN}",
                    "external_id": PERSON_IDS.get(spec.username),
                    "is_staff": True,
                    "is_superuser": spec.superuser,
                    "password": password,
                },
            )
            if not created:
                say(f"Brugeren {spec.username} fandtes i forvejen; den er ikke ændret.")
            for role, unit in spec.roles:
                RoleAssignment.objects.get_or_create(user=user, unit=units[unit], role=role)
            users[spec.username] = user
    clock.settle()
    return users


# --- the survey and the sickness absence ----------------------------------------------------


def _import_files(clock: _Clock) -> None:
    """Import the 2024 survey and the year's sickness absence through the planners and services
    a coordinator's import uses. Last month's survey is left for the demo (see DEMO_FILES)."""
    survey = read_table((DEMO_FILES / SEEDED_SURVEY).read_bytes())
    absence = read_table((DEMO_FILES / SEEDED_ABSENCE).read_bytes())
    with clock.at(_offset(clock, SURVEY_IMPORTED)):
        survey_import(plan_survey(survey, by=None), by=None)
    with clock.at(_offset(clock, ABSENCE_IMPORTED)):
        absence_import(plan_absence(absence, by=None), by=None)
    clock.settle()


def _round_and_concerns(units: dict, users: dict, clock: _Clock) -> None:
    """Teknik og Miljø's round for 2027, started by the coordinator a few weeks ago (its
    identification is due within the week), and two concerns to Solsikken's AMR from its
    employee: one anonymous, waiting; one with his name, answered."""
    today = clock.today
    start = today - datetime.timedelta(days=18)
    with clock.at(-18, by=users["koordinator"]):
        round_start(
            by=users["koordinator"],
            unit=units["Teknik og Miljø"],
            title="APV 2027",
            started_on=start,
            identification_by=today + datetime.timedelta(days=7),
            involvement_by=today + datetime.timedelta(days=56),
            prioritisation_by=today + datetime.timedelta(days=117),
            communication_by=today + datetime.timedelta(days=147),
            follow_up_by=today + datetime.timedelta(days=360),
        )
    clock.settle()
    # Sent today: a concern stores its date only, and the clock would stamp a moment.
    employee, amr = users["medarbejder"], users["amr"]
    solsikken = units["Børnehuset Solsikken"]
    concern_send(by=employee, unit=solsikken, text=CONCERNS[0], anonymous=True)
    named, _code = concern_send(by=employee, unit=solsikken, text=CONCERNS[1], anonymous=False)
    concern_decide(concern=named, by=amr, decision="answer", answer=CONCERNS[2])


def _review_change_and_agreement(units: dict, users: dict, clock: _Clock) -> None:
    """The municipality's annual review of last December (the next is due within the week),
    Hjemmeplejen Vest's new care system (a change waiting for its answer), and Solsikken's
    TRIO agreement, filled in and confirmed by its leader (the AMR and TR have yet to)."""
    held = clock.today - datetime.timedelta(days=359)
    with clock.at(-358, by=users["koordinator"]):
        annual_review_create(
            unit=units[ROOT_UNIT], by=users["koordinator"], held_on=held, **ANNUAL_REVIEW
        )
    with clock.at(-19, by=users["louise.friis"]):
        change_create(
            unit=units["Hjemmeplejen Vest"],
            by=users["louise.friis"],
            kind="it_system",
            changed_on=clock.today - datetime.timedelta(days=20),
            description=CHANGE,
        )
    with clock.at(-6, by=users["leder"]):
        agreement = agreement_create(
            unit=units["Børnehuset Solsikken"], by=users["leder"], **AGREEMENT
        )
        agreement_confirm(agreement=agreement, by=users["leder"])
    clock.settle()


def _term_and_deputy(users: dict, clock: _Clock) -> None:
    """The AMR's term of office, ending within the month; a deputy for Hjemmeplejen Vest's AMR
    during her leave, named by the coordinator."""
    username, days_left = TERM_ENDS_IN_DAYS
    coordinator = users["koordinator"]
    with clock.at(-2, by=coordinator):
        term = RoleAssignment.objects.get(user=users[username], role=Role.AMR)
        role_assignment_update(
            by=coordinator,
            role_assignment=term,
            starts_on=clock.day(-700),
            ends_on=clock.day(days_left),
        )
        held = RoleAssignment.objects.get(user=users[DEPUTY["holder"]], role=Role.AMR)
        role_assignment_create(
            by=coordinator,
            user=users[DEPUTY["deputy"]],
            stands_in_for=held,
            starts_on=clock.day(DEPUTY["from"]),
            ends_on=clock.day(DEPUTY["until"]),
        )
    clock.settle()


def _offset(clock: _Clock, day: datetime.date) -> int:
    """`day` as the clock's offset, at the latest yesterday (a step lies in the past)."""
    return min((day - clock.today).days, -1)


# --- one APV round, told step by step -------------------------------------------------------


class _Story:
    """Plays one APV round's spec through the services, each step on its own day.

    Steps are collected with their day and then taken in date order. Objects are read afresh
    in every step, because the clock rewrites their timestamps between steps.
    """

    def __init__(self, spec: AssessmentSpec, *, units, users, clock: _Clock):
        self.spec = spec
        self.unit = units[spec.unit]
        self.users = users
        self.clock = clock
        self.assessment_id: int | None = None
        self.finding_ids: dict[str, int] = {}
        self.action_ids: dict[str, int] = {}
        self.steps: list[tuple[int, str, Callable]] = []

    def tell(self) -> None:
        self._plan()
        for day, by, step in sorted(self.steps, key=lambda s: s[0]):  # sort is stable
            user = self.users[by]
            with self.clock.at(day, by=user) as moment:
                step(user, moment)
        self.clock.settle()

    # reading afresh

    def assessment(self) -> Assessment:
        return Assessment.objects.get(pk=self.assessment_id)

    def finding(self, title: str) -> Finding:
        return Finding.objects.get(pk=self.finding_ids[title])

    def action(self, title: str) -> Action:
        return Action.objects.get(pk=self.action_ids[title])

    # planning

    def _at(self, day: int, by: str, fn: Callable) -> None:
        self.steps.append((day, by, fn))

    def _plan(self) -> None:
        spec, phases = self.spec, self.spec.phases
        start = phases[Phase.IDENTIFICATION]
        prioritisation = phases.get(Phase.PRIORITISATION)

        self._at(start, spec.amr, self._create)
        for index, finding in enumerate(spec.findings):
            logged = finding.logged if finding.logged is not None else start + 1 + index
            self._at(logged, finding.reporter or spec.amr, self._log(finding))
        for phase in ORDER[1:]:
            if phase in phases:
                by = spec.amr if phase in MOVED_BY_AMR else spec.leader
                self._at(phases[phase], by, self._move(phase))
        for dialogue in spec.dialogues:
            self._at(dialogue.day, spec.amr, self._hold(dialogue))
        settled = self._default_decision_day()
        for finding in spec.findings:
            if finding.status != Finding.Status.OPEN:
                day = finding.decided if finding.decided is not None else settled
                self._at(day, spec.amr, self._decide(finding))
        if spec.sickness_absence_note:
            self._at(prioritisation + 2, spec.leader, self._note_sickness_absence)
        for finding in spec.findings:
            if finding.priority is not None:
                self._at(prioritisation + 1, spec.leader, self._rank(finding))
            for action in finding.actions:
                created = action.created if action.created is not None else prioritisation + 3
                self._at(created, spec.leader, self._plan_action(finding, action))
                self._plan_follow_through(action)
        if spec.approval:
            self._at(spec.approval.day, spec.approval.by, self._approve)
        for communication in spec.communications:
            self._at(communication.day, communication.by, self._communicate(communication))

    def _default_decision_day(self) -> int | None:
        """Findings are settled just before prioritisation, or at the latest dialogue."""
        if Phase.PRIORITISATION in self.spec.phases:
            return self.spec.phases[Phase.PRIORITISATION] - 2
        days = [d.day for d in self.spec.dialogues]
        return max(days) if days else None

    def _plan_follow_through(self, action) -> None:
        for update in action.updates:
            self._at(update.day, action.owner, self._post(action, update))
        if action.done is not None:
            self._at(action.done, action.owner, self._finish(action))
        if action.cancelled is not None:
            self._at(action.cancelled, self.spec.leader, self._cancel(action))
        for evaluation in action.evaluations:
            by = evaluation.by or self.spec.amr
            self._at(evaluation.day, by, self._evaluate(action, evaluation))

    # the steps

    def _create(self, user, moment) -> None:
        spec = self.spec
        started_on = moment.date()
        assessment = assessment_create(
            unit=self.unit,
            title=f"APV {started_on.year} – {self.unit.name}",
            by=user,
            started_on=started_on,
            due_on=self.clock.day(spec.due) if spec.due is not None else None,
        )
        self.assessment_id = assessment.pk

    def _log(self, spec):
        def step(user, moment):
            finding = finding_create(
                assessment=self.assessment(),
                by=user,
                handlers=[self.users[name] for name in spec.handlers],
                title=spec.title,
                description=spec.description,
                causes=spec.causes,
                kind=spec.kind,
                factor=Factor.objects.get(code=spec.factor),
                source=spec.source,
                level=spec.level,
                severity=spec.severity,
                extent=spec.extent,
                confidential=spec.confidential,
            )
            self.finding_ids[spec.title] = finding.pk

        return step

    def _move(self, phase):
        def step(user, moment):
            assessment_transition(assessment=self.assessment(), to=phase, by=user)

        return step

    def _hold(self, spec):
        def step(user, moment):
            dialogue_create(
                assessment=self.assessment(),
                by=user,
                findings=[self.finding(title) for title in spec.findings],
                forum=spec.forum,
                held_on=moment.date(),
                participants=spec.participants,
                summary=spec.summary,
            )

        return step

    def _decide(self, spec):
        def step(user, moment):
            finding_update(finding=self.finding(spec.title), by=user, status=spec.status)

        return step

    def _rank(self, spec):
        def step(user, moment):
            finding_update(finding=self.finding(spec.title), by=user, priority=spec.priority)

        return step

    def _note_sickness_absence(self, user, moment) -> None:
        assessment_update(
            assessment=self.assessment(),
            by=user,
            sickness_absence_note=self.spec.sickness_absence_note,
        )

    def _plan_action(self, finding, spec):
        def step(user, moment):
            action = action_create(
                finding=self.finding(finding.title),
                by=user,
                title=spec.title,
                description=spec.description,
                level=spec.level,
                owner=self.users[spec.owner],
                due_on=self.clock.day(spec.due),
            )
            self.action_ids[spec.title] = action.pk

        return step

    def _approve(self, user, moment) -> None:
        approval = self.spec.approval
        assessment_approve_plan(
            assessment=self.assessment(), by=user, forum=approval.forum, comment=approval.comment
        )

    def _communicate(self, spec):
        def step(user, moment):
            communication_create(
                assessment=self.assessment(),
                by=user,
                where_we_are=spec.where_we_are,
                what_we_did=spec.what_we_did,
                how_we_go_on=spec.how_we_go_on,
                published_at=moment if spec.published else None,
            )

        return step

    def _post(self, spec, update):
        def step(user, moment):
            action_update_post(
                action=self.action(spec.title),
                by=user,
                progress=update.progress,
                status=Action.Status.IN_PROGRESS,
                note=update.note,
            )

        return step

    def _finish(self, spec):
        def step(user, moment):
            action = action_update(
                action=self.action(spec.title),
                by=user,
                status=Action.Status.DONE,
                completed_on=moment.date(),
            )
            action_update_post(action=action, by=user, note=spec.done_note)

        return step

    def _cancel(self, spec):
        def step(user, moment):
            action_update_post(
                action=self.action(spec.title),
                by=user,
                status=Action.Status.CANCELLED,
                note=spec.cancel_note,
            )

        return step

    def _evaluate(self, spec, evaluation):
        def step(user, moment):
            evaluation_create(
                action=self.action(spec.title),
                by=user,
                effect=evaluation.effect,
                decision=evaluation.decision,
                notes=evaluation.notes,
                evaluated_on=moment.date(),
            )

        return step
