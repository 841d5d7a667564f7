"""Dates and times as machines read them, written one way everywhere.

``<time datetime="{{ value|html_datetime }}">`` needs a string from the
grammar HTML defines, and Python's ``isoformat()`` (which Django's ``|date:"c"``
follows) writes microseconds, six digits where HTML allows three at most:
validators reject the page and some readers ignore the value.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value: date | datetime | None) -> str:
    """A date as a valid date string (``2015-10-02``); an aware datetime as a
    valid global date and time string, to the second, in the current time
    zone as the text beside it is (``2015-10-02T09:00:00+00:00``); anything
    else as nothing."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        # A naive datetime (none are stored with USE_TZ) stays a valid local date and time.
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return ""
