"""The concern buttons and the AMR's waiting concerns on the start page (Mit overblik)."""

from django import template

from apps import access

from ..models import Concern
from ..selectors import WAITING_DAYS, concerns_waiting_for

register = template.Library()


@register.inclusion_tag("admin/concerns/start_buttons.html", takes_context=True)
def concern_buttons(context):
    """The concern buttons: sending for anyone who holds a role, following a receipt code for
    all, and their own list for those who sent one with their name."""
    user = context["request"].user
    return {
        "may_send": bool(access.grants(user)),
        "sent_named": Concern.objects.filter(sender=user).exists(),
    }


@register.inclusion_tag("admin/concerns/start_waiting.html", takes_context=True)
def concerns_waiting(context):
    """For the AMR and coordinators: how many concerns wait for their decision (never what
    they say), and how many have waited two weeks or more."""
    return {"waiting": concerns_waiting_for(context["request"].user), "days": WAITING_DAYS}
