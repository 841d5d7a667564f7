"""Every ``<time datetime>`` on the public and workspace pages, over the demo
newsroom (with a draft verdict, one waiting for review and a retrieved source
added, so that every kind of date the pages show is there), is a date or a
date and time as HTML defines them. Pages are parsed as a browser parses them
(html5lib)."""

import re
from datetime import date, datetime

import html5lib
import pytest
from django.urls import reverse
from django.utils import timezone

from claims.devdata.demo import load_demo
from claims.models import Verdict
from tests.factories import default_rating, make_source, make_verdict

pytestmark = pytest.mark.django_db

# HTML Living Standard, "Dates and times" (2.3.5): a valid date string is a
# year of four or more digits, a month and a day; a valid global date and
# time string is a date, "T" or a space, a time of hours and minutes with
# optional seconds and at most three digits of their fraction, and a time-zone
# offset, "Z" or a sign with hours and minutes.
YEAR, MONTH, DAY = r"[0-9]{4,}", r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12][0-9]|3[01])"
DATE = rf"{YEAR}-{MONTH}-{DAY}"
TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,3})?)?"
OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"
VALID_DATE = re.compile(rf"{DATE}\Z")
VALID_GLOBAL_DATE_AND_TIME = re.compile(rf"{DATE}[T ]{TIME}{OFFSET}\Z")


def is_valid(value: str) -> bool:
    if VALID_DATE.match(value):
        return _is_a_day(value)
    return bool(VALID_GLOBAL_DATE_AND_TIME.match(value)) and _is_a_day(value[: value.index("-") + 6])


def _is_a_day(value: str) -> bool:
    # The grammar allows day 31 in any month; the day must exist in that month.
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def time_values(html: str) -> list[str]:
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return [
        element.get("datetime") for element in document.iter("time") if element.get("datetime") is not None
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2015-10-02", True),
        ("2015-10-02T09:00:00+00:00", True),
        ("2015-10-02 09:00Z", True),
        ("2015-10-02T09:00:00.170-0530", True),
        ("2026-12-03T10:48:37.170987+00:00", False),  # six digits of fraction
        ("2015-10-02T09:00:00", False),  # no offset: not a global date and time
        ("2015-02-30", False),
        ("15-10-02", False),
        ("", False),
    ],
)
def test_the_grammar_checked_is_htmls(value: str, valid: bool) -> None:
    assert is_valid(value) is valid


@pytest.fixture
def newsroom(settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    demo = load_demo()
    make_verdict(
        claim=demo.claims["lavrov"],
        rating=default_rating(slug="false"),
        state=Verdict.State.DRAFT,
        author=demo.journalist,
    )
    make_verdict(
        claim=demo.claims["putin"],
        rating=default_rating(slug="false"),
        state=Verdict.State.SUBMITTED,
        author=demo.journalist,
        submitted_at=timezone.now(),
    )
    make_source(
        title="Retrieved report",
        retrieved_at=timezone.now(),
        published_on=date(2015, 10, 1),
        created_by=demo.journalist,
    )
    settings.DEBUG = False
    return demo


def public_pages(demo) -> list[str]:
    claims = demo.claims.values()
    return [
        reverse("home"),
        reverse("claims:browse"),
        reverse("claims:dispute", args=[demo.dispute.slug]),
        reverse("claims:source", args=[demo.source.pk]),
        *(claim.get_absolute_url() for claim in claims if claim.is_published),
        *{reverse("claims:speaker", args=[claim.speaker.slug]) for claim in claims if claim.is_published},
    ]


def workspace_pages(demo) -> list[str]:
    claims = demo.claims.values()
    return [
        reverse("workspace:dashboard"),
        reverse("sources:list"),
        *(reverse("workspace:reader", args=[source.pk]) for source in type(demo.source).objects.all()),
        reverse("workspace:claims"),
        *(reverse("workspace:claim", args=[claim.pk]) for claim in claims),
        *(reverse("workspace:claim-history", args=[claim.pk]) for claim in claims),
        reverse("workspace:speakers"),
        *(reverse("workspace:speaker", args=[speaker.pk]) for speaker in demo.speakers.values()),
        reverse("workspace:disputes"),
        reverse("workspace:dispute", args=[demo.dispute.pk]),
    ]


def test_every_time_on_the_public_and_workspace_pages_is_valid_html(client, newsroom) -> None:
    found: dict[str, list[str]] = {}
    for url in public_pages(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = time_values(response.content.decode())
    client.force_login(newsroom.journalist)
    for url in workspace_pages(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = time_values(response.content.decode())
    client.force_login(newsroom.editor)  # the review queue shows what editors review
    review = client.get(reverse("workspace:review")).content.decode()
    found["review, as an editor"] = time_values(review)
    assert found["review, as an editor"]

    invalid = {url: [v for v in values if not is_valid(v)] for url, values in found.items()}
    assert {url: values for url, values in invalid.items() if values} == {}
    # The pages did show both kinds, dates and moments stored to the microsecond.
    values = [value for values in found.values() for value in values]
    assert any(VALID_DATE.match(value) for value in values)
    assert any(VALID_GLOBAL_DATE_AND_TIME.match(value) for value in values)


def test_the_sign_in_pages_retry_time_is_valid_html(client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "jo", "password": "a-wrong-guess"})

    assert response.status_code == 429
    [value] = time_values(response.content.decode())
    assert VALID_GLOBAL_DATE_AND_TIME.match(value)
    assert abs(datetime.fromisoformat(value) - timezone.now()).total_seconds() < 20 * 60
