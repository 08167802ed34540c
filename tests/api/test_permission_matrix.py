"""Every route × method × role of the API, with the expected status written down.

The callers all stand on one team: its coordinator, leader, AMR, TR, MED member and employee,
plus the AMR of a sibling team and an anonymous caller. The sibling's AMR gets 404 where an
AMR may do the verb (the object is out of scope) and 403 where no AMR ever may (DESIGN.md §6
checks the verb before looking the object up). The objects belong to the team's APV,
which is in prioritisation. The last test fails when a route exists that this table misses.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from apps.assessments.models import Assessment
from apps.attachments.services import attachment_add
from apps.concerns.services import concern_send
from apps.conversation import services as conversation
from apps.conversation.models import InboxItem
from apps.governance import services as governance
from apps.organisation.models import RoleAssignment
from apps.surveys.models import SicknessAbsence, SurveyDimension, SurveyFigure
from apps.surveys.services import survey_import
from tests.admin.world import _round_of
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    UnitFactory,
    factor,
)
from tests.surveys.files import survey_rows_for

ROUND = {
    "title": "APV 2027",
    "started_on": "2027-01-04",
    "identification_by": "2027-02-01",
    "involvement_by": "2027-03-01",
    "prioritisation_by": "2027-04-01",
    "communication_by": "2027-05-01",
    "follow_up_by": "2027-11-01",
}

CALLERS = ["coordinator", "leader", "amr", "tr", "med", "employee", "sibling", "anonymous"]

# Route name (DRF router name), method -> expected status per caller, in CALLERS order.
# fmt: off
#                                        coord lead amr  tr  med  emp  sib  anon
MATRIX = {
    ("me", "get"):                          "200 200 200 200 200 200 200 401",
    ("organisation", "get"):                "200 200 200 200 200 200 200 401",
    ("user-list", "get"):                   "200 200 200 200 200 200 200 401",
    ("user-list", "post"):                  "201 403 403 403 403 403 403 401",
    ("user-detail", "get"):                 "200 200 200 200 200 200 404 401",
    ("user-detail", "patch"):               "200 403 403 403 403 403 403 401",
    ("unit-list", "get"):                   "200 200 200 200 200 200 200 401",
    ("unit-list", "post"):                  "201 403 403 403 403 403 403 401",
    ("unit-detail", "get"):                 "200 200 200 200 200 200 404 401",
    ("unit-detail", "patch"):               "200 403 403 403 403 403 403 401",
    ("roleassignment-list", "get"):         "200 200 200 200 200 200 200 401",
    ("roleassignment-list", "post"):        "201 403 403 403 403 403 403 401",
    ("roleassignment-detail", "get"):       "200 200 200 200 200 200 404 401",
    ("roleassignment-detail", "delete"):    "204 403 403 403 403 403 403 401",
    ("factor-list", "get"):                 "200 200 200 200 200 200 200 401",
    ("factor-detail", "get"):               "200 200 200 200 200 200 200 401",
    ("assessment-list", "get"):             "200 200 200 200 200 200 200 401",
    ("assessment-list", "post"):            "201 201 201 201 403 403 400 401",
    ("assessment-detail", "get"):           "200 200 200 200 200 200 404 401",
    ("assessment-detail", "patch"):         "200 200 200 200 403 403 404 401",
    ("assessment-detail", "delete"):        "204 403 403 403 403 403 403 401",
    ("assessment-transition", "post"):      "409 409 409 409 403 403 404 401",
    ("assessment-readiness", "get"):        "200 200 200 200 200 200 404 401",
    ("assessment-history", "get"):          "200 200 200 200 200 200 404 401",
    ("assessment-approve-plan", "post"):    "200 200 200 403 200 403 404 401",
    ("assessment-reopen", "post"):          "409 409 403 403 403 403 403 401",
    ("round-list", "get"):                  "200 200 200 200 200 200 200 401",
    ("round-list", "post"):                 "201 403 403 403 403 403 403 401",
    ("round-detail", "get"):                "200 200 200 200 200 200 404 401",
    ("round-preview", "post"):              "200 403 403 403 403 403 403 401",
    ("round-progress", "get"):              "200 200 200 200 200 200 404 401",
    ("assessment-compliance", "get"):       "200 200 200 200 200 200 404 401",
    ("finding-list", "get"):                "200 200 200 200 200 200 200 401",
    ("finding-list", "post"):               "201 201 201 201 403 403 400 401",
    ("finding-detail", "get"):              "200 200 200 200 200 200 404 401",
    ("finding-detail", "patch"):            "200 200 200 200 403 403 404 401",
    ("finding-detail", "delete"):           "204 403 403 403 403 403 403 401",
    ("dialogue-list", "get"):               "200 200 200 200 200 200 200 401",
    ("dialogue-list", "post"):              "201 201 201 201 403 403 400 401",
    ("dialogue-detail", "get"):             "200 200 200 200 200 200 404 401",
    ("dialogue-detail", "patch"):           "200 200 200 200 403 403 404 401",
    ("dialogue-detail", "delete"):          "204 403 403 403 403 403 403 401",
    ("action-list", "get"):                 "200 200 200 200 200 200 200 401",
    ("action-list", "post"):                "201 201 201 201 403 403 400 401",
    ("action-detail", "get"):               "200 200 200 200 200 200 404 401",
    ("action-detail", "patch"):             "200 200 200 200 403 403 404 401",
    ("action-detail", "delete"):            "204 403 403 403 403 403 403 401",
    ("action-updates", "get"):              "200 200 200 200 200 200 404 401",
    ("action-updates", "post"):             "201 201 201 201 403 403 404 401",
    ("communication-list", "get"):          "200 200 200 200 200 200 200 401",
    ("communication-list", "post"):         "201 201 201 201 403 403 400 401",
    ("communication-detail", "get"):        "200 200 200 200 200 200 404 401",
    ("communication-detail", "patch"):      "200 200 200 200 403 403 404 401",
    ("communication-detail", "delete"):     "204 403 403 403 403 403 403 401",
    ("evaluation-list", "get"):             "200 200 200 200 200 200 200 401",
    ("evaluation-list", "post"):            "201 201 201 201 403 403 400 401",
    ("evaluation-detail", "get"):           "200 200 200 200 200 200 404 401",
    ("dashboard-summary", "get"):           "200 200 200 200 200 200 200 401",
    ("dashboard-units", "get"):             "200 200 200 200 200 200 200 401",
    ("dashboard-heatmap", "get"):           "200 200 200 200 200 200 200 401",
    ("dashboard-overdue", "get"):           "200 200 200 200 200 200 200 401",
    ("dashboard-revisions", "get"):         "200 200 200 200 200 200 200 401",
    ("dashboard-comparison", "get"):        "200 200 200 200 200 200 400 401",
    ("reminder-list", "get"):               "200 200 200 200 200 200 200 401",
    ("survey-list", "get"):                 "200 200 200 200 200 200 200 401",
    ("survey-detail", "get"):               "200 200 200 200 200 200 200 401",
    ("survey-detail", "delete"):            "204 403 403 403 403 403 403 401",
    ("surveyfigure-list", "get"):           "200 200 200 200 200 200 200 401",
    ("surveyfigure-detail", "get"):         "200 200 200 200 200 200 404 401",
    ("sicknessabsence-list", "get"):        "200 200 200 200 200 200 200 401",
    ("sicknessabsence-detail", "get"):      "200 200 200 200 200 200 404 401",
    ("sicknessabsence-detail", "delete"):   "204 403 403 403 403 403 403 401",
    ("surveydimension-list", "get"):        "200 200 200 200 200 200 200 401",
    ("surveydimension-list", "post"):       "201 403 403 403 403 403 403 401",
    ("surveydimension-detail", "get"):      "200 200 200 200 200 200 200 401",
    ("surveydimension-detail", "patch"):    "200 403 403 403 403 403 403 401",
    ("surveydimension-detail", "delete"):   "204 403 403 403 403 403 403 401",
    ("assessment-survey-proposals", "get"): "200 200 200 200 200 200 404 401",
    ("assessment-survey-proposals", "post"):"201 201 201 201 403 403 404 401",
    ("dashboard-survey-heatmap", "get"):    "200 200 200 200 200 200 200 401",
    # A concern of the team, sent with their name by its employee: read by its sender, the
    # AMR and coordinators; decided by the AMR and coordinators (tests/concerns).
    ("concern-list", "get"):                "200 200 200 200 200 200 200 401",
    ("concern-list", "post"):               "201 201 201 201 201 201 400 401",
    ("concern-detail", "get"):              "200 404 200 404 404 200 404 401",
    ("concern-decide", "post"):             "200 403 200 403 403 403 404 401",
    ("concern-receipt", "post"):            "200 200 200 200 200 200 200 401",
    ("concern-open-counts", "get"):         "200 200 200 200 200 200 200 401",
    # The team's annual review, a change waiting for its answer and its TRIO agreement:
    # written by the TRIO and coordinators; confirmed only by a member of the TRIO.
    ("annualreview-list", "get"):           "200 200 200 200 200 200 200 401",
    ("annualreview-list", "post"):          "201 201 201 201 403 403 400 401",
    ("annualreview-detail", "get"):         "200 200 200 200 200 200 404 401",
    ("annualreview-detail", "patch"):       "200 200 200 200 403 403 404 401",
    ("annualreview-detail", "delete"):      "204 403 403 403 403 403 403 401",
    ("changeevent-list", "get"):            "200 200 200 200 200 200 200 401",
    ("changeevent-list", "post"):           "201 201 201 201 403 403 400 401",
    ("changeevent-detail", "get"):          "200 200 200 200 200 200 404 401",
    ("changeevent-detail", "patch"):        "200 200 200 200 403 403 404 401",
    ("changeevent-detail", "delete"):       "204 403 403 403 403 403 403 401",
    ("changeevent-answer", "post"):         "200 200 200 200 403 403 404 401",
    ("agreement-list", "get"):              "200 200 200 200 200 200 200 401",
    ("agreement-list", "post"):             "201 201 201 201 403 403 400 401",
    ("agreement-detail", "get"):            "200 200 200 200 200 200 404 401",
    ("agreement-detail", "patch"):          "200 200 200 200 403 403 404 401",
    ("agreement-detail", "delete"):         "204 403 403 403 403 403 403 401",
    ("agreement-confirm", "post"):          "403 200 200 200 403 403 404 401",
    # An attachment of the team's finding, uploaded by its AMR: read as the finding is,
    # uploaded by whoever may edit the finding, deleted by the uploader or a coordinator.
    ("attachment-list", "get"):             "200 200 200 200 200 200 200 401",
    ("attachment-list", "post"):            "201 201 201 201 403 403 400 401",
    ("attachment-detail", "get"):           "200 200 200 200 200 200 404 401",
    ("attachment-detail", "delete"):        "204 403 204 403 403 403 404 401",
    ("attachment-download", "get"):         "200 200 200 200 200 200 404 401",
    # Comments: whoever reads the finding comments on it; a comment is deleted by its author
    # (the AMR here) or a coordinator. Follows and the inbox are one's own (the employee's).
    ("comment-list", "get"):                "200 200 200 200 200 200 200 401",
    ("comment-list", "post"):               "201 201 201 201 201 201 400 401",
    ("comment-detail", "get"):              "200 200 200 200 200 200 404 401",
    ("comment-detail", "delete"):           "204 403 204 403 403 403 404 401",
    ("follow-list", "get"):                 "200 200 200 200 200 200 200 401",
    ("follow-list", "post"):                "201 201 201 201 201 201 400 401",
    ("follow-detail", "get"):               "404 404 404 404 404 200 404 401",
    ("follow-detail", "delete"):            "404 404 404 404 404 204 404 401",
    ("inboxitem-list", "get"):              "200 200 200 200 200 200 200 401",
    ("inboxitem-read", "post"):             "404 404 404 404 404 200 404 401",
    ("inboxitem-read-all", "post"):         "200 200 200 200 200 200 200 401",
}
# fmt: on

# Routes whose callers are not role-dependent, and where they are tested instead.
ELSEWHERE = {
    ("auth-token", "post"): "tests/api/test_auth.py (anyone with credentials)",
    ("auth-logout", "post"): "tests/api/test_auth.py (the token's holder)",
    ("api-root", "get"): "DRF's browsable index of the routes",
    ("reminder-detail", "get"): "tests/reminders (each reminder belongs to one person)",
    ("reminder-calendar-feed", "get"): "tests/reminders/test_api.py (one's own calendar URL)",
    ("reminder-calendar-feed", "post"): "tests/reminders/test_api.py (one's own calendar URL)",
    ("reminder-calendar-feed", "delete"): "tests/reminders/test_api.py (one's own calendar URL)",
    ("survey-import", "post"): "tests/surveys/test_api.py (a file; coordinators in scope)",
    ("sicknessabsence-import", "post"): "tests/surveys/test_api.py (a file; coordinators)",
}


@pytest.fixture
def world(org):
    """The team's APV in prioritisation with one of everything."""
    apv = AssessmentFactory(unit=org.team, phase="prioritisation", title="APV Solsikken")
    finding = FindingFactory(assessment=apv, status="confirmed", severity=2, extent=2)
    action = ActionFactory(finding=finding, owner=org.user("leader", "team"))
    evaluation = EvaluationFactory(action=action)
    dialogue = DialogueFactory(assessment=apv, findings=[finding])
    communication = CommunicationFactory(
        assessment=apv, published_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    empty_team = UnitFactory(name="Vuggestuen", parent=org.team)
    employee = org.user("employee", "team")
    round_ = _round_of(apv)
    survey_import(survey_rows_for({org.team: 6}, "Arbejdstempo", 60), by=None)
    concern, code = concern_send(by=employee, unit=org.team, text="Bekymring", anonymous=False)
    november = datetime.date(2026, 11, 2)
    return {
        "comment": conversation.comment_add(
            by=org.user("amr", "team"), obj=finding, text="Hvem tager den?"
        ),
        "follow": conversation.follow_add(by=employee, obj=apv),
        "inboxitem": InboxItem.objects.create(
            recipient=employee, kind="new_finding", finding=finding, created_at=november_at()
        ),
        "round": round_,
        "annual_review": governance.annual_review_create(unit=org.team, by=None, held_on=november),
        "change": governance.change_create(
            unit=org.team, by=None, kind="premises", changed_on=november
        ),
        "agreement": governance.agreement_create(
            unit=org.team, by=None, direction_purpose="Sammen om trivslen"
        ),
        "concern": concern,
        "receipt_code": code,
        "figure": SurveyFigure.objects.get(unit=org.team),
        "absence": SicknessAbsence.objects.create(
            unit=org.team,
            period_start=datetime.date(2025, 12, 1),
            period_end=datetime.date(2026, 11, 30),
            days_per_fte=12,
        ),
        "org": org,
        "apv": apv,
        "attachment": attachment_add(
            by=org.user("amr", "team"),
            obj=finding,
            title="Foto",
            kind="photo",
            file=SimpleUploadedFile("referat.txt", b"Referat"),
        ),
        "finding": finding,
        "action": action,
        "evaluation": evaluation,
        "dialogue": dialogue,
        "communication": communication,
        "empty_team": empty_team,
        "employee": employee,
        "role": RoleAssignment.objects.get(user=employee),
    }


def november_at():
    return datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)


def caller(world, name):
    org = world["org"]
    if name == "anonymous":
        return None
    if name == "sibling":
        return org.user("amr", "sibling")
    return org.user(name, "team")


def request_for(world, route, method):
    """The path and body of one call of `route`."""
    w = world
    ids = {
        "user": w["employee"].pk,
        "unit": w["org"].team.pk,
        "roleassignment": w["role"].pk,
        "factor": factor().pk,
        "assessment": w["apv"].pk,
        "finding": w["finding"].pk,
        "dialogue": w["dialogue"].pk,
        "action": w["action"].pk,
        "communication": w["communication"].pk,
        "evaluation": w["evaluation"].pk,
        "survey": w["figure"].survey_id,
        "round": w["round"].pk,
        "surveyfigure": w["figure"].pk,
        "sicknessabsence": w["absence"].pk,
        "surveydimension": SurveyDimension.objects.get(name="Stress").pk,
        "concern": w["concern"].pk,
        "annualreview": w["annual_review"].pk,
        "changeevent": w["change"].pk,
        "agreement": w["agreement"].pk,
        "attachment": w["attachment"].pk,
        "comment": w["comment"].pk,
        "follow": w["follow"].pk,
        "inboxitem": w["inboxitem"].pk,
    }
    bodies = {
        ("dashboard-comparison", "get"): {"assessment": w["apv"].pk},
        ("user-list", "post"): {"username": "ny.bruger", "password": "Solsikke-2026-kode"},
        ("user-detail", "patch"): {"first_name": "Ny"},
        ("unit-list", "post"): {"name": "Ny enhed", "parent": w["org"].team.pk, "headcount": 4},
        ("unit-detail", "patch"): {"headcount": 12},
        ("roleassignment-list", "post"): {
            "user": w["employee"].pk,
            "unit": w["org"].team.pk,
            "role": "tr",
        },
        ("assessment-list", "post"): {"unit": w["empty_team"].pk, "title": "Ny APV"},
        ("assessment-detail", "patch"): {"title": "Ny titel"},
        ("assessment-transition", "post"): {"to": "communication"},
        ("assessment-approve-plan", "post"): {"forum": "med", "comment": "OK"},
        ("assessment-reopen", "post"): {"reason": "Ny klage"},
        ("finding-list", "post"): {
            "assessment": w["apv"].pk,
            "title": "Nyt fund",
            "factor": factor("stress").pk,
        },
        ("finding-detail", "patch"): {"title": "Rettet"},
        ("dialogue-list", "post"): {
            "assessment": w["apv"].pk,
            "forum": "team_meeting",
            "held_on": "2026-11-20",
        },
        ("dialogue-detail", "patch"): {"summary": "Referat"},
        ("action-list", "post"): {"finding": w["finding"].pk, "title": "Nyt tiltag"},
        ("action-detail", "patch"): {"progress": 40},
        ("action-updates", "post"): {
            "progress": 50,
            "status": "in_progress",
            "note": "Godt i gang",
        },
        ("communication-list", "post"): {"assessment": w["apv"].pk, "where_we_are": "Så langt"},
        ("communication-detail", "patch"): {"how_we_go_on": "Videre"},
        ("round-list", "post"): ROUND | {"unit": w["org"].team.pk},
        ("round-preview", "post"): ROUND | {"unit": w["org"].team.pk},
        ("surveydimension-list", "post"): {"name": "Ny dimension", "factor": factor("stress").pk},
        ("surveydimension-detail", "patch"): {"higher_is_better": False},
        ("assessment-survey-proposals", "post"): {"accept": []},
        ("concern-list", "post"): {"unit": w["org"].team.pk, "text": "Ny bekymring"},
        ("concern-decide", "post"): {"decision": "answer", "answer": "Svar"},
        ("concern-receipt", "post"): {"code": w["receipt_code"]},
        ("annualreview-list", "post"): {"unit": w["org"].team.pk, "held_on": "2026-11-20"},
        ("annualreview-detail", "patch"): {"goals": "Færre afbrydelser"},
        ("changeevent-list", "post"): {
            "unit": w["org"].team.pk,
            "kind": "it_system",
            "changed_on": "2026-11-20",
        },
        ("changeevent-detail", "patch"): {"description": "Nye lokaler på 2. sal"},
        ("changeevent-answer", "post"): {"revise": False, "reason": "Samme arbejdsgange"},
        # The team has its agreement; a new one is for the unit below it.
        ("agreement-list", "post"): {"unit": w["empty_team"].pk, "with_med": True},
        ("agreement-detail", "patch"): {"frame_resources": "To timer om ugen"},
        ("attachment-list", "post"): {
            "finding": w["finding"].pk,
            "title": "Lydmåling",
            "kind": "measurement",
            "file": SimpleUploadedFile("maaling.txt", b"78 dB i garderoben"),
        },
        ("comment-list", "post"): {"finding": w["finding"].pk, "text": "Enig, @leader_team"},
        ("follow-list", "post"): {"assessment": w["apv"].pk},
        ("evaluation-list", "post"): {
            "action": w["action"].pk,
            "effect": "better",
            "decision": "keep",
        },
    }
    base = route.rsplit("-", 1)[0]
    if route in ("me", "organisation"):
        path = f"/api/v1/{route}/"
    elif route in ("concern-receipt", "concern-open-counts"):
        path = f"/api/v1/concerns/{route.removeprefix('concern-')}/"
    elif route == "inboxitem-read-all":
        path = "/api/v1/inbox/read-all/"
    elif route == "round-preview":
        path = "/api/v1/rounds/preview/"
    elif route.startswith("dashboard-"):
        path = f"/api/v1/dashboard/{route.removeprefix('dashboard-')}/"
    elif route.endswith("-list"):
        path = f"/api/v1/{prefix(base)}/"
    elif route.endswith("-detail"):
        path = f"/api/v1/{prefix(base)}/{ids[base]}/"
    else:
        resource, _, extra = route.partition("-")
        path = f"/api/v1/{prefix(resource)}/{ids[resource]}/{extra}/"
    return path, bodies.get((route, method))


def prefix(basename):
    return {
        "roleassignment": "role-assignments",
        "assessment": "assessments",
        "finding": "findings",
        "dialogue": "dialogues",
        "action": "actions",
        "communication": "communications",
        "evaluation": "evaluations",
        "user": "users",
        "unit": "units",
        "factor": "factors",
        "reminder": "reminders",
        "survey": "surveys",
        "surveyfigure": "survey-figures",
        "sicknessabsence": "sickness-absence",
        "surveydimension": "survey-dimensions",
        "round": "rounds",
        "concern": "concerns",
        "annualreview": "annual-reviews",
        "changeevent": "changes",
        "agreement": "agreements",
        "attachment": "attachments",
        "comment": "comments",
        "follow": "follows",
        "inboxitem": "inbox",
    }[basename]


CASES = [
    pytest.param(route, method, who, int(expected.split()[i]), id=f"{route}-{method}-{who}")
    for (route, method), expected in MATRIX.items()
    for i, who in enumerate(CALLERS)
]


@pytest.mark.parametrize(("route", "method", "who", "expected"), CASES)
def test_route_method_role(world, route, method, who, expected):
    client = APIClient()
    user = caller(world, who)
    if user is not None:
        client.force_authenticate(user)
    path, body = request_for(world, route, method)
    multipart = route == "attachment-list" and method == "post"
    response = getattr(client, method)(path, body, format="multipart" if multipart else "json")
    assert response.status_code == expected, (path, response.content[:300])
    if method in ("post", "patch", "delete") and expected >= 400:
        # A refused write changes nothing.
        world["apv"].refresh_from_db()
        assert Assessment.objects.filter(pk=world["apv"].pk).exists()


def _api_routes():
    """(route name, method) of every view under /api/v1/."""
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith(
                "api/v1/"
            ):
                if "format" in str(pattern.pattern):
                    continue
                callback = pattern.callback
                view_class = getattr(callback, "cls", getattr(callback, "view_class", None))
                actions = getattr(callback, "actions", None)
                if actions:
                    methods = set(actions)
                else:
                    methods = {
                        m
                        for m in ("get", "post", "patch", "put", "delete")
                        if hasattr(view_class, m)
                    }
                methods &= set(view_class.http_method_names)
                for method in methods - {"head", "options", "put"}:
                    found.add((pattern.name, method))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_route_is_in_the_matrix():
    routes = _api_routes()
    covered = set(MATRIX) | set(ELSEWHERE)
    assert routes - covered == set(), "routes missing from the permission matrix"
    assert set(MATRIX) - routes == set(), "matrix rows for routes that do not exist"
