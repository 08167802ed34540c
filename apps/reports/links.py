"""Links to an assessment's report and exports, for the admin's change page."""

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _


def report_links(assessment) -> str:
    """HTML buttons to the APV report, its PDF, the compliance page and the plan exports."""
    links = [
        ("reports:report", _("APV report")),
        ("reports:report-pdf", _("PDF")),
        ("reports:compliance", _("Legal requirements")),
        ("reports:action-plan-csv", _("Action plan (CSV)")),
        ("reports:action-plan-xlsx", _("Action plan (Excel)")),
    ]
    return format_html_join(
        " ",
        '<a class="button" href="{}">{}</a>',
        ((reverse(name, args=[assessment.pk]), label) for name, label in links),
    )
