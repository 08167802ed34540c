"""The export link on a person's admin page (the decision is the admin view's)."""

from django import template

from apps.privacy.admin_views import person_export_url

register = template.Library()


@register.simple_tag(takes_context=True)
def person_export_link(context, subject) -> str:
    """The export's URL when the viewer may run it, else ""."""
    return person_export_url(context["request"], subject) or ""
