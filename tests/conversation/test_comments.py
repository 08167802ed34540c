"""Comments, mentions and the inbox they fill (issue 15), through the services and the API."""

import pytest
from rest_framework.test import APIClient

from apps.actions import services as action_services
from apps.assessments import services as assessment_services
from apps.conversation import services
from apps.conversation.models import Comment, InboxItem, Mention
from apps.conversation.selectors import inbox_for
from apps.core.errors import DomainError
from apps.findings import services as finding_services
from tests.factories import AssessmentFactory, factor


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, phase="identification", title="APV Solsikken")


def _finding(apv, by, **fields):
    return finding_services.finding_create(
        assessment=apv, by=by, title=fields.pop("title", "Travlhed"), factor=factor(), **fields
    )


def kinds(user):
    return [(i.kind, i.actor.username if i.actor else None) for i in inbox_for(user)]


def test_a_mention_reaches_the_mentioned_and_the_thread(org, apv):
    amr, leader = org.user("amr", "team"), org.user("leader", "team")
    finding = _finding(apv, amr)
    comment = services.comment_add(by=leader, obj=finding, text="Hvad siger @tr_team? @amr_team.")
    assert sorted(u.username for u in comment.mentioned.all()) == ["amr_team", "tr_team"]
    assert kinds(org.user("tr", "team"))[0] == ("mention", "leader_team")
    # The reporter was mentioned: one item, the mention, not also "a comment".
    assert [k for k in kinds(amr) if k[0] in ("mention", "comment")] == [("mention", "leader_team")]
    assert kinds(leader) == [("new_finding", "amr_team")]  # never their own comment


def test_a_refused_mention_stores_nothing(org, apv):
    amr = org.user("amr", "team")
    secret = _finding(apv, amr, title="Krænkelse", confidential=True)
    with pytest.raises(DomainError) as refused:
        services.comment_add(by=amr, obj=secret, text="@leader_team og @tr_team bør vide det")
    assert refused.value.field == "text"
    assert refused.value.message == "»tr_team« kan ikke se dette fund og kan ikke nævnes her."
    with pytest.raises(DomainError) as unknown:
        services.comment_add(by=amr, obj=secret, text="@findesikke")
    assert unknown.value.message == "Ingen person med brugernavnet »findesikke«."
    assert not Comment.objects.exists() and not Mention.objects.exists()
    assert not InboxItem.objects.filter(kind__in=["mention", "comment"]).exists()


def test_mail_addresses_and_sentence_ends_are_not_mentions():
    assert services.mentioned_usernames("skriv til a@b.dk, spørg @leder. @leder igen") == ["leder"]


def test_comment_api_confidential_and_refusals(org, apv):
    amr, tr = org.user("amr", "team"), org.user("tr", "team")
    secret = _finding(apv, amr, title="Krænkelse", confidential=True)
    public = _finding(apv, amr)
    as_amr, as_tr = APIClient(), APIClient()
    as_amr.force_authenticate(amr)
    as_tr.force_authenticate(tr)
    made = as_amr.post("/api/v1/comments/", {"finding": secret.pk, "text": "Samtale @leader_team"})
    assert made.status_code == 201, made.content
    refused = as_amr.post("/api/v1/comments/", {"finding": secret.pk, "text": "@tr_team se her"})
    assert refused.status_code == 400
    assert "»tr_team« kan ikke se dette fund" in refused.content.decode()
    assert as_tr.post("/api/v1/comments/", {"finding": secret.pk, "text": "x"}).status_code == 400
    assert as_tr.get("/api/v1/comments/").json()["count"] == 0
    assert as_tr.get(f"/api/v1/comments/{made.json()['id']}/").status_code == 404
    assert as_tr.delete(f"/api/v1/comments/{made.json()['id']}/").status_code == 404
    mine = as_tr.post("/api/v1/comments/", {"finding": public.pk, "text": "Enig"})
    assert mine.status_code == 201
    # Only its author (or a coordinator) takes a comment back.
    assert as_amr.delete(f"/api/v1/comments/{mine.json()['id']}/").status_code == 403
    assert as_tr.delete(f"/api/v1/comments/{mine.json()['id']}/").status_code == 204
    assert Comment.history.filter(id=mine.json()["id"], history_type="-").exists()


def test_inbox_of_two_people_and_a_finding_made_confidential(org, apv):
    """What the team's TR and the team's employee (who follows the APV) see, exactly."""
    amr, leader = org.user("amr", "team"), org.user("leader", "team")
    tr, employee = org.user("tr", "team"), org.user("employee", "team")
    services.follow_add(by=employee, obj=apv)
    finding = _finding(apv, amr, title="Støj")
    action = action_services.action_create(finding=finding, by=leader, title="Lyddæmper", owner=tr)
    action_services.action_update_post(action=action, by=leader, progress=50, note="Bestilt")
    assessment_services.assessment_transition(assessment=apv, to="involvement", by=leader)
    assert [i.kind for i in inbox_for(tr)] == [
        "phase_moved",
        "action_update",
        "action_assigned",
        "new_finding",
    ]
    assert [i.kind for i in inbox_for(employee)] == [
        "phase_moved",
        "action_update",
        "new_finding",
    ]
    finding_services.finding_update(finding=finding, by=amr, confidential=True)
    # The TR still owns the action (they see it, under "Fortroligt fund"); the finding's own
    # item is gone. The employee reads neither the finding nor its action now.
    assert [i.kind for i in inbox_for(tr)] == ["phase_moved", "action_update", "action_assigned"]
    assert [i.kind for i in inbox_for(employee)] == ["phase_moved"]


def test_read_unread_and_read_all_through_the_api(org, apv):
    amr, tr = org.user("amr", "team"), org.user("tr", "team")
    _finding(apv, amr, title="Et")
    _finding(apv, amr, title="To")
    client = APIClient()
    client.force_authenticate(tr)
    items = client.get("/api/v1/inbox/?unread=true").json()["results"]
    assert [(i["title"], i["read"]) for i in items] == [("To", False), ("Et", False)]
    assert client.post(f"/api/v1/inbox/{items[0]['id']}/read/").json()["read"] is True
    assert [i["title"] for i in client.get("/api/v1/inbox/?unread=true").json()["results"]] == [
        "Et"
    ]
    assert client.post("/api/v1/inbox/read-all/").json() == {"marked": 1}
    assert client.get("/api/v1/inbox/?unread=true").json()["count"] == 0
    other = APIClient()
    other.force_authenticate(amr)
    assert other.post(f"/api/v1/inbox/{items[0]['id']}/read/").status_code == 404


def test_follow_api(org, apv):
    employee = org.user("employee", "team")
    client = APIClient()
    client.force_authenticate(employee)
    made = client.post("/api/v1/follows/", {"assessment": apv.pk})
    assert made.status_code == 201
    assert client.get("/api/v1/follows/").json()["count"] == 1
    assert client.delete(f"/api/v1/follows/{made.json()['id']}/").status_code == 204
    outsider = APIClient()
    outsider.force_authenticate(org.user("amr", "sibling"))
    assert outsider.post("/api/v1/follows/", {"assessment": apv.pk}).status_code == 400
