"""The public dispute, speaker and source pages, as an anonymous reader meets them."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Dispute, Verdict
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_figure,
    make_quote,
    make_source,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
Stance = Claim.DisputeStance


def published_claim(**overrides):
    overrides.setdefault("published_at", PUBLISHED)
    return make_claim(**overrides)


def approve(claim, slug: str = "false"):
    return make_verdict(
        claim=claim, rating=default_rating(slug=slug), state=Verdict.State.APPROVED, decided_at=PUBLISHED
    )


def dispute_url(dispute) -> str:
    return reverse("claims:dispute", args=[dispute.slug])


def speaker_url(speaker) -> str:
    return reverse("claims:speaker", args=[speaker.slug])


def source_url(source) -> str:
    return reverse("claims:source", args=[source.pk])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def hidden_claims(**overrides):
    """An unpublished claim and a withdrawn one, with the given fields."""
    return [
        make_claim(text="An unpublished claim nobody may see.", **overrides),
        published_claim(
            text="A withdrawn claim nobody may see.",
            withdrawn_at=PUBLISHED,
            withdrawn_reason="Wrong",
            **overrides,
        ),
    ]


# --- The dispute ------------------------------------------------------------------------


def test_dispute_page_shows_the_question_and_the_claims_by_stance(client):
    dispute = make_dispute(
        question="Did the strikes kill civilians?",
        date=date(2015, 9, 30),
        place="Talbiseh, Homs",
        summary="Who says what about the strikes.",
        published_at=PUBLISHED,
    )
    khoja = published_claim(
        dispute=dispute,
        dispute_stance=Stance.AFFIRMS,
        speaker=make_speaker(name="Khaled Khoja"),
        speaker_role="head of the Syrian National Coalition",
        venue="interview with AFP",
        claimed_on=date(2015, 9, 30),
        text="36 civilians were killed.",
    )
    approve(khoja, "unproven")
    lavrov = published_claim(
        dispute=dispute,
        dispute_stance=Stance.DENIES,
        speaker=make_speaker(name="Sergei Lavrov"),
        claimed_on=date(2015, 10, 1),
        text="The allegations are completely untrue.",
    )
    published_claim(dispute=dispute, dispute_stance=Stance.OTHER, text="A ground operation is coming.")

    response = client.get(dispute_url(dispute))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Did the strikes kill civilians?",
        "30 September 2015",
        "Talbiseh, Homs",
        "Who says what about the strikes.",
        "head of the Syrian National Coalition",
        "interview with AFP",
        "Unproven",
        "Not yet rated",
    ):
        assert expected in page
    says_yes, says_no, neither = (page.index(h) for h in (">Says yes", ">Says no", ">Neither"))
    assert says_yes < page.index("36 civilians were killed.") < says_no
    assert says_no < page.index("The allegations are completely untrue.") < neither
    assert neither < page.index("A ground operation is coming.")
    assert f'href="{khoja.get_absolute_url()}"' in page
    assert f'href="{speaker_url(lavrov.speaker)}"' in page


def test_dispute_timeline_orders_the_claims_by_date(client):
    dispute = make_dispute(published_at=PUBLISHED)
    published_claim(dispute=dispute, claimed_on=date(2015, 10, 1), text="Said second.")
    published_claim(dispute=dispute, claimed_on=date(2015, 9, 30), text="Said first.")
    page = client.get(dispute_url(dispute)).content.decode()
    timeline = page[page.index("Who said what, when") :]
    assert timeline.index("Said first.") < timeline.index("Said second.")


def test_dispute_figures_are_compared_in_a_table_and_an_svg_chart(client):
    dispute = make_dispute(published_at=PUBLISHED)
    source = make_source(title="Russia airstrike on Homs")
    high = published_claim(dispute=dispute, dispute_stance=Stance.AFFIRMS, speaker=make_speaker(name="High"))
    quote = make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    make_appearance(claim=high, quote=quote)
    make_figure(claim=high, counted="civilians killed", value=Decimal(36), quote=quote)
    low = published_claim(dispute=dispute, dispute_stance=Stance.DENIES, speaker=make_speaker(name="Low"))
    make_figure(claim=low, counted="Civilians  killed", value=Decimal(9))

    page = client.get(dispute_url(dispute)).content.decode()
    table = page[page.index('<table class="figure-table" data-counted="civilians killed"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"High.*?<td class=\"figure-value\">36</td>", table, re.S)
    assert re.search(r"Low.*?<td class=\"figure-value\">9</td>", table, re.S)
    assert f'href="{source_url(source)}"' in table  # the quote is a public appearance
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "<title" in chart
    assert ">High<" in chart and ">36<" in chart
    # The bars are drawn to scale by a width attribute, never a style attribute.
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', chart)]
    assert widths[0] > widths[1] > 0
    assert widths[0] == pytest.approx(widths[1] * 36 / 9, abs=4)
    assert "style=" not in page[page.index("<main") :]


def test_dispute_page_is_404_unless_published(client):
    dispute = make_dispute()
    published_claim(dispute=dispute)
    assert client.get(dispute_url(dispute)).status_code == 404
    assert client.get(reverse("claims:dispute", args=["no-such-dispute"])).status_code == 404


def test_dispute_page_never_shows_unpublished_or_withdrawn_claims_or_their_figures(client):
    dispute = make_dispute(published_at=PUBLISHED)
    for claim in hidden_claims(dispute=dispute, dispute_stance=Stance.DENIES):
        make_figure(claim=claim, counted="civilians killed", value=Decimal(777))
    page = client.get(dispute_url(dispute)).content.decode()
    assert "nobody may see" not in page
    assert "777" not in page
    assert "None of the published claims gives a figure." in page


def build_dispute_with(n: int) -> Dispute:
    """A published dispute with ``n`` public claims, each with a verdict, a
    quote in its own source and a figure stated in that quote."""
    dispute = make_dispute(published_at=PUBLISHED)
    for i in range(n):
        claim = published_claim(dispute=dispute, dispute_stance=Stance.AFFIRMS, claimed_on=date(2015, 9, 30))
        quote = make_quote(revision=make_source().current_revision())
        make_appearance(claim=claim, quote=quote)
        make_figure(claim=claim, value=Decimal(i + 1), quote=quote)
        approve(claim)
    return dispute


@pytest.mark.usefixtures("page_cache_off")
def test_dispute_page_runs_the_same_queries_for_one_or_fifty_claims(client):
    assert count_queries(client, dispute_url(build_dispute_with(1))) == 5
    assert count_queries(client, dispute_url(build_dispute_with(50))) == 5


# --- The speaker ------------------------------------------------------------------------


def test_speaker_page_shows_who_they_are_and_their_claims_across_disputes(client):
    speaker = make_speaker(
        name="Sergei Lavrov",
        kind="person",
        description="Russian Foreign Minister since 2004.",
        aliases=["Сергей Лавров", "S. Lavrov"],
        wikidata_id="Q83003",
    )
    first = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    second = make_dispute(question="Was the bridge destroyed?", published_at=PUBLISHED)
    approve(published_claim(speaker=speaker, dispute=first, text="Completely untrue."), "false")
    published_claim(speaker=speaker, dispute=second, text="The bridge stands.")

    response = client.get(speaker_url(speaker))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Sergei Lavrov",
        "Person",
        "Russian Foreign Minister since 2004.",
        "Сергей Лавров",
        "S. Lavrov",
        "Completely untrue.",
        "The bridge stands.",
        f'href="{dispute_url(first)}"',
        f'href="{dispute_url(second)}"',
    ):
        assert expected in page
    assert 'href="https://www.wikidata.org/wiki/Q83003" rel="noopener noreferrer nofollow"' in page


def test_speaker_track_record_counts_approved_verdicts_in_the_scales_order(client):
    speaker = make_speaker()
    for slug in ("false", "false", "true"):
        approve(published_claim(speaker=speaker), slug)
    pending = published_claim(speaker=speaker)
    make_verdict(claim=pending, rating=default_rating(slug="true"), state=Verdict.State.SUBMITTED)
    page = client.get(speaker_url(speaker)).content.decode()
    record = page[page.index('<table class="track-record"') :]
    record = record[: record.index("</table>")]
    rows = dict(re.findall(r'<tr data-rating="([\w-]+)">.*?<td>(\d+)</td>', record))
    assert rows["false"] == "2"
    assert rows["true"] == "1"
    assert rows["half-true"] == "0"
    assert re.search(r"Not yet rated</th><td>1</td>", record)
    slugs = re.findall(r'<tr data-rating="([\w-]+)">', record)
    assert slugs.index("true") < slugs.index("false")  # the default scale runs from true to false


@pytest.mark.parametrize("kind", ["unpublished", "withdrawn", "none"])
def test_speaker_page_is_404_without_a_public_claim(client, kind):
    speaker = make_speaker()
    if kind != "none":
        unpublished, withdrawn = hidden_claims(speaker=speaker)
        (withdrawn if kind == "unpublished" else unpublished).delete()
    assert client.get(speaker_url(speaker)).status_code == 404


def test_speaker_page_never_shows_unpublished_or_withdrawn_claims(client):
    speaker = make_speaker()
    published_claim(speaker=speaker, text="A claim readers can see.")
    for claim in hidden_claims(speaker=speaker):
        approve(claim, "true")
    page = client.get(speaker_url(speaker)).content.decode()
    assert "A claim readers can see." in page
    assert "nobody may see" not in page
    assert "None of their published claims has been rated yet." in page


@pytest.mark.usefixtures("page_cache_off")
def test_speaker_page_runs_the_same_queries_for_one_or_fifty_claims(client):
    def build(n: int):
        speaker = make_speaker()
        for _ in range(n):
            approve(published_claim(speaker=speaker, dispute=make_dispute(published_at=PUBLISHED)))
        return speaker

    assert count_queries(client, speaker_url(build(1))) == 4
    assert count_queries(client, speaker_url(build(50))) == 4


# --- The source -------------------------------------------------------------------------


def test_source_page_shows_the_text_with_public_quotes_highlighted_and_linked(client):
    source = make_source(
        title="Russia airstrike on Homs",
        outlet="Middle East Eye",
        url="https://example.org/homs",
        published_on=date(2015, 10, 1),
        language="en",
        text="First paragraph says 36 civilians were killed.\n\nThe army denied it.",
    )
    claim = published_claim(speaker=make_speaker(name="Khaled Khoja"))
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))

    response = client.get(source_url(source))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in ("Russia airstrike on Homs", "Middle East Eye", "1 October 2015"):
        assert expected in page
    assert 'href="https://example.org/homs" rel="noopener noreferrer nofollow"' in page
    assert '<div class="source-text public-source-text" lang="en">' in page
    assert '<p dir="auto">First paragraph says <mark class="quote-mark"' in page
    assert re.search(
        r">36 civilians were killed</mark><a class=\"claim-ref\" href=\"" + claim.get_absolute_url(), page
    )
    assert '<p dir="auto">The army denied it.</p>' in page


def test_source_page_takes_its_lang_from_the_source(client):
    source = make_source(language="ar", text="قال المتحدث إن 36 مدنياً قتلوا.")
    make_appearance(
        claim=published_claim(), quote=make_quote(revision=source.current_revision(), exact="36 مدنياً")
    )
    page = client.get(source_url(source)).content.decode()
    assert '<div class="source-text public-source-text" lang="ar">' in page
    assert ">36 مدنياً</mark>" in page


def test_source_page_highlights_only_the_quotes_of_public_claims(client):
    source = make_source()
    revision = source.current_revision()
    make_appearance(claim=published_claim(), quote=make_quote(revision=revision, exact="36 civilians"))
    unpublished, withdrawn = hidden_claims()
    make_appearance(claim=unpublished, quote=make_quote(revision=revision, exact="The army denied"))
    make_appearance(claim=withdrawn, quote=make_quote(revision=revision, exact="in the area"))

    page = client.get(source_url(source)).content.decode()
    assert page.count("<mark") == 2  # one in the text, one in the list of quotes under it
    assert ">36 civilians</mark>" in page
    assert ">The army denied</mark>" not in page
    assert ">in the area</mark>" not in page
    assert "nobody may see" not in page
    assert unpublished.get_absolute_url() not in page
    assert withdrawn.get_absolute_url() not in page


@pytest.mark.parametrize("quoted_by", ["unpublished", "withdrawn", "nobody"])
def test_source_page_is_404_unless_a_public_claim_quotes_it(client, quoted_by):
    source = make_source()
    if quoted_by != "nobody":
        unpublished, withdrawn = hidden_claims()
        claim = unpublished if quoted_by == "unpublished" else withdrawn
        make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))
    assert client.get(source_url(source)).status_code == 404
    assert client.get(reverse("claims:source", args=[987654])).status_code == 404


@pytest.mark.usefixtures("page_cache_off")
def test_source_page_runs_the_same_queries_for_one_or_fifty_quotes(client):
    def build(n: int):
        source = make_source(text=" ".join(f"Passage number {i:03d}." for i in range(n)))
        for i in range(n):
            claim = published_claim()
            approve(claim)
            quote = make_quote(revision=source.current_revision(), exact=f"Passage number {i:03d}.")
            make_appearance(claim=claim, quote=quote)
        return source

    # The source, its revision, the appearances with their claims and verdicts,
    # and the source's captures (none here).
    assert count_queries(client, source_url(build(1))) == 5
    assert count_queries(client, source_url(build(50))) == 5


# --- Links from the claim and home pages ----------------------------------------------


def test_claim_page_links_its_speaker_dispute_and_sources(client):
    dispute = make_dispute(published_at=PUBLISHED)
    claim = published_claim(dispute=dispute)
    source = make_source()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert f'href="{speaker_url(claim.speaker)}"' in page
    assert f'href="{dispute_url(dispute)}"' in page
    assert f'href="{source_url(source)}"' in page


def test_home_links_each_dispute_to_its_page(client):
    dispute = make_dispute(published_at=PUBLISHED)
    assert f'href="{dispute_url(dispute)}"' in client.get(reverse("home")).content.decode()


# --- The demo ---------------------------------------------------------------------------


def test_the_demo_dispute_compares_khoja_and_lavrov_on_civilians_killed(client, settings):
    settings.DEBUG = True  # the demo refuses to run otherwise
    call_command("demo", stdout=None)
    dispute = Dispute.objects.public().get()
    page = client.get(dispute_url(dispute)).content.decode()
    table = page[page.index('data-counted="civilians killed"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"Khaled Khoja.*?<td class=\"figure-value\">36</td>", table, re.S)
    assert re.search(r"Sergei Lavrov.*?<td class=\"figure-value\">0</td>", table, re.S)
    assert "<svg" in page and "<rect" in page


def test_dispute_page_has_link_preview_metadata_and_its_feed(client):
    dispute = make_dispute(
        question="Did the strikes kill civilians?",
        summary="Two accounts of one night.",
        published_at=PUBLISHED,
    )
    page = client.get(dispute_url(dispute)).content.decode()
    assert '<meta property="og:title" content="Did the strikes kill civilians?">' in page
    assert '<meta property="og:description" content="Two accounts of one night.">' in page
    assert f'<meta property="og:url" content="http://testserver{dispute_url(dispute)}">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert f'href="{reverse("feed-dispute", args=[dispute.slug])}"' in page
