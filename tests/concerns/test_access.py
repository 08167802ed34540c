"""Who reads a concern: its named sender, the unit's AMR (the nearest above where the unit has
none) and coordinators in scope; nobody else, not the leader, TR or MED. Who decides: the AMR
and coordinators among them, never the sender."""

import pytest
from django.urls import reverse

from apps import access
from apps.access.rules import may_decide_concern, unit_of
from apps.concerns.models import Concern
from apps.concerns.selectors import open_concerns_per_unit
from tests.admin_helpers import client_for
from tests.factories import RoleAssignmentFactory, UnitFactory

from .helpers import CONCERNS, api, detail, send

READERS = [("amr", "team"), ("coordinator", "team"), ("coordinator", "dept")]
NOT_READERS = [
    ("leader", "team"),
    ("tr", "team"),
    ("med", "team"),
    ("employee", "team"),
    ("amr", "sibling"),
    ("amr", "dept"),  # the team has an AMR of its own
    ("leader", "dept"),
    ("coordinator", "sibling"),
]


@pytest.fixture
def anonymous(org):
    return send(org.user("employee", "team"), org.team, anonymous=True)[0]


@pytest.fixture
def named(org):
    return send(org.user("employee", "team"), org.team, text="Min bekymring")[0]


def reads(user, concern) -> bool:
    return access.visible(user, Concern).filter(pk=concern.pk).exists()


@pytest.mark.parametrize(("role", "where"), READERS)
def test_the_units_amr_and_coordinators_read_it(org, anonymous, role, where):
    user = org.user(role, where)
    assert reads(user, anonymous)
    assert api(user).get(detail(anonymous)).status_code == 200


@pytest.mark.parametrize(("role", "where"), NOT_READERS)
def test_nobody_else_reads_it(org, anonymous, role, where):
    user = org.user(role, where)
    assert not reads(user, anonymous)
    assert api(user).get(detail(anonymous)).status_code == 404
    assert api(user).get(CONCERNS).data["count"] == 0
    page = client_for(user).get(reverse("admin:concerns_concern_change", args=[anonymous.pk]))
    assert page.status_code == 302
    assert anonymous.text not in page.content.decode()


def test_the_amr_above_reads_it_where_the_unit_has_none(org):
    nursery = UnitFactory(name="Vuggestuen", parent=org.dept)
    worker = RoleAssignmentFactory(unit=nursery, role="employee").user
    concern, _code = send(worker, nursery, anonymous=True)
    assert reads(org.user("amr", "dept"), concern)
    assert not reads(org.user("amr", "root"), concern)  # the department has its AMR
    assert not reads(org.user("amr", "team"), concern)
    assert may_decide_concern(org.user("amr", "dept"), concern)
    # An AMR named on the unit takes over.
    amr = RoleAssignmentFactory(unit=nursery, role="amr").user
    assert reads(amr, concern) and not reads(org.user("amr", "dept"), concern)


def test_an_inactive_amr_hands_it_to_the_amr_above(org, anonymous):
    team_amr = org.user("amr", "team")
    team_amr.is_active = False
    team_amr.save()
    assert reads(org.user("amr", "dept"), anonymous)


def test_the_named_sender_sees_their_own_and_not_the_anonymous_ones(org, named, anonymous):
    employee = org.user("employee", "team")
    listed = api(employee).get(CONCERNS).data
    assert [row["id"] for row in listed["results"]] == [named.pk]
    assert api(employee).get(detail(named)).status_code == 200
    assert api(employee).get(detail(anonymous)).status_code == 404
    changelist = client_for(employee).get(reverse("admin:concerns_concern_changelist"))
    assert "Min bekymring" not in changelist.content.decode()  # the list names no text
    page = client_for(employee).get(reverse("admin:concerns_concern_change", args=[named.pk]))
    assert page.status_code == 200 and "Min bekymring" in page.content.decode()


def test_a_sibling_amr_gets_404(org, named):
    sibling = org.user("amr", "sibling")
    assert api(sibling).get(detail(named)).status_code == 404
    assert api(sibling).post(f"{detail(named)}decide/", {"decision": "close"}).status_code == 404


def test_only_the_amr_and_coordinators_decide_never_the_sender(org, named):
    assert may_decide_concern(org.user("amr", "team"), named)
    assert may_decide_concern(org.user("coordinator", "root"), named)
    assert not may_decide_concern(org.user("employee", "team"), named)
    assert not may_decide_concern(org.user("leader", "team"), named)
    own, _code = send(org.user("amr", "team"), org.team, text="Egen bekymring")
    assert reads(org.user("amr", "team"), own)
    assert not may_decide_concern(org.user("amr", "team"), own)
    assert may_decide_concern(org.user("coordinator", "team"), own)


def test_the_unit_of_a_concern_is_its_unit(org, named):
    assert unit_of(named) == org.team


def test_a_unit_where_one_holds_no_role_is_refused(org):
    response = api(org.user("employee", "team")).post(
        CONCERNS, {"unit": org.sibling.pk, "text": "Noget"}
    )
    assert response.status_code == 400 and "unit" in response.data


def test_med_sees_counts_of_open_concerns_never_their_text(org, named, anonymous):
    med = org.user("med", "dept")
    response = api(med).get(f"{CONCERNS}open-counts/")
    assert response.status_code == 200
    assert response.data == [{"unit": org.team.pk, "unit_name": org.team.name, "open": 2}]
    assert "Min bekymring" not in response.content.decode()
    assert open_concerns_per_unit(org.user("med", "sibling")) == []
    assert api(med).get(f"{CONCERNS}open-counts/?unit={org.other_area.pk}").status_code == 400
