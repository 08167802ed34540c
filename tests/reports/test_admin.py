"""The assessment's admin page links to its report, PDF, compliance page and exports."""

from django.urls import reverse

from tests.admin_helpers import client_for


def test_change_page_links_the_report_and_exports(complete):
    apv = complete["apv"]
    client = client_for(complete["org"].user("amr", "team"))
    html = client.get(reverse("admin:assessments_assessment_change", args=[apv.pk]))
    html = html.content.decode()
    for route in ("report", "report-pdf", "compliance", "action-plan-csv", "action-plan-xlsx"):
        assert reverse(f"reports:{route}", args=[apv.pk]) in html
