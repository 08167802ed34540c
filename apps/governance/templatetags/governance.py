"""The governance section of the APV report: the last annual review that covers the unit and
its TRIO agreement (who confirmed it, when it is to be reviewed)."""

from __future__ import annotations

from django import template

from apps import access

from ..models import Agreement
from ..selectors import agreement_members, is_confirmed, last_reviews

register = template.Library()


@register.inclusion_tag("governance/report_section.html", takes_context=True)
def governance_status(context, unit):
    """What the report shows of the unit's annual review and TRIO agreement, read through the
    access module for the report's reader."""
    user = context["request"].user
    agreement = access.visible(user, Agreement).filter(unit=unit).first()
    members = agreement_members(agreement) if agreement else []
    return {
        "last_annual_review": last_reviews([unit])[unit.pk],
        "agreement": agreement,
        "members": members,
        "confirmed": is_confirmed(members),
    }
