"""The APV report names the last annual review that covers its unit and its TRIO agreement:
who of the TRIO confirmed it, and when it is to be reviewed."""

import datetime

from django.urls import reverse

from apps.governance import services
from tests.admin_helpers import client_for
from tests.factories import AssessmentFactory


def test_the_report_shows_the_review_and_the_agreement(org):
    apv = AssessmentFactory(unit=org.team)
    services.annual_review_create(
        unit=org.dept, by=None, held_on=datetime.date(2026, 4, 7), assessments=[]
    )
    agreement = services.agreement_create(
        unit=org.team,
        by=None,
        reviewed_on=datetime.date(2026, 2, 1),
        direction_purpose="Sammen om trivslen",
    )
    services.agreement_confirm(agreement=agreement, by=org.user("amr", "team"))
    client = client_for(org.user("employee", "team"))
    page = client.get(reverse("reports:report", args=[apv.pk])).content.decode()
    assert "Seneste årlige arbejdsmiljødrøftelse</dt><dd>07.04.2026" in page
    assert "Ikke bekræftet af hele TRIO'en" in page
    assert "næste gennemgang senest 01.02.2027" in page
    assert page.count("ikke bekræftet") == 2  # the leader and the TR
