"""Pages for refusals outside the API: Danish, in the admin's layout, never Django's bare text."""

from django.contrib import admin
from django.template.response import TemplateResponse


def permission_denied(request, exception=None):
    """403: the person is signed in but their roles do not allow this here."""
    context = admin.site.each_context(request) if request.user.is_authenticated else {}
    response = TemplateResponse(request, "403.html", context, status=403)
    return response.render()
