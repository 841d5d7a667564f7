"""``|html_datetime``: the one way a page writes a ``<time datetime>``."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from sources.templatetags.times import html_datetime

MOMENT = datetime(2026, 12, 3, 10, 48, 37, 170987, tzinfo=UTC)


def test_a_moment_is_written_to_the_second_with_its_offset() -> None:
    assert html_datetime(MOMENT) == "2026-12-03T10:48:37+00:00"


def test_a_moment_is_written_in_the_current_time_zone_as_the_text_beside_it() -> None:
    with timezone.override(ZoneInfo("Asia/Damascus")):
        assert html_datetime(MOMENT) == "2026-12-03T13:48:37+03:00"
        rendered = Template("{% load times %}{{ at|html_datetime }} {{ at|date:'H:i' }}").render(
            Context({"at": MOMENT})
        )
    assert rendered == "2026-12-03T13:48:37+03:00 13:48"


def test_a_date_is_a_date() -> None:
    assert html_datetime(date(2015, 9, 30)) == "2015-09-30"


def test_a_year_before_1000_keeps_four_digits() -> None:
    assert html_datetime(date(999, 1, 2)) == "0999-01-02"


@pytest.mark.parametrize("value", [None, "", "2015-09-30"])
def test_anything_else_is_nothing(value) -> None:
    assert html_datetime(value) == ""
