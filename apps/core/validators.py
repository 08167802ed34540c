"""Validators shared by the models of every app."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# An APV's dates lie in a working life, not in the year 9999: beyond this range the three-year
# clock, evaluation deadlines and calendar events would overflow.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def plausible_date(value) -> None:
    """Refuse dates (and times) outside EARLIEST_DATE..LATEST_DATE."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
        )


# Real time zones lie within UTC−12 and UTC+14; a larger offset is a typing error, and the
# database refuses offsets beyond ±15:59 outright.
LARGEST_UTC_OFFSET = datetime.timedelta(hours=14)


def plausible_moment(value) -> None:
    """A date and time within EARLIEST_DATE..LATEST_DATE, in a time zone that exists."""
    plausible_date(value)
    offset = value.utcoffset() if isinstance(value, datetime.datetime) else None
    if offset is not None and abs(offset) > LARGEST_UTC_OFFSET:
        raise ValidationError(
            _("Enter a time zone offset between -12:00 and +14:00."), code="implausible_offset"
        )
