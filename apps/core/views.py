"""Pages for refusals outside the API: Danish, in the admin's layout, never Django's bare text."""

from django.contrib import admin
from django.template.response import TemplateResponse


def _page(request, template: str, status: int):
    user = getattr(request, "user", None)
    context = admin.site.each_context(request) if user and user.is_authenticated else {}
    return TemplateResponse(request, template, context, status=status).render()


def permission_denied(request, exception=None):
    """403: the person is signed in but their roles do not allow this here."""
    return _page(request, "403.html", 403)


def page_not_found(request, exception=None):
    """404: nothing here, or nothing this person may see (the same answer for both)."""
    return _page(request, "404.html", 404)
