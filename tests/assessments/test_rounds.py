"""Rounds: a coordinator starts the APVs of a subtree in one step, sees beforehand exactly what
will be created and skipped, and follows the round against its plan."""

import datetime
from html import unescape

import pytest
from rest_framework.test import APIClient

from apps.assessments.models import Assessment
from apps.assessments.rounds import round_plan, round_progress, round_start
from apps.core.errors import DomainError
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory

DATES = {
    "title": "APV 2027",
    "started_on": datetime.date(2027, 1, 4),
    "identification_by": datetime.date(2027, 2, 1),
    "involvement_by": datetime.date(2027, 3, 1),
    "prioritisation_by": datetime.date(2027, 4, 1),
    "communication_by": datetime.date(2027, 5, 1),
    "follow_up_by": datetime.date(2027, 11, 1),
}


def names(units):
    return [unit.name for unit in units]


def test_the_preview_is_what_starting_does(org):
    AssessmentFactory(unit=org.sibling)  # open: skipped
    org.area.headcount = 0  # nobody of its own: skipped
    org.area.save()
    coordinator = org.user("coordinator", "root")
    plan = round_plan(by=coordinator, unit=org.area, **DATES)
    assert names(plan.create) == ["Dagtilbud Nord", "Børnehuset Solsikken"]
    assert [(u.name, reason) for u, reason in plan.skip] == [
        ("Børn og Unge", "har ingen medarbejdere selv"),
        ("Børnehuset Mælkebøtten", "har en åben APV"),
    ]
    assert not Assessment.objects.filter(round__isnull=False).exists()
    started, created, _plan = round_start(by=coordinator, unit=org.area, **DATES)
    assert names(a.unit for a in created) == names(plan.create)
    assert {(a.title, a.started_on, a.due_on) for a in created} == {
        ("APV 2027 – Dagtilbud Nord", DATES["started_on"], DATES["follow_up_by"]),
        ("APV 2027 – Børnehuset Solsikken", DATES["started_on"], DATES["follow_up_by"]),
    }
    assert all(a.round == started for a in created)


def test_dates_out_of_order_are_refused_and_nothing_is_created(org):
    dates = {**DATES, "involvement_by": datetime.date(2027, 1, 20)}
    with pytest.raises(DomainError) as refused:
        round_start(by=org.user("coordinator", "root"), unit=org.area, **dates)
    assert refused.value.field == "involvement_by"
    assert refused.value.message == "En fase skal slutte samme dag som eller efter den forrige."
    assert not Assessment.objects.filter(title__startswith="APV 2027").exists()


def test_a_round_is_all_or_nothing(org):
    """A unit that gets an open APV between preview and start makes the start refuse it all."""
    coordinator = org.user("coordinator", "root")
    plan = round_plan(by=coordinator, unit=org.dept, **DATES)
    assert len(plan.create) == 3
    AssessmentFactory(unit=org.team)
    started, created, _plan = round_start(by=coordinator, unit=org.dept, **DATES)
    assert len(created) == 2  # the start plans again; the team is skipped, nothing half-done


def test_progress_counts_phases_and_who_is_behind(org):
    started, created, _plan = round_start(
        by=org.user("coordinator", "root"), unit=org.dept, **DATES
    )
    Assessment.objects.filter(pk=created[0].pk).update(phase="involvement")
    progress = round_progress(org.user("coordinator", "root"), started, datetime.date(2027, 3, 5))
    assert progress["by_phase"]["identification"] == 2
    assert progress["by_phase"]["involvement"] == 1
    # On 5 March: identification was due 1 February, involvement 1 March: all three behind.
    assert len(progress["behind"]) == 3
    assert round_progress(org.user("amr", "team"), started, DATES["started_on"])["assessments"] == 1


def test_the_api_previews_starts_and_refuses_others(org):
    body = {**{k: str(v) for k, v in DATES.items()}, "unit": org.dept.pk}
    coordinator = APIClient()
    coordinator.force_authenticate(org.user("coordinator", "dept"))
    preview = coordinator.post("/api/v1/rounds/preview/", body, format="json")
    assert preview.status_code == 200, preview.content
    assert [u["unit_name"] for u in preview.json()["create"]] == [
        "Dagtilbud Nord",
        "Børnehuset Solsikken",
        "Børnehuset Mælkebøtten",
    ]
    started = coordinator.post("/api/v1/rounds/", body, format="json")
    assert started.status_code == 201, started.content
    assert len(started.json()["created"]) == 3
    progress = coordinator.get(f"/api/v1/rounds/{started.json()['round']['id']}/progress/")
    assert progress.json()["by_phase"]["identification"] == 3
    amr = APIClient()
    amr.force_authenticate(org.user("amr", "team"))
    assert amr.post("/api/v1/rounds/", body, format="json").status_code == 403
    sibling = APIClient()
    sibling.force_authenticate(org.user("amr", "other_area"))
    assert sibling.get(f"/api/v1/rounds/{started.json()['round']['id']}/").status_code == 404


def test_the_admin_previews_then_starts(org):
    client = client_for(org.user("coordinator", "dept"))
    form = {**{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in DATES.items()}}
    form["unit"] = org.dept.pk
    preview = client.post("/admin/assessments/round/add/", {**form, "preview": "1"})
    html = unescape(preview.content.decode())
    assert "3 APV'er oprettes" in html and not Assessment.objects.filter(round__isnull=False)
    done = client.post("/admin/assessments/round/add/", {**form, "start": "1"}, follow=True)
    page = unescape(done.content.decode())
    assert "Runden er startet: 3 APV'er oprettet." in page
    assert "3 APV'er, du kan se." in page
