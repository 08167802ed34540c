"""Pages beside an object's own in the governance admin (answering a change, confirming an
agreement): the object as the person may read it, and the page around a form."""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse

from apps.security.log import refused_lookup


def readable_or_404(model_admin, request, object_id):
    """The object as the person may read it; 404 whether it is missing or not theirs."""
    obj = None
    if str(object_id).isdigit():
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    if obj is None:
        if str(object_id).isdigit():
            refused_lookup(model_admin.model, object_id, request=request)
        raise Http404
    return obj


def action_page(model_admin, request, obj, **context):
    """One of the pages beside an object's own (answering a change, confirming an agreement)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": obj,
        "subtitle": str(obj),
        **context,
    }
    return TemplateResponse(request, "admin/governance/action_page.html", context)
