"""The readers' browse and search page, ``/claims/``: filters alone and
together, search with snippets, pagination without counting the table, form
errors, nothing unpublished anywhere on it, and constant query counts."""

import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.domain import browsing
from claims.models import Claim, Verdict
from claims.public import browse
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_quote,
    make_source,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

URL = reverse("claims:browse")
PUBLISHED = datetime(2015, 10, 2, 9, tzinfo=UTC)
ARABIC_TEXT = "قال ناشطون إن الغارة قتل 36 مدنيا في ريف حمص الشمالي."
RUSSIAN_TEXT = "Российские военные самолеты нанесли удары по позициям в Сирии."


@pytest.fixture(autouse=True)
def rendered_each_time(settings) -> None:
    # These tests read what the view put in the page's context, which a
    # page served from the public page cache does not have.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def public_claim(**fields) -> Claim:
    fields.setdefault("published_at", PUBLISHED)
    return make_claim(**fields)


def quoted(claim: Claim, text: str, exact: str, **source_fields) -> Claim:
    make_appearance(
        claim=claim,
        quote=make_quote(revision=make_source(text=text, **source_fields).current_revision(), exact=exact),
    )
    return claim


def approved(claim: Claim, slug: str) -> Claim:
    make_verdict(
        claim=claim, rating=default_rating(slug=slug), state=Verdict.State.APPROVED, decided_at=timezone.now()
    )
    return claim


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(client, **params) -> list[int]:
    """The ids of the claims listed, in order."""
    response = client.get(URL, params)
    assert response.status_code == 200
    return [claim.pk for claim in response.context["results"].claims]


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


# --- Filters -------------------------------------------------------------------------


def test_without_filters_every_public_claim_is_listed_newest_first(client):
    old = public_claim(claimed_on=date(2015, 9, 30))
    new = public_claim(claimed_on=date(2015, 10, 1))
    undated = public_claim()
    assert listed(client) == [new.pk, old.pk, undated.pk]
    assert "3 claims found." in page(client)


def test_the_rating_filter_and_not_rated_yet(client):
    false = approved(public_claim(), "false")
    true = approved(public_claim(), "true")
    unrated = public_claim()
    make_verdict(claim=unrated, state=Verdict.State.SUBMITTED)  # not approved: still unrated to readers
    assert listed(client, rating="false") == [false.pk]
    assert listed(client, rating="true") == [true.pk]
    assert listed(client, rating="unrated") == [unrated.pk]
    assert listed(client, rating="misleading") == []


def test_the_speaker_filter(client):
    lavrov = make_speaker(name="Sergei Lavrov")
    his = public_claim(speaker=lavrov)
    public_claim()
    assert listed(client, speaker=lavrov.slug) == [his.pk]


def test_the_dispute_filter(client):
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    in_it = public_claim(dispute=dispute)
    public_claim()
    assert listed(client, dispute=dispute.slug) == [in_it.pk]


def test_the_language_filter_matches_a_claim_quoted_in_that_language(client):
    arabic = quoted(public_claim(), ARABIC_TEXT, "قتل 36 مدنيا", language="ar")
    both = quoted(
        quoted(public_claim(), RUSSIAN_TEXT, "Российские военные", language="ru"),
        ARABIC_TEXT,
        "ريف حمص",
        language="ar",
    )
    english = quoted(public_claim(), "36 civilians were killed.", "36 civilians", language="en")
    assert set(listed(client, language="ar")) == {arabic.pk, both.pk}
    assert listed(client, language="ru") == [both.pk]
    assert listed(client, language="en") == [english.pk]


def test_the_date_range(client):
    sept = public_claim(claimed_on=date(2015, 9, 30))
    octo = public_claim(claimed_on=date(2015, 10, 1))
    public_claim()  # undated: outside any range
    assert listed(client, date_from="2015-10-01") == [octo.pk]
    assert listed(client, date_to="2015-09-30") == [sept.pk]
    assert listed(client, date_from="2015-09-30", date_to="2015-10-01") == [octo.pk, sept.pk]


def test_filters_combine(client):
    dispute = make_dispute(published_at=PUBLISHED)
    lavrov = make_speaker(name="Sergei Lavrov")
    wanted = approved(
        public_claim(
            speaker=lavrov, dispute=dispute, claimed_on=date(2015, 10, 1), text="Completely untrue."
        ),
        "false",
    )
    approved(
        public_claim(
            speaker=lavrov, dispute=dispute, claimed_on=date(2015, 9, 1), text="Completely untrue too."
        ),
        "false",
    )
    approved(
        public_claim(speaker=lavrov, claimed_on=date(2015, 10, 1), text="Completely untrue, elsewhere."),
        "false",
    )
    public_claim(
        speaker=lavrov, dispute=dispute, claimed_on=date(2015, 10, 1), text="Completely untrue, unrated."
    )
    params = {"rating": "false", "speaker": lavrov.slug, "dispute": dispute.slug, "date_from": "2015-09-15"}
    assert listed(client, **params) == [wanted.pk]
    assert listed(client, q="completely untrue", **params) == [wanted.pk]
    assert listed(client, q="elsewhere", **params) == []


# --- Search --------------------------------------------------------------------------


def test_search_finds_words_in_the_wording_and_quotes_with_highlighted_snippets(client):
    claim = quoted(
        public_claim(text="Russian strikes killed civilians in Homs."),
        "The ministry said 36 civilians were killed.",
        "36 civilians were killed",
        title="Middle East Eye",
    )
    public_claim(text="The allegations are completely untrue.")
    html = page(client, q="36 civilians")
    assert listed(client, q="36 civilians") == [claim.pk]
    assert "<mark>36</mark> <mark>civilians</mark> were killed" in html
    assert "Found in a quote from “Middle East Eye”" in html
    assert "1 claim found for “<bdi>36 civilians</bdi>”." in html


def test_arabic_and_russian_words_are_found(client):
    arabic = quoted(
        public_claim(text="Activists said the raid killed 36 civilians."), ARABIC_TEXT, "قتل 36 مدنيا"
    )
    russian = quoted(
        public_claim(text="Russian jets struck positions in Syria."),
        RUSSIAN_TEXT,
        "Российские военные самолеты",
    )
    assert listed(client, q="مدنيا") == [arabic.pk]
    assert "<mark>مدنيا</mark>" in page(client, q="مدنيا")
    assert listed(client, q="российские самолеты") == [russian.pk]
    assert listed(client, q="ВОЕННЫЕ") == [russian.pk]
    assert "<mark>Российские</mark> военные <mark>самолеты</mark>" in page(client, q="российские самолет")


def test_36_civilians_finds_khojas_claim_in_the_demo(client, settings):
    settings.DEBUG = True  # the demo refuses to run otherwise
    call_command("demo", stdout=StringIO())
    khoja = Claim.objects.get(speaker__name="Khaled Khoja")
    assert listed(client, q="36 civilians") == [khoja.pk]
    html = page(client, q="36 civilians")
    assert "<mark>36</mark> <mark>civilians</mark>" in html
    assert khoja.get_absolute_url() in html


def test_matching_speakers_and_disputes_are_listed_too(client):
    lavrov = make_speaker(name="Sergei Lavrov", aliases=["Сергей Лавров"])
    public_claim(speaker=lavrov, text="Completely untrue.")
    dispute = make_dispute(question="Did Lavrov deny the strikes?", published_at=PUBLISHED)
    public_claim(dispute=dispute)
    html = page(client, q="лавров")
    assert reverse("claims:speaker", args=[lavrov.slug]) in html
    html = page(client, q="lavrov")
    assert reverse("claims:speaker", args=[lavrov.slug]) in html
    assert reverse("claims:dispute", args=[dispute.slug]) in html


def test_a_query_of_punctuation_only_lists_everything(client):
    claim = public_claim()
    assert listed(client, q='"*!?') == [claim.pk]


def test_nothing_found_says_so_with_a_hint(client):
    public_claim(text="Completely untrue.")
    html = page(client, q="zebra")
    assert "No claims match." in html
    assert "Check the spelling" in html


def test_a_script_in_a_quote_is_shown_escaped(client):
    claim = public_claim(text="A message on a wall.")
    quoted(claim, 'It read <script>alert("pwned")</script> in red.', '<script>alert("pwned")</script>')
    html = page(client, q="pwned")
    assert "&lt;script&gt;alert(&quot;<mark>pwned</mark>&quot;)&lt;/script&gt;" in html
    assert '<script>alert("pwned")' not in html


# --- Only what is published ------------------------------------------------------------


def test_unpublished_and_withdrawn_claims_appear_nowhere(client):
    secret_speaker = make_speaker(name="Secret Speaker")
    public = public_claim(text="Public claim about Homs.")
    draft = make_claim(text="Draft claim about Homs.", speaker=secret_speaker)
    quoted(draft, "Unpublished words about Homs in Farsi.", "Unpublished words about Homs", language="fa")
    withdrawn = public_claim(
        text="Withdrawn claim about Homs.", withdrawn_at=timezone.now(), withdrawn_reason="dup"
    )
    for params in ({}, {"q": "homs"}, {"q": "unpublished"}, {"q": "withdrawn"}):
        html = page(client, **params)
        assert "Draft claim" not in html and "Withdrawn claim" not in html and "Unpublished words" not in html
    assert listed(client, q="homs") == [public.pk]
    assert "1 claim found" in page(client, q="homs")
    assert listed(client, q="withdrawn") == [] and listed(client, q="unpublished") == []
    assert reverse("claims:speaker", args=[secret_speaker.slug]) not in page(client, q="secret speaker")
    html = page(client)
    assert secret_speaker.slug not in options(html, "speaker")
    assert "fa" not in options(html, "language")
    # Speakers of no published claim are not choices at all.
    assert client.get(URL, {"speaker": withdrawn.speaker.slug}).status_code == 400
    assert client.get(URL, {"speaker": draft.speaker.slug}).status_code == 400


def test_unpublished_disputes_appear_nowhere(client):
    hidden = make_dispute(question="Was the hidden hospital hit?")
    claim = public_claim(text="A public claim.", dispute=hidden)
    html = page(client)
    assert hidden.slug not in options(html, "dispute")
    assert "hidden hospital" not in html
    assert listed(client, q="hospital") == []  # its question finds nothing
    assert "hidden hospital" not in page(client, q="public")
    assert listed(client, q="public") == [claim.pk]
    assert client.get(URL, {"dispute": hidden.slug}).status_code == 400


def test_the_filter_choices_are_what_published_claims_use(client):
    lavrov = make_speaker(name="Sergei Lavrov")
    quoted(public_claim(speaker=lavrov), RUSSIAN_TEXT, "Российские военные", language="ru")
    dispute = make_dispute(question="Q?", published_at=PUBLISHED)
    html = page(client)
    assert options(html, "speaker") == ["", lavrov.slug]
    assert options(html, "dispute") == ["", dispute.slug]
    assert options(html, "language") == ["", "ru"]
    assert options(html, "rating") == [
        "",
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
        "unrated",
    ]


def test_many_speakers_and_disputes_offer_the_newest_and_the_one_asked_for(client, monkeypatch):
    monkeypatch.setattr(browsing, "CHOICES_LIMIT", 2)
    old, recent, newest = (
        make_speaker(name=name) for name in ("Old Speaker", "Recent Speaker", "Newest Speaker")
    )
    disputes = [
        make_dispute(question=f"Question {n}?", date=date(2015, 9, n), published_at=PUBLISHED)
        for n in (1, 2, 3)
    ]
    for n, (speaker, dispute) in enumerate(zip((old, recent, newest), disputes, strict=True), start=1):
        public_claim(speaker=speaker, dispute=dispute, claimed_on=date(2015, 9, n))
    html = page(client)
    assert options(html, "speaker") == ["", newest.slug, recent.slug]  # by name
    assert options(html, "dispute") == ["", disputes[2].slug, disputes[1].slug]  # newest first

    html = page(client, speaker=old.slug, dispute=disputes[0].slug)
    assert f'<option value="{old.slug}" selected>' in html
    assert f'<option value="{disputes[0].slug}" selected>' in html
    assert len(listed(client, speaker=old.slug, dispute=disputes[0].slug)) == 1


# --- Pagination ------------------------------------------------------------------------


@pytest.fixture
def many(db) -> list[Claim]:
    """45 public claims about Homs, newest first, and one about something else."""
    speaker = make_speaker(name="Ministry")
    claims = [
        public_claim(
            speaker=speaker, text=f"Claim {n} about Homs.", claimed_on=date(2015, 1, 1) + timedelta(days=n)
        )
        for n in range(45)
    ]
    public_claim(text="Something else.", claimed_on=date(2014, 1, 1))
    return claims[::-1]


def test_pages_of_twenty_keep_the_filters_in_their_links(client, many):
    first = client.get(URL, {"q": "homs", "speaker": "ministry"})
    html = first.content.decode()
    assert [c.pk for c in first.context["results"].claims] == [c.pk for c in many[:20]]
    assert "45 claims found" in html and "Page 1 of 3" in html
    assert 'href="?q=homs&amp;speaker=ministry&amp;page=2"' in html
    assert 'rel="prev"' not in html

    second = client.get(URL, {"q": "homs", "speaker": "ministry", "page": 2})
    html = second.content.decode()
    assert [c.pk for c in second.context["results"].claims] == [c.pk for c in many[20:40]]
    assert 'href="?q=homs&amp;speaker=ministry&amp;page=1"' in html
    assert 'href="?q=homs&amp;speaker=ministry&amp;page=3"' in html

    third = client.get(URL, {"q": "homs", "speaker": "ministry", "page": 3})
    assert [c.pk for c in third.context["results"].claims] == [c.pk for c in many[40:]]
    assert 'rel="next"' not in third.content.decode()


@pytest.mark.parametrize("number", ["4", "99"])
def test_a_page_past_the_end_is_a_404_with_a_message(client, many, number):
    response = client.get(URL, {"q": "homs", "page": number})
    assert response.status_code == 404
    assert f"There is no page {number} of these results." in response.content.decode()


@pytest.mark.parametrize("number", ["51", "500000000000000000", "9223372036854775808", "9" * 4000])
def test_a_page_far_past_the_end_is_a_404_not_a_database_overflow(client, many, number):
    # The database's OFFSET is a 64-bit integer: a page number that overflows
    # it (about 5 * 10**17 pages of 20) once made SQLite raise and answered 500.
    response = client.get(URL, {"q": "homs", "page": number})
    assert response.status_code == 404
    assert f"There is no page {number[:20]}" in response.content.decode()


@pytest.mark.parametrize("number", ["0", "-1", "two", "1.5", ""])
def test_a_bad_page_number_is_a_404_with_a_message(client, number):
    public_claim()
    response = client.get(URL, {"page": number})
    assert response.status_code == 404
    assert "is not a page number" in response.content.decode()


def test_past_the_limit_results_come_newest_first_instead_of_ranked(client, monkeypatch):
    often = public_claim(text="Homs, Homs and Homs again.", claimed_on=date(2015, 9, 1))
    once = public_claim(text="Once in Homs.", claimed_on=date(2015, 10, 1))
    assert listed(client, q="homs") == [often.pk, once.pk]
    monkeypatch.setattr(browse, "COUNT_LIMIT", 1)
    assert listed(client, q="homs") == [once.pk, often.pk]


def test_the_count_and_the_pages_stop_at_the_limit(client, many, monkeypatch):
    monkeypatch.setattr(browse, "COUNT_LIMIT", 30)
    monkeypatch.setattr(browse, "MAX_PAGES", 2)
    html = page(client, q="homs")
    assert "More than 30 claims found" in html and "Page 1<" in html and "Page 1 of" not in html
    last = page(client, q="homs", page=2)
    assert 'rel="next"' not in last and "Only the first 30 claims found are listed" in last
    beyond = client.get(URL, {"q": "homs", "page": 3})
    assert beyond.status_code == 404
    assert "Add words or filters to narrow the search." in beyond.content.decode()


# --- Form errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "30/09/2015"}, "Enter the date as year-month-day"),
        ({"date_to": "2015-02-30"}, "Enter the date as year-month-day"),
        ({"date_from": "2015-10-02", "date_to": "2015-10-01"}, "This date is before the first one"),
        ({"rating": "pants-on-fire"}, "There is no such rating"),
        ({"speaker": "nobody"}, "There is no such speaker"),
        ({"dispute": "nothing"}, "There is no such dispute"),
        ({"language": "tlh"}, "There is no such language"),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_is_a_form_error_on_the_page_never_a_500(client, params, message):
    public_claim(text="A claim.")
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "nothing was searched" in html
    assert "A claim." not in html


# --- Queries -------------------------------------------------------------------------


def _claims_with_quotes(count: int) -> None:
    source = make_source(text="The ministry said 36 civilians were killed. The army denied it. Homs was hit.")
    revision = source.current_revision()
    dispute = make_dispute(question="Was Homs hit?", slug="homs", published_at=PUBLISHED)
    speaker = make_speaker(name="Ministry", slug="ministry")
    for n in range(count):
        claim = approved(
            public_claim(text=f"Claim {n} about Homs.", dispute=dispute, speaker=speaker), "false"
        )
        for exact in ("36 civilians", "The army denied", "Homs was hit"):
            make_appearance(claim=claim, quote=make_quote(revision=revision, exact=exact))


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # Choices (speakers, disputes, the languages there are and which
        # are quoted, ratings), the count, the page of claims with speakers
        # and disputes, their verdicts, and, when searching, their quotes
        # with their sources and the speakers and disputes matching the words.
        ({}, 8),
        ({"speaker": "ministry", "dispute": "homs"}, 8),
        ({"q": "homs"}, 10),
        ({"q": "civilians", "rating": "false", "language": "en"}, 10),
    ],
)
@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_the_same_queries_for_one_claim_or_fifty(
    client, django_assert_num_queries, params, queries, count
):
    _claims_with_quotes(count)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["results"].claims) == min(count, browse.PER_PAGE)


# --- Reached from everywhere -------------------------------------------------------------


def test_the_home_page_has_a_labelled_search_box_and_the_nav_a_browse_link(client):
    html = client.get(reverse("home")).content.decode()
    assert f'<form method="get" action="{URL}"' in html
    assert '<label for="home-q">' in html and 'id="home-q"' in html and 'name="q"' in html
    assert f'<a href="{URL}">Browse</a>' in html


def test_the_speaker_and_dispute_pages_link_to_their_claims_here(client):
    dispute = make_dispute(published_at=PUBLISHED)
    claim = public_claim(dispute=dispute)
    speaker_page = client.get(reverse("claims:speaker", args=[claim.speaker.slug])).content.decode()
    assert f'href="{URL}?speaker={claim.speaker.slug}"' in speaker_page
    assert f"All claims by <bdi>{claim.speaker.name}</bdi>" in speaker_page
    dispute_page = client.get(reverse("claims:dispute", args=[dispute.slug])).content.decode()
    assert f'href="{URL}?dispute={dispute.slug}">All claims in this dispute' in dispute_page
    assert listed(client, speaker=claim.speaker.slug) == [claim.pk]
    assert listed(client, dispute=dispute.slug) == [claim.pk]


def test_every_field_has_a_visible_label(client):
    html = page(client)
    for name in ("q", "rating", "speaker", "dispute", "language", "date_from", "date_to"):
        assert f'<label for="id_{name}">' in html
