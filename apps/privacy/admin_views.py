"""The per-person export in the admin: a download linked from the person's page."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from apps import access
from apps.core.errors import DomainError
from apps.security.log import refused_lookup

from .selectors import person_export


def person_export_urls(model_admin) -> list:
    """The export's URL, for the user admin's `get_urls`."""
    opts = model_admin.model._meta
    return [
        path(
            "<path:object_id>/persondata/",
            model_admin.admin_site.admin_view(
                lambda request, object_id: person_export_view(model_admin, request, object_id)
            ),
            name=f"{opts.app_label}_{opts.model_name}_persondata",
        )
    ]


def person_export_url(request, subject) -> str | None:
    """The export's URL for the object tools of `subject`'s page, when the viewer may run it."""
    if subject is None or not access.can_manage_user(request.user, subject):
        return None
    opts = subject._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_persondata", args=[subject.pk])


def person_export_view(model_admin, request, object_id) -> HttpResponse:
    """`persondata-<username>-<date>.json`: 404 for a person the viewer may not see (as their
    page), 403 for one they see but may not manage."""
    subject = model_admin.get_queryset(request).filter(pk=object_id).first()
    if subject is None:
        refused_lookup(model_admin.model, object_id, request=request)
        raise Http404
    try:
        data = person_export(subject=subject, by=request.user)
    except DomainError as error:
        if error.forbidden:
            raise PermissionDenied(error.message) from error
        raise
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"persondata-{subject.get_username()}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
