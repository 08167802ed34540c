"""The survey and sickness absence beside an APV on its admin page: the input to its
sickness-absence note, and the way to the proposed findings."""

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.assessments import cycle

from .models import SicknessAbsence
from .proposals import proposals_for


def survey_and_absence(assessment) -> str:
    """Whoever reads the APV may read these: its unit's absence and the figures of its unit and
    the units above it (apps.access)."""
    parts = []
    absence = (
        SicknessAbsence.objects.filter(unit=assessment.unit)
        .order_by("-period_end", "-period_start")
        .first()
    )
    if absence is None:
        parts.append(format_html("<p>{}</p>", _("No sickness absence imported for the unit.")))
    else:
        line = _("Sickness absence %(start)s–%(end)s: %(days)s days per full-time employee.") % {
            "start": date_format(absence.period_start, "d.m.Y"),
            "end": date_format(absence.period_end, "d.m.Y"),
            "days": number_format(absence.days_per_fte, 1),
        }
        if absence.municipality_average is not None:
            line += " " + _("The municipality's average: %s.") % number_format(
                absence.municipality_average, 1
            )
        parts.append(format_html("<p>{}</p>", line))
    if not cycle.is_locked(assessment):
        count = len(proposals_for(assessment))
        url = reverse("admin:surveys_proposals", args=[assessment.pk])
        text = ngettext(
            "%(count)s proposed finding from the survey",
            "%(count)s proposed findings from the survey",
            count,
        ) % {"count": count}
        parts.append(format_html('<p><a class="button" href="{}">{}</a></p>', url, text))
    return format_html("".join(["{}"] * len(parts)), *parts)
