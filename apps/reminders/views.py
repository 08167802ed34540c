"""The personal calendar feed: `GET /calendar/<token>.ics`, the deadlines a person owns.

Calendar programs cannot log in, so the secret token in the URL is the credential; an unknown
or revoked token is a plain 404. Like the e-mails, the feed never names an action that belongs
to a confidential finding: calendars get synchronised to places we do not control.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from apps import access

from . import selectors, services


def _event(action, stamp: datetime.datetime, host: str) -> Event:
    finding = action.finding
    event = Event()
    event.add("uid", f"apv-action-{action.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", action.due_on)
    event.add("dtend", action.due_on + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"Frist: {access.action_label(None, action)}")
    url = settings.SITE_URL.rstrip("/") + reverse("admin:actions_action_change", args=[action.pk])
    event.add("url", url)
    unit = finding.assessment.unit
    event.add(
        "description",
        f"Tiltag i APV'en for {unit}, som du er ansvarlig for. Åbn det i APV-trackeren: {url}",
    )
    return event


def _phase_event(assessment, planned, stamp: datetime.datetime, host: str) -> Event:
    event = Event()
    event.add("uid", f"apv-phase-{assessment.pk}-{assessment.phase}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", planned)
    event.add("dtend", planned + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    phase = assessment.get_phase_display()
    event.add("summary", f"Fasen {phase.lower()} færdig: {assessment.unit}")
    url = settings.SITE_URL.rstrip("/") + reverse(
        "admin:assessments_assessment_change", args=[assessment.pk]
    )
    event.add("url", url)
    event.add(
        "description",
        f"Runden »{assessment.round}« har planlagt fasen {phase.lower()} færdig for "
        f"APV'en »{assessment.title}«. Åbn den i APV-trackeren: {url}",
    )
    return event


@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    """The iCalendar file of the token's owner: one all-day event per open action's deadline,
    and, for the TRIO, the date a round planned their APV's current phase done by."""
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404
    host = request.get_host().split(":")[0] or "apv-tracker"
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//APV-tracker//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"APV-frister – {user}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    with translation.override("da"):
        for action in selectors.calendar_deadlines(user).select_related(
            "finding__assessment__unit"
        ):
            calendar.add_component(_event(action, stamp, host))
        for assessment, planned in selectors.calendar_phase_deadlines(user):
            calendar.add_component(_phase_event(assessment, planned, stamp, host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="apv-frister.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
