"""The admin is a door into the domain like the API: the leaks found through it (issue: the
admin as one door), each reproduced and now refused. Seen from the people who should not see
or do these things: the unit's own leader, its TR, an action's owner, a sibling's AMR."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from knox.models import AuthToken
from openpyxl import load_workbook
from rest_framework.test import APIClient

from apps.actions.models import Action
from apps.assessments.models import Assessment
from apps.findings import services as finding_services
from apps.findings.models import Dialogue, Finding
from apps.reminders.models import CalendarFeed, Reminder
from apps.reminders.services import calendar_feed_renew
from tests.admin_helpers import client_for, form_data
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    DialogueFactory,
    FindingFactory,
    factor,
)

SECRET = "KRAENKELSE-7f3a"


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def apv(org):
    return AssessmentFactory(unit=org.team, phase="prioritisation", title="APV Solsikken")


@pytest.fixture
def complaint(org, apv):
    """A confidential complaint about the team's leader, logged by the team's AMR, with the
    handlers the AMR named: the TR and the area's coordinator (the leader is left out)."""
    return finding_services.finding_create(
        assessment=apv,
        by=org.user("amr", "team"),
        handlers=[org.user("tr", "team"), org.user("coordinator", "root")],
        title=f"Krænkende adfærd fra leder {SECRET}",
        description=f"Beskrivelse {SECRET}",
        causes=f"Årsager {SECRET}",
        factor=factor("chikane"),
        confidential=True,
        status="confirmed",
    )


# 1. An APV cannot be moved to another unit through the admin.


def test_an_apv_stays_in_its_unit_when_its_page_is_saved_with_another(org, apv):
    leader = org.user("leader", "dept")
    client = client_for(leader)
    url = change_url(apv)
    data = form_data(client, url, unit=str(org.sibling.pk), title="APV Solsikken, rettet")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    apv.refresh_from_db()
    assert (apv.unit, apv.title) == (org.team, "APV Solsikken, rettet")
    assert 'name="unit"' not in client.get(url).content.decode()


# 2. Saving a confidential finding keeps the handlers its editor cannot see.


def test_saving_a_confidential_finding_keeps_handlers_hidden_from_the_editor(org, complaint):
    amr = org.user("amr", "team")
    client = client_for(amr)
    url = change_url(complaint)
    data = form_data(client, url, title="Krænkende adfærd (opdateret)")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:800]
    complaint.refresh_from_db()
    assert complaint.title == "Krænkende adfærd (opdateret)"
    assert set(complaint.handlers.all()) == {
        org.user("tr", "team"),
        org.user("coordinator", "root"),
    }
    # ... so the leader it is about still cannot read it.
    assert client_for(org.user("leader", "team")).get(url).status_code in (302, 404)


# 3. History is shown version by version, as each version stood.


def test_history_of_a_finding_made_public_hides_its_confidential_versions(org, apv):
    amr, tr = org.user("amr", "team"), org.user("tr", "team")
    finding = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title=f"Mobning {SECRET}",
        factor=factor("mobning"),
        confidential=True,
    )
    finding_services.finding_update(
        finding=finding, by=amr, title="Dårlig tone i teamet", confidential=False
    )
    client = client_for(tr)
    history = reverse("admin:findings_finding_history", args=[finding.pk])
    page = client.get(history)
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    versions = list(Finding.history.filter(id=finding.pk).order_by("history_date"))
    assert versions[0].confidential and not versions[-1].confidential
    version_url = reverse(
        "admin:findings_finding_simple_history", args=[finding.pk, versions[0].history_id]
    )
    assert client.get(version_url).status_code == 404
    public = reverse(
        "admin:findings_finding_simple_history", args=[finding.pk, versions[-1].history_id]
    )
    assert client.get(public).status_code == 200
    # Its reporter reads every version.
    assert SECRET in client_for(amr).get(history).content.decode()


def test_history_of_a_finding_made_confidential_is_not_found_for_others(org, apv):
    amr = org.user("amr", "team")
    finding = finding_services.finding_create(
        assessment=apv, by=amr, title="Travlhed", factor=factor("arbejdstempo")
    )
    finding_services.finding_update(
        finding=finding,
        by=amr,
        description=SECRET,
        confidential=True,
        handlers=[org.user("coordinator", "root")],
    )
    history = reverse("admin:findings_finding_history", args=[finding.pk])
    for who in (org.user("tr", "team"), org.user("leader", "team"), org.user("med", "team")):
        assert client_for(who).get(history).status_code == 404, who


def test_a_version_is_judged_by_the_handlers_it_had(org, apv):
    amr, tr, leader = org.user("amr", "team"), org.user("tr", "team"), org.user("leader", "team")
    finding = finding_services.finding_create(
        assessment=apv,
        by=amr,
        handlers=[tr],
        title=f"Chikane {SECRET}",
        factor=factor("chikane"),
        confidential=True,
    )
    # Later the TR is replaced by the leader (the complaint was about someone else after all).
    finding_services.finding_update(finding=finding, by=amr, handlers=[leader], title="Chikane")
    page = client_for(leader).get(reverse("admin:findings_finding_history", args=[finding.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()


def test_an_actions_history_is_as_confidential_as_its_finding_was(org, apv):
    amr, tr = org.user("amr", "team"), org.user("tr", "team")
    finding = finding_services.finding_create(
        assessment=apv, by=amr, title="Konflikt", factor=factor("chikane"), confidential=True
    )
    action = ActionFactory(finding=finding, title=f"Samtale {SECRET}", owner=amr)
    action.title = "Fælles møde"
    action.save()
    finding_services.finding_update(finding=finding, by=amr, confidential=False)
    action.description = "Aftalt på personalemødet"
    action.save()
    client = client_for(tr)
    page = client.get(reverse("admin:actions_action_history", args=[action.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    latest = Action.history.filter(id=action.pk).latest("history_date")
    version = reverse("admin:actions_action_simple_history", args=[action.pk, latest.history_id])
    assert "Aftalt på personalemødet" in client.get(version).content.decode()
    first = Action.history.filter(id=action.pk).earliest("history_date")
    hidden = reverse("admin:actions_action_simple_history", args=[action.pk, first.history_id])
    assert client.get(hidden).status_code == 404


def test_history_cannot_be_reverted(org, apv):
    amr = org.user("amr", "team")
    finding = finding_services.finding_create(
        assessment=apv, by=amr, title="Støj", factor=factor("stoej")
    )
    version = Finding.history.filter(id=finding.pk).first()
    url = reverse("admin:findings_finding_simple_history", args=[finding.pk, version.history_id])
    assert client_for(amr).post(url, {"title": "Tilbage"}).status_code == 405
    finding.refresh_from_db()
    assert finding.title == "Støj"


# 4. The owner of an action under a confidential finding sees the action, not the finding.


def test_the_owner_of_an_action_sees_fortroligt_fund_in_the_admin(org, complaint):
    owner = org.user("employee", "team")
    action = ActionFactory(finding=complaint, owner=owner, title="Samtale med medarbejderen")
    client = client_for(owner)
    listing = client.get(reverse("admin:actions_action_changelist")).content.decode()
    page = client.get(change_url(action)).content.decode()
    for html in (listing, page):
        assert "Samtale med medarbejderen" in html
        assert "Fortroligt fund" in html
        assert SECRET not in html
        assert change_url(complaint) not in html


# 5. Only the reporter or a coordinator changes who may read a finding.


@pytest.mark.parametrize("who", [("leader", "team"), ("tr", "team")])
def test_others_may_not_make_a_confidential_finding_public(org, complaint, who):
    user = org.user(*who)
    if who[0] == "leader":
        # The leader is not a handler here; name the default handlers instead.
        complaint.handlers.clear()
    response = api(user).patch(f"/api/v1/findings/{complaint.pk}/", {"confidential": False})
    assert response.status_code == 403
    others = [org.user("leader", "team").pk, org.user("amr", "team").pk]
    response = api(user).patch(f"/api/v1/findings/{complaint.pk}/", {"handlers": others})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.confidential


def test_a_tr_may_not_hide_a_public_finding_from_the_leader(org, apv):
    finding = FindingFactory(assessment=apv, reported_by=org.user("amr", "team"))
    tr = org.user("tr", "team")
    response = api(tr).patch(f"/api/v1/findings/{finding.pk}/", {"confidential": True})
    assert response.status_code == 403
    # In the admin the fields are shown, not offered; posting them changes nothing.
    client = client_for(tr)
    url = change_url(finding)
    page = client.get(url).content.decode()
    assert 'name="confidential"' not in page and 'name="handlers"' not in page
    client.post(url, form_data(client, url, confidential="on"))
    finding.refresh_from_db()
    assert not finding.confidential


@pytest.mark.parametrize("who", [("amr", "team"), ("coordinator", "dept")])
def test_the_reporter_and_a_coordinator_may(org, complaint, who):
    response = api(org.user(*who)).patch(
        f"/api/v1/findings/{complaint.pk}/", {"handlers": [org.user("amr", "team").pk]}
    )
    assert response.status_code == 200, response.data


# 6. An owner who cannot read the finding reports progress and nothing more.


def test_an_owner_who_cannot_read_the_finding_cannot_hand_the_action_on(org, apv):
    amr = org.user("amr", "team")
    finding = finding_services.finding_create(
        assessment=apv, by=amr, title=SECRET, factor=factor("chikane"), confidential=True
    )
    tr = org.user("tr", "team")  # holds EDIT_ACTIONS on the unit, but cannot read the finding
    action = ActionFactory(finding=finding, owner=tr, title="Opfølgende samtale")
    client = api(tr)
    stranger = org.user("employee", "team")
    for change in ({"owner": stranger.pk}, {"title": "Andet"}, {"due_on": "2027-01-01"}):
        response = client.patch(f"/api/v1/actions/{action.pk}/", change, format="json")
        assert response.status_code == 403, (change, response.data)
    response = client.patch(f"/api/v1/actions/{action.pk}/", {"progress": 40}, format="json")
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.owner, action.title, action.progress) == (tr, "Opfølgende samtale", 40)


# 7. Formula injection in the action-plan exports.


def test_exports_write_formulas_as_text(org, apv):
    finding = FindingFactory(assessment=apv, title="=cmd|' /C calc'!A0")
    ActionFactory(finding=finding, title='=HYPERLINK("http://evil.example","Klik")')
    client = client_for(org.user("coordinator", "root"))
    csv_text = client.get(f"/reports/assessments/{apv.pk}/action-plan.csv").content.decode()
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][1:3] == ["'=cmd|' /C calc'!A0", '\'=HYPERLINK("http://evil.example","Klik")']
    workbook = load_workbook(
        io.BytesIO(client.get(f"/reports/assessments/{apv.pk}/action-plan.xlsx").content)
    )
    cells = [c for row in workbook.active.iter_rows(min_row=2) for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","Klik")' in texts
    assert all(c.data_type != "f" for c in cells)


# 8. Bad input is a Danish refusal, never a 500.


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("assessments", {"started_on": "9999-06-01"}, "started_on"),
        ("actions", {"due_on": "9999-12-31"}, "due_on"),
        ("actions", {"status": "done", "completed_on": "9999-12-31"}, "completed_on"),
    ],
)
def test_dates_far_out_are_refused_on_the_field(org, apv, path, payload, field):
    action = ActionFactory(finding=FindingFactory(assessment=apv))
    obj = apv if path == "assessments" else action
    response = api(org.user("coordinator", "root")).patch(
        f"/api/v1/{path}/{obj.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert "Angiv en dato mellem 1990 og 2199" in response.data[field][0]


def test_far_dates_in_the_admin_are_a_field_error(org, apv):
    client = client_for(org.user("leader", "team"))
    url = change_url(apv)
    response = client.post(url, form_data(client, url, started_on="01.06.9999"))
    assert response.status_code == 200
    assert "Angiv en dato mellem 1990 og 2199" in response.content.decode()


@pytest.mark.parametrize("model", ["dialogue", "communication", "unit", "factor", "user"])
def test_models_without_history_offer_none_and_say_so_in_danish(org, apv, model):
    from tests.factories import CommunicationFactory

    objects = {
        "dialogue": lambda: DialogueFactory(assessment=apv),
        "communication": lambda: CommunicationFactory(assessment=apv),
        "unit": lambda: org.team,
        "factor": lambda: factor("stoej"),
        "user": lambda: org.user("amr", "team"),
    }
    obj = objects[model]()
    client = client_for(org.user("coordinator", "root"))
    meta = obj._meta
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    assert history not in client.get(change_url(obj)).content.decode()
    response = client.get(history)
    assert response.status_code == 404
    assert "Der føres ikke historik" in response.content.decode()


def test_a_dialogue_cannot_discuss_a_finding_of_another_apv_and_says_so(org, apv):
    other_apv = AssessmentFactory(unit=org.sibling)
    foreign = FindingFactory(assessment=other_apv, title="Fremmed fund")
    dialogue = DialogueFactory(assessment=apv)
    client = client_for(org.user("coordinator", "root"))
    url = change_url(dialogue)
    response = client.post(url, form_data(client, url, findings=[str(foreign.pk)]))
    assert response.status_code == 200
    assert "En dialog kan kun omfatte fund fra sin egen APV." in response.content.decode()
    assert not Dialogue.objects.get(pk=dialogue.pk).findings.exists()


# 9. A new password ends the person's tokens and calendar URL, however it is set.


def _credentials(user):
    AuthToken.objects.create(user=user)
    calendar_feed_renew(user=user)


def _has_credentials(user) -> bool:
    return (
        AuthToken.objects.filter(user=user).exists()
        or CalendarFeed.objects.filter(user=user).exists()
    )


def test_changing_ones_own_password_in_the_admin_revokes_tokens_and_calendar(org):
    amr = org.user("amr", "team")
    _credentials(amr)
    response = client_for(amr).post(
        reverse("admin:password_change"),
        {
            "old_password": "demo-password",
            "new_password1": "et-nyt-langt-kodeord-42",
            "new_password2": "et-nyt-langt-kodeord-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    amr.refresh_from_db()
    assert amr.check_password("et-nyt-langt-kodeord-42")
    assert not _has_credentials(amr)


def test_a_coordinator_setting_a_password_revokes_tokens_and_calendar(org):
    employee = org.user("employee", "team")
    _credentials(employee)
    url = reverse("admin:auth_user_password_change", args=[employee.pk])
    response = client_for(org.user("coordinator", "root")).post(
        url,
        {
            "password1": "et-nyt-langt-kodeord-42",
            "password2": "et-nyt-langt-kodeord-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    employee.refresh_from_db()
    assert employee.check_password("et-nyt-langt-kodeord-42")
    assert not _has_credentials(employee)


# 10. No existence oracles.


def test_filtering_reminders_by_someone_outside_ones_directory_is_like_nobody(org):
    amr = org.user("amr", "team")
    outsider = org.user("employee", "other_area")
    Reminder.objects.create(
        kind="action_due_soon",
        recipient=outsider,
        reason="owner",
        subject_type=ContentType.objects.get_for_model(Assessment),
        subject_id=1,
        unit=org.other_area,
        due_on=datetime.date(2026, 3, 1),
    )
    unreadable = api(amr).get("/api/v1/reminders/", {"recipient": outsider.pk})
    missing = api(amr).get("/api/v1/reminders/", {"recipient": 987654})
    assert unreadable.status_code == missing.status_code == 400
    assert list(unreadable.data) == list(missing.data) == ["recipient"]


def test_a_history_version_of_an_unreadable_object_is_not_found(org, complaint):
    version = Finding.history.filter(id=complaint.pk).first()
    client = client_for(org.user("employee", "team"))
    hidden = reverse(
        "admin:findings_finding_simple_history", args=[complaint.pk, version.history_id]
    )
    missing = reverse("admin:findings_finding_simple_history", args=[complaint.pk, 987654])
    assert client.get(hidden).status_code == client.get(missing).status_code == 404
