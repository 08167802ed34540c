"""The organisation view's governance columns: the last annual review that covers each unit
(held for it or a unit above it) and its unanswered changes, for a root coordinator; a year
without a review and a change waiting for its answer are gaps."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.governance import services
from apps.reports.organisation import organisation_rows
from tests.admin_helpers import client_for
from tests.factories import UnitFactory

TODAY = datetime.date(2026, 12, 4)


def test_reviews_cover_the_units_below_and_changes_count_per_unit(org):
    services.annual_review_create(
        unit=org.dept, by=None, held_on=datetime.date(2026, 2, 1), assessments=[]
    )
    services.annual_review_create(
        unit=org.other_area, by=None, held_on=datetime.date(2025, 11, 1), assessments=[]
    )
    for _ in range(2):
        services.change_create(unit=org.team, by=None, kind="premises", changed_on=TODAY)
    answered = services.change_create(unit=org.sibling, by=None, kind="other", changed_on=TODAY)
    services.change_answer(change=answered, by=None, revise=False, reason="Ingen betydning")

    rows = {
        row.unit: row for row in organisation_rows(org.user("coordinator", "root"), as_of=TODAY)
    }
    reviewed = {unit.name: row.last_annual_review for unit, row in rows.items()}
    assert reviewed == {
        "Kommunen": None,
        "Børn og Unge": None,
        "Dagtilbud Nord": datetime.date(2026, 2, 1),
        "Børnehuset Solsikken": datetime.date(2026, 2, 1),
        "Børnehuset Mælkebøtten": datetime.date(2026, 2, 1),
        "Ældre og Sundhed": datetime.date(2025, 11, 1),
    }
    assert {u.name: r.unanswered_changes for u, r in rows.items() if r.unanswered_changes} == {
        "Børnehuset Solsikken": 2
    }
    missing = {u.name for u, r in rows.items() if "annual_review_missing" in r.gaps}
    assert missing == {"Kommunen", "Børn og Unge", "Ældre og Sundhed"}
    assert "change_unanswered" in rows[org.team].gaps
    assert "change_unanswered" not in rows[org.sibling].gaps

    client = APIClient()
    client.force_authenticate(org.user("coordinator", "root"))
    response = client.get("/api/v1/organisation/", {"gap": "change_unanswered"})
    assert response.status_code == 200
    [team] = response.json()["results"]
    assert (team["unit_name"], team["unanswered_changes"]) == ("Børnehuset Solsikken", 2)
    assert team["last_annual_review"] == "2026-02-01"

    page = client_for(org.user("coordinator", "root")).get("/admin/organisation/").content.decode()
    assert "Ubesvaret ændring (1)" in page and "01.02.2026" in page
    csv = client_for(org.user("coordinator", "root")).get("/reports/organisation.csv")
    header = csv.content.decode("utf-8-sig").splitlines()[0]
    assert header.endswith("Sidste årlige drøftelse;Ubesvarede ændringer;Mangler")


def test_the_view_costs_the_same_for_more_units_reviews_and_changes(org):
    def queries():
        user = org.user("coordinator", "root")
        user.refresh_from_db()  # nothing cached from the last count
        with CaptureQueriesContext(connection) as captured:
            organisation_rows(user, as_of=TODAY)
        return len(captured)

    before = queries()
    for n in range(5):
        unit = UnitFactory(name=f"Team {n}", parent=org.dept)
        services.annual_review_create(unit=unit, by=None, held_on=TODAY, assessments=[])
        services.change_create(unit=unit, by=None, kind="other", changed_on=TODAY)
    assert queries() == before
