"""The organisation view as pages: in the admin (filters, sorting, export links) and as CSV and
XLSX downloads. The rows come from `organisation_rows`, through the access module."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from apps import access
from apps.api.throttles import throttled

from . import exports
from .organisation import (
    EXPORT_COLUMNS,
    EXPORT_WIDTHS,
    GAPS,
    ORDERINGS,
    export_rows,
    organisation_rows,
)


def _query(request) -> dict:
    """The filters of the request: a unit the person may see, known gaps, a known ordering."""
    unit_id = request.GET.get("unit", "")
    unit = None
    if unit_id.isdigit():
        unit = access.units_visible_to(request.user).filter(pk=int(unit_id)).first()
    gaps = [gap for gap in request.GET.getlist("gap") if gap in GAPS]
    ordering = request.GET.get("o", "unit")
    if ordering.lstrip("-") not in ORDERINGS:
        ordering = "unit"
    return {"unit": unit, "gaps": gaps, "ordering": ordering}


def organisation_page(request, admin_site):
    """Every unit in scope and what its APV lacks, for the coordinator's one look."""
    query = _query(request)
    rows = organisation_rows(request.user, **query)
    counts = {gap: 0 for gap in GAPS}
    for row in organisation_rows(request.user, unit=query["unit"]):
        for gap in row.gaps:
            counts[gap] += 1
    params = request.GET.urlencode()
    context = {
        **admin_site.each_context(request),
        "title": translation.gettext("The organisation"),
        "rows": rows,
        "gaps": [
            (code, label, counts[code], code in query["gaps"]) for code, label in GAPS.items()
        ],
        "gap_labels": GAPS,
        "unit": query["unit"],
        "ordering": query["ordering"],
        "params": params,
    }
    return TemplateResponse(request, "admin/organisation.html", context)


@require_GET
@login_required
@throttled("export")
def organisation_csv(request):
    rows = export_rows(organisation_rows(request.user, **_query(request)))
    response = HttpResponse(
        exports.table_csv(EXPORT_COLUMNS, [[exports.cell(v) for v in row] for row in rows]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="organisation.csv"'
    return response


@require_GET
@login_required
@throttled("export")
def organisation_xlsx(request):
    rows = export_rows(organisation_rows(request.user, **_query(request)))
    response = HttpResponse(
        exports.table_xlsx(
            "Organisation",
            EXPORT_COLUMNS,
            [[exports.cell(v) for v in row] for row in rows],
            EXPORT_WIDTHS,
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="organisation.xlsx"'
    return response
