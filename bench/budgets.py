"""The budget of a figure: the raw SQL that returns the same rows or numbers (the page's COUNT
included), run with psycopg and serialised with `json.dumps`. The scope is the person's unit
paths as prefixes; confidential findings are left out (a floor: the real page also shows those
the person handles, and hides nothing it may show). Survey figures are read in reach: in scope,
or of a unit above one the person holds a role on (the ids on the prefixes' paths)."""

from __future__ import annotations

import datetime
import json
import time

import psycopg

UNIT_OF = {
    # resource: (FROM with the join to the unit `u`, columns, ORDER BY)
    "findings": (
        "findings_finding t JOIN assessments_assessment a ON a.id = t.assessment_id "
        "JOIN organisation_unit u ON u.id = a.unit_id",
        "t.id, t.assessment_id, t.title, t.description, t.causes, t.kind, t.factor_id, "
        "t.source, t.level, t.severity, t.extent, t.status, t.priority, t.confidential, "
        "t.reported_by_id, t.created_at",
        # Finding.Meta.ordering: by APV (newest round first, then the unit), then priority.
        "a.started_on DESC, u.path, t.priority, t.id",
    ),
    "actions": (
        "actions_action t JOIN findings_finding f ON f.id = t.finding_id "
        "JOIN assessments_assessment a ON a.id = f.assessment_id "
        "JOIN organisation_unit u ON u.id = a.unit_id",
        "t.id, t.finding_id, t.title, t.description, t.level, t.owner_id, t.due_on, t.status, "
        "t.progress, t.completed_on, t.evaluation_due_on",
        "t.due_on, t.id",
    ),
    "assessments": (
        "assessments_assessment t JOIN organisation_unit u ON u.id = t.unit_id",
        "t.id, t.unit_id, t.title, t.phase, t.started_on, t.due_on, t.closed_on, "
        "t.next_revision_due, t.plan_approved_at",
        "t.started_on DESC, u.path",
    ),
    "dialogues": (
        "findings_dialogue t JOIN assessments_assessment a ON a.id = t.assessment_id "
        "JOIN organisation_unit u ON u.id = a.unit_id",
        "t.id, t.assessment_id, t.forum, t.held_on, t.participants, t.summary",
        "t.held_on DESC, t.id",
    ),
    "communications": (
        "communications_communication t JOIN assessments_assessment a ON a.id = t.assessment_id "
        "JOIN organisation_unit u ON u.id = a.unit_id",
        "t.id, t.assessment_id, t.where_we_are, t.what_we_did, t.how_we_go_on, t.published_at",
        "t.created_at DESC, t.id DESC",
    ),
    "evaluations": (
        "actions_evaluation t JOIN actions_action ac ON ac.id = t.action_id "
        "JOIN findings_finding f ON f.id = ac.finding_id "
        "JOIN assessments_assessment a ON a.id = f.assessment_id "
        "JOIN organisation_unit u ON u.id = a.unit_id",
        "t.id, t.action_id, t.effect, t.notes, t.decision, t.evaluated_on, t.by_id",
        "t.evaluated_on DESC, t.created_at DESC, t.id DESC",
    ),
    "units": ("organisation_unit u", "u.id, u.name, u.parent_id, u.path, u.headcount", "u.path"),
    "role-assignments": (
        "organisation_roleassignment t JOIN organisation_unit u ON u.id = t.unit_id",
        "t.id, t.user_id, t.unit_id, t.role",
        "u.path, t.role, t.id",
    ),
    "survey-figures": (
        "surveys_surveyfigure t JOIN organisation_unit u ON u.id = t.unit_id "
        "JOIN factors_factor fa ON fa.id = t.factor_id",
        "t.id, t.survey_id, t.unit_id, u.name, t.factor_id, fa.code, t.score, t.respondents, "
        "t.higher_is_better",
        # SurveyFigure.Meta.ordering
        "u.path, fa.name, t.id",
    ),
    "sickness-absence": (
        "surveys_sicknessabsence t JOIN organisation_unit u ON u.id = t.unit_id",
        "t.id, t.unit_id, u.name, t.period_start, t.period_end, t.days_per_fte, "
        "t.municipality_average",
        "u.path, t.period_end DESC, t.id",
    ),
}
CONFIDENTIAL_OUT = {"findings": "NOT t.confidential", "actions": "NOT f.confidential"}
# Survey figures in reach: the unit `u` in scope, or on the path above a unit in scope.
REACH = "(u.path LIKE ANY(%s) OR u.id = ANY(%s))"


def _reach(prefixes: list[str]) -> tuple[list[str], list[int]]:
    """The parameters of REACH: the prefixes, and the ids of the units on their paths."""
    above = {int(part) for p in prefixes for part in p.rstrip("%").split("/") if part}
    return prefixes, sorted(above)


def _timed(conn, statements: list[tuple[str, tuple]]) -> float:
    """Seconds to run `statements` and serialise what they return."""
    began = time.perf_counter()
    with conn.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            json.dumps(cursor.fetchall(), default=str)
    return time.perf_counter() - began


def list_budget(conn, resource: str, prefixes: list[str], extra: str = "") -> float:
    """A page of 50 of `resource` in scope, with its COUNT."""
    if resource == "factors":
        return _timed(
            conn,
            [
                (
                    "SELECT id, code, name, domain, legal_risk FROM factors_factor "
                    "ORDER BY name LIMIT 50",
                    (),
                ),
                ("SELECT count(*) FROM factors_factor", ()),
            ],
        )
    if resource == "users":
        where = (
            "EXISTS (SELECT 1 FROM organisation_roleassignment r JOIN organisation_unit u "
            "ON u.id = r.unit_id WHERE r.user_id = t.id AND u.path LIKE ANY(%s))"
        )
        return _timed(
            conn,
            [
                (
                    "SELECT t.id, t.username, t.first_name, t.last_name, t.email, t.is_active "
                    f"FROM accounts_user t WHERE {where} ORDER BY t.username LIMIT 50",
                    (prefixes,),
                ),
                (f"SELECT count(*) FROM accounts_user t WHERE {where}", (prefixes,)),
            ],
        )
    if resource == "surveys":
        figures = (
            "SELECT 1 FROM surveys_surveyfigure f JOIN organisation_unit u ON u.id = f.unit_id "
            f"WHERE f.survey_id = t.id AND {REACH}"
        )
        return _timed(
            conn,
            [
                (
                    "SELECT t.id, t.name, t.conducted_on, t.imported_at FROM surveys_survey t "
                    f"WHERE EXISTS ({figures}) ORDER BY t.conducted_on DESC, t.id DESC LIMIT 50",
                    _reach(prefixes),
                ),
                (
                    f"SELECT count(*) FROM surveys_survey t WHERE EXISTS ({figures})",
                    _reach(prefixes),
                ),
            ],
        )
    if resource == "reminders":
        table, columns, order = (
            "reminders_reminder t JOIN organisation_unit u ON u.id = t.unit_id",
            "t.id, t.kind, t.recipient_id, t.subject_type_id, t.subject_id, t.due_on, t.status",
            "t.due_on, t.id",
        )
    else:
        table, columns, order = UNIT_OF[resource]
    where, params = "u.path LIKE ANY(%s)", (prefixes,)
    if resource == "survey-figures":
        where, params = REACH, _reach(prefixes)
    if resource in CONFIDENTIAL_OUT:
        where += f" AND {CONFIDENTIAL_OUT[resource]}"
    if extra:
        where += f" AND {extra}"
    return _timed(
        conn,
        [
            (f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order} LIMIT 50", params),
            (f"SELECT count(*) FROM {table} WHERE {where}", params),
        ],
    )


def dashboard_budget(conn, panel: str, prefixes: list[str], today: datetime.date) -> float:
    """The numbers of a dashboard panel, counted in plain SQL."""
    findings = UNIT_OF["findings"][0]
    actions = UNIT_OF["actions"][0]
    apvs = UNIT_OF["assessments"][0]
    scope = "u.path LIKE ANY(%s)"
    p = (prefixes,)
    if panel == "summary":
        statements = [
            (f"SELECT t.phase, count(*) FROM {apvs} WHERE {scope} GROUP BY 1", p),
            (f"SELECT t.status, count(*) FROM {findings} WHERE {scope} GROUP BY 1", p),
            (
                f"SELECT fa.domain, t.confidential, count(*) FROM {findings} "
                f"JOIN factors_factor fa ON fa.id = t.factor_id WHERE {scope} GROUP BY 1, 2",
                p,
            ),
            (f"SELECT t.status, count(*) FROM {actions} WHERE {scope} GROUP BY 1", p),
            (
                f"SELECT count(*) FROM {actions} WHERE {scope} AND t.status NOT IN "
                "('done', 'cancelled') AND t.due_on < %s",
                (prefixes, today),
            ),
            (
                f"SELECT count(*) FILTER (WHERE t.completed_on <= t.due_on), count(*) "
                f"FROM {actions} WHERE {scope} AND t.status = 'done'",
                p,
            ),
        ]
    elif panel == "heatmap":
        statements = [
            (
                f"SELECT a.unit_id, u.name, fa.domain, fa.legal_risk, t.confidential, count(*) "
                f"FROM {findings} JOIN factors_factor fa ON fa.id = t.factor_id WHERE {scope} "
                "AND t.kind = 'risk' AND t.status IN ('open', 'confirmed') GROUP BY 1, 2, 3, 4, 5",
                p,
            )
        ]
    elif panel == "units":
        statements = [
            (
                f"SELECT DISTINCT ON (t.unit_id) t.id, t.unit_id, u.name, t.title, t.phase, "
                f"t.next_revision_due FROM {apvs} WHERE {scope} "
                "ORDER BY t.unit_id, t.started_on DESC, t.id DESC",
                p,
            ),
            (
                f"SELECT a.unit_id, count(*) FROM {actions} WHERE {scope} AND t.status NOT IN "
                "('done', 'cancelled') AND t.due_on < %s GROUP BY 1",
                (prefixes, today),
            ),
        ]
    elif panel == "overdue":
        late = (
            f"{scope} AND NOT f.confidential AND t.status NOT IN ('done', 'cancelled') "
            "AND t.due_on < %s"
        )
        statements = [
            (
                f"SELECT t.id, t.title, t.due_on, t.owner_id, u.name FROM {actions} WHERE {late} "
                "ORDER BY t.due_on, t.id LIMIT 50",
                (prefixes, today),
            ),
            (f"SELECT count(*) FROM {actions} WHERE {late}", (prefixes, today)),
        ]
    elif panel == "revisions":
        statements = [
            (
                f"SELECT * FROM (SELECT DISTINCT ON (t.unit_id) t.id, t.unit_id, u.name, "
                f"t.next_revision_due FROM {apvs} WHERE {scope} "
                "ORDER BY t.unit_id, t.started_on DESC, t.id DESC) latest "
                "WHERE next_revision_due <= %s ORDER BY next_revision_due LIMIT 50",
                (prefixes, today + datetime.timedelta(days=90)),
            )
        ]
    elif panel == "survey-heatmap":
        # The surveys in reach (newest first), then the figures in reach of the latest two.
        surveys = (
            "SELECT s.id, s.name, s.conducted_on FROM surveys_survey s WHERE EXISTS (SELECT 1 "
            "FROM surveys_surveyfigure t JOIN organisation_unit u ON u.id = t.unit_id "
            f"WHERE t.survey_id = s.id AND {REACH}) ORDER BY s.conducted_on DESC, s.id DESC"
        )
        statements = [
            (surveys, _reach(prefixes)),
            (
                f"WITH latest AS ({surveys} LIMIT 2) SELECT t.survey_id, t.unit_id, u.name, "
                "u.path, fa.code, fa.name, fa.domain, t.higher_is_better, t.score, "
                f"t.respondents FROM {UNIT_OF['survey-figures'][0]} WHERE {REACH} AND "
                "t.survey_id IN (SELECT id FROM latest) ORDER BY u.path, fa.domain, fa.name",
                _reach(prefixes) + _reach(prefixes),
            ),
        ]
    else:
        raise ValueError(panel)
    return _timed(conn, statements)


def proposals_budget(conn, assessment_id: int, prefixes: list[str], chain: list[int]) -> float:
    """An APV's proposed findings: the APV in scope, the latest two surveys with a figure of its
    unit or a unit above (`chain`), those figures, and the proposals already decided. Which
    figures are weak or falling is left to Python, as in the page."""
    surveys = (
        "SELECT s.id FROM surveys_survey s WHERE EXISTS (SELECT 1 FROM surveys_surveyfigure f "
        "WHERE f.survey_id = s.id AND f.unit_id = ANY(%s)) ORDER BY s.conducted_on DESC, s.id DESC"
    )
    return _timed(
        conn,
        [
            (
                f"SELECT t.id, t.unit_id, t.phase, u.path FROM {UNIT_OF['assessments'][0]} "
                "WHERE t.id = %s AND u.path LIKE ANY(%s)",
                (assessment_id, prefixes),
            ),
            (f"{surveys} LIMIT 2", (chain,)),
            (
                "SELECT t.id, t.survey_id, s.name, s.conducted_on, t.unit_id, u.name, t.factor_id, "
                "fa.name, t.score, t.respondents, t.higher_is_better "
                f"FROM {UNIT_OF['survey-figures'][0]} JOIN surveys_survey s ON s.id = t.survey_id "
                f"WHERE t.unit_id = ANY(%s) AND t.survey_id IN ({surveys} LIMIT 2) "
                "ORDER BY fa.name",
                (chain, chain),
            ),
            (
                "SELECT factor_id FROM surveys_proposaldecision WHERE assessment_id = %s "
                f"AND survey_id = ({surveys} LIMIT 1)",
                (assessment_id, chain),
            ),
        ],
    )


def connect(database_url: str):
    return psycopg.connect(database_url, autocommit=True)
