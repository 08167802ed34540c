"""A municipality at scale, inserted in bulk: 2,000 units five levels deep, 45,000 employees,
three rounds of APV history (6,000 APVs, 60,000 findings of which 5 % confidential, 150,000
actions, 100,000 updates, 60,000 evaluations) at full size; a tenth, ten times, or a tiny one
for the test suite. Two well-being surveys (two years apart) with results for every unit on the
24 dimensions of the survey tool, and two years of sickness absence per unit.

Rows are written with `bulk_create` and ids chosen here (unit paths are known before the insert),
with realistic spreads: every phase, late and done actions, confidential findings with and
without named handlers. Seeded from a fixed number, so two runs build the same municipality.
History tables are not filled: the benchmark reads lists, dashboards and the sweep. The surveys
and the sickness absence go in through their import services (`survey_import` computes the
figures the anonymity rule lets through), as a coordinator's file would, and are timed.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.actions.models import Action, ActionUpdate, Evaluation
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.communications.models import Communication
from apps.factors.models import Factor
from apps.findings.models import Dialogue, Finding
from apps.organisation.models import RoleAssignment, Unit
from apps.surveys.imports import AbsenceRow, SurveyRow
from apps.surveys.models import SurveyDimension, SurveyFigure
from apps.surveys.services import absence_import, survey_import

PASSWORD = "bench-password"
PHASES = cycle.ORDER[:-1]  # the open phases; older rounds are closed
# The two surveys, in the order imported: how many days before today (two years apart).
SURVEY_DAYS_AGO = (2 * 365 + 60, 60)
# A unit's own respondents: this share of its headcount answers; this share of the teams are
# small groups (2-4 answered), whose figures the anonymity rule must hide or roll up.
ANSWERED = (0.65, 0.85)
SMALL_TEAMS = 0.08


@dataclass(frozen=True)
class Size:
    """How big: the tree's fan-out per level below the root, and per APV the findings, per
    finding the actions (updates and evaluations follow the actions)."""

    name: str
    areas: int
    departments: int  # per area
    sections: int  # per department
    teams: int  # per section
    employees: int  # per team
    rounds: int  # APVs per unit
    findings: int  # per APV
    actions: float  # per finding


# The municipality grows by areas: a team and its APVs look the same at every size.
SIZES = {
    "tiny": Size("tiny", 2, 2, 2, 2, 3, 2, 3, 1.5),
    # 1 + 1 + 6 + 36 + 144 ≈ 190 units, 4,200 employees: a tenth.
    "tenth": Size("tenth", 1, 6, 6, 4, 29, 3, 10, 2.5),
    # 1 + 8 + 64 + 384 + 1,536 ≈ 2,000 units; 1,536 teams × 29 ≈ 45,000 employees.
    "full": Size("full", 8, 8, 6, 4, 29, 3, 10, 2.5),
    # A region, or a hosted service for several municipalities: 1.5 million actions.
    "tenfold": Size("tenfold", 80, 8, 6, 4, 29, 3, 10, 2.5),
}


@dataclass
class SurveyImport:
    """One import through the service, timed: a survey (its results, then its figures) or the
    sickness absence."""

    name: str
    rows: int
    figures: int
    seconds: float


@dataclass
class Municipality:
    """What was built, and who the benchmark logs in as."""

    units: int
    users: int
    assessments: int
    findings: int
    actions: int
    root_coordinator: str
    area_med: str
    team_amr: str
    team_unit_id: int
    area_unit_id: int
    surveys: list[SurveyImport] = field(default_factory=list)
    absence: SurveyImport | None = None


class _Ids:
    """Ids handed out here, after whatever the database already holds."""

    def __init__(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.next = (last or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _bulk(model, rows, batch=5000):
    model.objects.bulk_create(rows, batch_size=batch)


def generate(size: str = "tenth", *, seed: int = 2026, today: datetime.date | None = None):
    """Build the municipality of `size` in the current database; returns what was built."""
    spec = SIZES[size]
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with transaction.atomic():
        built = _Builder(spec, rng, today).build()
    _reset_sequences()
    return built


def _reset_sequences() -> None:
    models = [Unit, User, RoleAssignment, Assessment, Finding, Dialogue, Action, ActionUpdate]
    models += [Evaluation, Communication, Finding.handlers.through, Dialogue.findings.through]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _Builder:
    def __init__(self, spec: Size, rng: random.Random, today: datetime.date):
        self.spec, self.rng, self.today = spec, rng, today
        self.password = make_password(PASSWORD)
        self.factors = list(Factor.objects.values_list("pk", "code"))
        self.confidential_factors = [
            pk for pk, code in self.factors if code in {"mobning", "chikane", "seksuel_chikane"}
        ] or [self.factors[0][0]]

    # --- the tree and its people -------------------------------------------------------------

    def build(self) -> Municipality:
        units = self._units()
        people = self._people(units)
        assessments = self._assessments(units)
        findings, actions = self._findings_and_actions(assessments, people)
        root = units[0]
        area = next(u for u in units if u.kind == Unit.Kind.AREA)
        team = next(u for u in units if u.kind == Unit.Kind.TEAM)
        coordinator = people["roles"][(root.pk, "coordinator")][0]
        surveys = self._surveys(units, coordinator)
        absence = self._absence(units, coordinator)
        return Municipality(
            units=len(units),
            users=len(people["all"]),
            assessments=len(assessments),
            findings=findings,
            actions=actions,
            root_coordinator=people["roles"][(root.pk, "coordinator")][0].username,
            area_med=people["roles"][(area.pk, "med")][0].username,
            team_amr=people["roles"][(team.pk, "amr")][0].username,
            team_unit_id=team.pk,
            area_unit_id=area.pk,
            surveys=surveys,
            absence=absence,
        )

    def _units(self) -> list[Unit]:
        ids, units = _Ids(Unit), []

        def add(name, kind, parent):
            pk = ids.take()
            path = f"{parent.path if parent else '/'}{pk}/"
            unit = Unit(
                pk=pk,
                name=name,
                kind=kind,
                parent=parent,
                path=path,
                headcount=self.spec.employees if kind == Unit.Kind.TEAM else 2,
            )
            units.append(unit)
            return unit

        s = self.spec
        root = add("Storby Kommune", Unit.Kind.ORGANISATION, None)
        for a in range(s.areas):
            area = add(f"Område {a + 1}", Unit.Kind.AREA, root)
            for d in range(s.departments):
                dept = add(f"Afdeling {a + 1}.{d + 1}", Unit.Kind.DEPARTMENT, area)
                for c in range(s.sections):
                    section = add(f"Sektion {a + 1}.{d + 1}.{c + 1}", Unit.Kind.DEPARTMENT, dept)
                    for t in range(s.teams):
                        add(f"Team {a + 1}.{d + 1}.{c + 1}.{t + 1}", Unit.Kind.TEAM, section)
        _bulk(Unit, units)
        return units

    def _people(self, units: list[Unit]) -> dict:
        user_ids, role_ids = _Ids(User), _Ids(RoleAssignment)
        users, assignments, roles = [], [], {}
        prefix = f"b{user_ids.next}"

        def person(role: str, unit: Unit, active: bool = True) -> User:
            pk = user_ids.take()
            user = User(
                pk=pk,
                username=f"{prefix}_{role}_{pk}",
                first_name=role.capitalize(),
                last_name=str(pk),
                email=f"{role}{pk}@storby.example",
                password=self.password,
                is_active=active,
            )
            users.append(user)
            assignments.append(RoleAssignment(pk=role_ids.take(), user=user, unit=unit, role=role))
            roles.setdefault((unit.pk, role), []).append(user)
            return user

        for unit in units:
            if unit.kind == Unit.Kind.ORGANISATION:
                person("coordinator", unit)
                person("coordinator", unit)
                person("med", unit)
            elif unit.kind == Unit.Kind.AREA:
                person("coordinator", unit)
                for _ in range(5):
                    person("med", unit)
                person("tr", unit)
            elif unit.kind == Unit.Kind.DEPARTMENT:
                person("leader", unit)
                person("amr", unit)
                if self.rng.random() < 0.5:
                    person("med", unit)
            else:
                # Some teams have no leader of their own: the section's leads them.
                if self.rng.random() < 0.8:
                    person("leader", unit)
                person("amr", unit)
                if self.rng.random() < 0.3:
                    person("tr", unit)
                for _ in range(self.spec.employees):
                    person("employee", unit, active=self.rng.random() > 0.01)
        _bulk(User, users)
        _bulk(RoleAssignment, assignments)
        return {"all": users, "roles": roles}

    # --- three rounds of APVs ----------------------------------------------------------------

    def _assessments(self, units: list[Unit]) -> list[Assessment]:
        ids, rows = _Ids(Assessment), []
        now = timezone.now()
        for unit in units:
            if unit.kind == Unit.Kind.ORGANISATION:
                continue
            for r in range(self.spec.rounds):
                latest = r == self.spec.rounds - 1
                started = self.today - datetime.timedelta(days=365 * (self.spec.rounds - r) + 30)
                phase = self.rng.choice(PHASES) if latest else cycle.ORDER[-1]
                approved = phase in cycle.ORDER[3:] or (
                    phase == PHASES[2] and self.rng.random() < 0.5
                )
                rows.append(
                    Assessment(
                        pk=ids.take(),
                        unit=unit,
                        title=f"APV {started.year} – {unit.name}",
                        phase=phase,
                        phase_entered_at=now - datetime.timedelta(days=self.rng.randint(1, 90)),
                        started_on=started,
                        due_on=started + datetime.timedelta(days=300),
                        closed_on=None if latest else started + datetime.timedelta(days=320),
                        next_revision_due=started + datetime.timedelta(days=3 * 365),
                        sickness_absence_note="Sygefraværet følges." if phase != PHASES[0] else "",
                        plan_approved_at=now - datetime.timedelta(days=40) if approved else None,
                        plan_approval_forum="med" if approved else "",
                    )
                )
        _bulk(Assessment, rows)
        return rows

    def _findings_and_actions(self, assessments, people) -> tuple[int, int]:
        f_ids, a_ids = _Ids(Finding), _Ids(Action)
        u_ids, e_ids = _Ids(ActionUpdate), _Ids(Evaluation)
        d_ids, c_ids = _Ids(Dialogue), _Ids(Communication)
        roles = people["roles"]
        findings, actions, updates, evaluations = [], [], [], []
        handlers, dialogues, links, communications = [], [], [], []
        n_findings = n_actions = 0

        def flush():
            # In order, so that every row's references are already in.
            for model, rows in [
                (Finding, findings),
                (Finding.handlers.through, handlers),
                (Action, actions),
                (ActionUpdate, updates),
                (Evaluation, evaluations),
                (Dialogue, dialogues),
                (Dialogue.findings.through, links),
                (Communication, communications),
            ]:
                _bulk(model, rows)
                rows.clear()

        for apv in assessments:
            if len(actions) > 50_000:
                flush()  # a region's worth of rows is not held in memory at once
            unit_id = apv.unit_id
            amr = (roles.get((unit_id, "amr")) or [None])[0]
            staff = roles.get((unit_id, "employee")) or [amr]
            leader = (roles.get((unit_id, "leader")) or [amr])[0]
            closed = apv.phase == cycle.ORDER[-1]
            discussed = []
            for _ in range(self.spec.findings):
                confidential = self.rng.random() < 0.05
                finding = Finding(
                    pk=f_ids.take(),
                    assessment=apv,
                    title=f"Fund {n_findings}",
                    description="Set i trivselsmålingen og drøftet i teamet.",
                    causes="Travlhed" if self.rng.random() < 0.8 else "",
                    kind="risk" if self.rng.random() < 0.85 else "resource",
                    factor_id=(
                        self.rng.choice(self.confidential_factors)
                        if confidential
                        else self.rng.choice(self.factors)[0]
                    ),
                    source=self.rng.choice(["survey", "dialogue", "walkround", "incident"]),
                    severity=self.rng.randint(1, 4),
                    extent=self.rng.randint(1, 4),
                    status=self.rng.choice(["open", "confirmed", "confirmed", "dismissed"]),
                    priority=self.rng.randint(1, 10) if self.rng.random() < 0.7 else None,
                    confidential=confidential,
                    reported_by=amr,
                )
                findings.append(finding)
                discussed.append(finding)
                n_findings += 1
                if confidential and self.rng.random() < 0.3 and amr is not None:
                    handlers.append(Finding.handlers.through(finding_id=finding.pk, user_id=amr.pk))
                count = int(self.spec.actions) + (
                    1 if self.rng.random() < self.spec.actions % 1 else 0
                )
                for _ in range(count):
                    action, update, evaluation = self._action(a_ids, finding, staff, leader, closed)
                    actions.append(action)
                    n_actions += 1
                    if update is not None:
                        update.pk = u_ids.take()
                        updates.append(update)
                    if evaluation is not None:
                        evaluation.pk = e_ids.take()
                        evaluations.append(evaluation)
            dialogue = Dialogue(
                pk=d_ids.take(),
                assessment=apv,
                forum=self.rng.choice(["med", "amo", "team_meeting"]),
                held_on=apv.started_on + datetime.timedelta(days=40),
                summary="Vi gennemgik fundene.",
            )
            dialogues.append(dialogue)
            links += [
                Dialogue.findings.through(dialogue_id=dialogue.pk, finding_id=f.pk)
                for f in discussed[:3]
            ]
            communications.append(
                Communication(
                    pk=c_ids.take(),
                    assessment=apv,
                    where_we_are="Vi er så langt.",
                    published_at=timezone.now() if self.rng.random() < 0.6 else None,
                )
            )
        flush()
        return n_findings, n_actions

    def _action(self, ids, finding, staff, leader, closed):
        roll = self.rng.random()
        # Closed rounds are done; open ones are spread, some of them late.
        status = (
            "done"
            if closed or roll < 0.35
            else "cancelled"
            if roll < 0.4
            else ("in_progress" if roll < 0.7 else "planned")
        )
        due = self.today + datetime.timedelta(days=self.rng.randint(-120, 120))
        completed = (
            (due - datetime.timedelta(days=self.rng.randint(-10, 20))) if status == "done" else None
        )
        if completed is not None and completed > self.today:
            completed = self.today
        owner = self.rng.choice(staff) if self.rng.random() < 0.7 else leader
        action = Action(
            pk=ids.take(),
            finding=finding,
            title=f"Tiltag {ids.next}",
            description="Aftalt på personalemødet.",
            owner=owner,
            due_on=due,
            status=status,
            progress=100 if status == "done" else self.rng.randint(0, 90),
            completed_on=completed,
            evaluation_due_on=completed + datetime.timedelta(days=30) if completed else None,
        )
        update = None
        if self.rng.random() < 0.67:
            update = ActionUpdate(
                action=action, progress=action.progress, status=status, note="Status", by=owner
            )
        evaluation = None
        if status == "done" and self.rng.random() < 0.75:
            evaluation = Evaluation(
                action=action,
                effect=self.rng.choice(["better", "better", "unchanged", "worse"]),
                decision=self.rng.choice(["keep", "keep", "adjust", "stop"]),
                evaluated_on=completed,
                by=leader,
            )
        return action, update, evaluation

    # --- two surveys and the sickness absence, through their imports -------------------------

    def _surveys(self, units: list[Unit], by: User) -> list[SurveyImport]:
        """Two surveys, each one `survey_import` of every unit's rows on every dimension (as
        the root coordinator's file would be), timed with the figures it computes."""
        dimensions = list(SurveyDimension.objects.select_related("factor").order_by("name"))
        # Each unit answers the same each time, give or take: some units are weak throughout,
        # and a later survey moves each score by a few points (some fall enough to propose).
        level = {unit.pk: self.rng.gauss(0, 8) for unit in units}
        small = {
            unit.pk
            for unit in units
            if unit.kind == Unit.Kind.TEAM and self.rng.random() < SMALL_TEAMS
        }
        imported, scores = [], {}
        for days_ago in SURVEY_DAYS_AGO:
            conducted_on = self.today - datetime.timedelta(days=days_ago)
            survey = (f"Trivselsmåling {conducted_on.year}", conducted_on)
            rows = []
            for unit in units:
                if unit.pk in small:
                    answered = self.rng.randint(2, 4)
                else:
                    answered = max(1, round(unit.headcount * self.rng.uniform(*ANSWERED)))
                for dimension in dimensions:
                    # Now and then someone skips a dimension's questions.
                    skipped = answered > 1 and self.rng.random() < 0.1
                    respondents = answered - 1 if skipped else answered
                    key = (unit.pk, dimension.pk)
                    good = scores.get(key, 65 + level[unit.pk]) + self.rng.gauss(0, 5)
                    scores[key] = good = min(100.0, max(0.0, good))
                    score = good if dimension.higher_is_better else 100 - good
                    rows.append(
                        SurveyRow(
                            row=len(rows) + 2,
                            survey=survey,
                            unit=unit,
                            dimension=dimension,
                            score=Decimal(f"{score:.1f}"),
                            respondents=respondents,
                        )
                    )
            began = time.perf_counter()
            survey_import(rows, by=by)
            seconds = time.perf_counter() - began
            figures = SurveyFigure.objects.filter(
                survey__name=survey[0],
                survey__conducted_on=conducted_on,
                unit__path__startswith=units[0].path,
            ).count()
            imported.append(SurveyImport(survey[0], len(rows), figures, seconds))
        return imported

    def _absence(self, units: list[Unit], by: User) -> SurveyImport:
        """Sickness absence per unit for each of the last two years, beside the municipality's
        average, through `absence_import` (one file)."""
        rows = []
        for years_ago in (2, 1):
            year = self.today.year - years_ago
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            days = [round(self.rng.uniform(5, 18), 1) for _ in units]
            average = Decimal(f"{sum(days) / len(days):.1f}")
            rows += [
                AbsenceRow(len(rows) + i + 2, unit, start, end, Decimal(f"{d:.1f}"), average)
                for i, (unit, d) in enumerate(zip(units, days, strict=True))
            ]
        began = time.perf_counter()
        absence_import(rows, by=by)
        return SurveyImport("sickness absence", len(rows), 0, time.perf_counter() - began)
