"""The admin as the AMR, the leader and the MED member see it: exactly their scope."""

import pytest
from django.urls import reverse

from apps.findings.models import Finding
from tests.admin_helpers import changelist_titles, client_for
from tests.factories import AssessmentFactory, FindingFactory, factor

FINDINGS = reverse("admin:findings_finding_changelist")


@pytest.fixture
def apvs(org):
    team = AssessmentFactory(unit=org.team, phase="identification", title="APV Solsikken")
    sibling = AssessmentFactory(unit=org.sibling, title="APV Mælkebøtten")
    dept = AssessmentFactory(unit=org.dept, title="APV Dagtilbud Nord")
    FindingFactory(assessment=team, title="Travlhed i ydertimerne")
    FindingFactory(assessment=sibling, title="Støj i garderoben")
    FindingFactory(assessment=dept, title="Uklare mål efter omorganisering")
    FindingFactory(
        assessment=team,
        title="Krænkende kommentarer fra kollega",
        factor=factor("seksuel_chikane"),
        confidential=True,
    )
    return {"team": team, "sibling": sibling, "dept": dept}


def test_amr_sees_own_team_including_confidential_as_default_handler(org, apvs):
    titles = changelist_titles(client_for(org.user("amr", "team")), FINDINGS)
    assert titles == {"Travlhed i ydertimerne", "Krænkende kommentarer fra kollega"}


def test_leader_of_department_sees_department_and_its_teams(org, apvs):
    titles = changelist_titles(client_for(org.user("leader", "dept")), FINDINGS)
    # The team has its own leader, so the department's leader is not a default handler.
    assert titles == {
        "Travlhed i ydertimerne",
        "Støj i garderoben",
        "Uklare mål efter omorganisering",
    }


def test_tr_and_med_do_not_see_the_confidential_finding(org, apvs):
    for role in ("tr", "med", "employee"):
        titles = changelist_titles(client_for(org.user(role, "team")), FINDINGS)
        assert titles == {"Travlhed i ydertimerne"}, role


def test_confidential_finding_detail_and_history_are_404_for_others(org, apvs):
    secret = Finding.objects.get(confidential=True)
    client = client_for(org.user("tr", "team"))
    assert client.get(reverse("admin:findings_finding_change", args=[secret.pk])).status_code in (
        302,
        404,
    )
    history = reverse("admin:findings_finding_history", args=[secret.pk])
    assert client.get(history).status_code == 404
    page = client.get(FINDINGS).content.decode()
    assert "Krænkende kommentarer" not in page


def test_amr_logs_a_finding_in_danish(org, apvs):
    client = client_for(org.user("amr", "team"))
    add = reverse("admin:findings_finding_add")
    page = client.get(add)
    assert page.status_code == 200
    assert "Tilføj fund" in page.content.decode()
    response = client.post(
        add,
        {
            "assessment": apvs["team"].pk,
            "title": "Mange afbrydelser",
            "kind": "risk",
            "factor": factor("arbejdstempo").pk,
            "source": "walkround",
            "level": "group",
            "description": "Set på markvandring",
            "causes": "",
            "status": "open",
            "severity": "5",
            "extent": "2",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    # Severity 5 is not one of the choices: refused on the field, in Danish, nothing saved.
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed. 5 er ikke en af de tilgængelige" in (
        response.content.decode()
    )
    assert not Finding.objects.filter(title="Mange afbrydelser").exists()


def test_amr_cannot_log_a_finding_in_a_sibling_apv(org, apvs):
    client = client_for(org.user("amr", "team"))
    response = client.post(
        reverse("admin:findings_finding_add"),
        {
            "assessment": apvs["sibling"].pk,
            "title": "Forsøg",
            "kind": "risk",
            "factor": factor("arbejdstempo").pk,
            "source": "survey",
            "status": "open",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Finding.objects.filter(title="Forsøg").exists()


def test_med_member_reads_but_cannot_add_or_change(org, apvs):
    client = client_for(org.user("med", "team"))
    assert client.get(reverse("admin:findings_finding_add")).status_code == 403
    finding = Finding.objects.get(title="Travlhed i ydertimerne")
    page = client.get(reverse("admin:findings_finding_change", args=[finding.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()


def test_a_finding_without_severity_shows_no_risk_score_rather_than_none(org, apvs):
    finding = Finding.objects.get(title="Travlhed i ydertimerne")
    page = client_for(org.user("amr", "team")).get(
        reverse("admin:findings_finding_change", args=[finding.pk])
    )
    readonly = page.content.decode().split("field-risk_score_display")[1].split("</div>")[:3]
    assert "None" not in "".join(readonly) and "–" in "".join(readonly)
