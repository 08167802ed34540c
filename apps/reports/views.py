"""The APV report, its PDF, the compliance page and the action-plan exports (session login).

Thin: each view finds the assessment through the access module (404 when the user cannot read
it) and hands over to a selector or an export.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps import access
from apps.api.throttles import throttled
from apps.assessments.models import Assessment
from apps.security.log import confidential_read, refused_lookup

from . import exports, selectors
from .compliance import compliance as legal_elements


def _assessment(request, assessment_id):
    assessment = access.assessments_visible_to(request.user).filter(pk=assessment_id).first()
    if assessment is None:
        refused_lookup(Assessment, assessment_id, request=request)
        raise Http404
    return assessment


def _filename(assessment, suffix: str) -> str:
    return f"apv-{assessment.pk}-{suffix}"


def _attachment(response, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def report(request, assessment_id):
    """The printable APV report (A4, Danish)."""
    assessment = _assessment(request, assessment_id)
    context = selectors.report_data(request.user, assessment)
    confidential_read(context["findings"], request=request)
    return render(request, "reports/report.html", context)


def _static_files_fetcher():
    """WeasyPrint's fetcher for the PDF: the report's static files (its stylesheet) read from
    disk, nothing else fetched. Over HTTP a worker would wait on its own server, and the server
    would fetch whatever a page named on the PDF's behalf."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # the photos of the attachments, embedded by us
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            name = path.removeprefix(settings.STATIC_URL)
            found = name != path and (
                finders.find(name)
                or (staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None)
            )
            if not found:
                raise ValueError(f"Not fetched for a PDF: {url}")
            media_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": media_type})

    return StaticFilesFetcher()


@require_GET
@login_required
@throttled("export")
def report_pdf(request, assessment_id):
    """The APV report as PDF, rendered by WeasyPrint from the same template."""
    from weasyprint import HTML  # Pango is loaded on import: only where a PDF is asked for

    assessment = _assessment(request, assessment_id)
    context = selectors.report_data(request.user, assessment) | {"pdf": True}
    for attachment in context["attachments"]:
        if attachment.is_image:
            attachment.data_uri = selectors.photo_data_uri(attachment)
    confidential_read(context["findings"], request=request)
    html = render_to_string("reports/report.html", context, request=request)
    base_url = request.build_absolute_uri("/")
    pdf = HTML(string=html, base_url=base_url, url_fetcher=_static_files_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(assessment, "rapport.pdf")}"'
    return response


@require_GET
@login_required
def compliance(request, assessment_id):
    """Which legal elements of the APV are in place and which are missing."""
    assessment = _assessment(request, assessment_id)
    context = {
        "assessment": assessment,
        "unit": assessment.unit,
        "compliance": legal_elements(assessment),
        "generated_at": timezone.localtime(),
    }
    return render(request, "reports/compliance.html", context)


@require_GET
@login_required
@throttled("export")
def action_plan_csv(request, assessment_id):
    """The action plan rows the user may see, as CSV."""
    assessment = _assessment(request, assessment_id)
    response = HttpResponse(
        exports.action_plan_csv(request.user, assessment), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, _filename(assessment, "handlingsplan.csv"))


@require_GET
@login_required
@throttled("export")
def action_plan_xlsx(request, assessment_id):
    """The action plan rows the user may see, as an Excel workbook."""
    assessment = _assessment(request, assessment_id)
    response = HttpResponse(
        exports.action_plan_xlsx(request.user, assessment),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, _filename(assessment, "handlingsplan.xlsx"))
