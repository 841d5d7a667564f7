"""The claim page's ClaimReview JSON-LD, read as search engines read it (with
extruct, a real structured-data parser), and its link-preview metadata."""

from datetime import UTC, date, datetime

import extruct
import lxml.html
import pytest
from django.urls import reverse

from claims.models import Speaker, Verdict
from claims.public.structured_data import claim_review
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

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
DECIDED = datetime(2015, 10, 5, 14, 30, tzinfo=UTC)
BASE = "http://testserver"


def rated_claim(*, rating: str = "false", **overrides):
    overrides.setdefault("published_at", PUBLISHED)
    claim = make_claim(**overrides)
    make_verdict(
        claim=claim, rating=default_rating(slug=rating), state=Verdict.State.APPROVED, decided_at=DECIDED
    )
    return claim


def page_of(client, claim) -> str:
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> list[dict]:
    return extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]


def review_on(client, claim) -> dict:
    (review,) = json_ld(page_of(client, claim))
    return review


def test_a_rated_claim_carries_a_claim_review(client, settings):
    settings.NEWSROOM_NAME = "Homs Desk"
    settings.NEWSROOM_URL = "https://news.example.org/"
    claim = rated_claim(text="36 civilians were killed in the strikes.", claimed_on=date(2015, 10, 1))

    review = review_on(client, claim)

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{BASE}/claims/{claim.pk}/"
    assert review["claimReviewed"] == "36 civilians were killed in the strikes."
    assert review["datePublished"] == "2015-10-05"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Homs Desk",
        "url": "https://news.example.org/",
    }
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["datePublished"] == "2015-10-01"


def test_the_newsroom_url_defaults_to_the_site_root(client, settings):
    settings.NEWSROOM_URL = ""
    assert review_on(client, rated_claim())["author"]["url"] == f"{BASE}/"


def test_a_rating_on_the_scale_has_its_value_and_the_scale_ends(client):
    rating = review_on(client, rated_claim(rating="false"))["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_a_rating_off_the_scale_has_its_name_only(client):
    rating = review_on(client, rated_claim(rating="unproven"))["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven"}


def test_a_person_speaker_is_a_person_with_wikidata_as_same_as(client):
    speaker = make_speaker(name="Sergei Lavrov", kind=Speaker.Kind.PERSON, wikidata_id="Q157934")
    author = review_on(client, rated_claim(speaker=speaker))["itemReviewed"]["author"]
    assert author == {
        "@type": "Person",
        "name": "Sergei Lavrov",
        "sameAs": "https://www.wikidata.org/wiki/Q157934",
    }


def test_an_organisation_speaker_without_wikidata_has_no_same_as(client):
    speaker = make_speaker(name="Syrian Observatory for Human Rights", kind=Speaker.Kind.NGO)
    author = review_on(client, rated_claim(speaker=speaker))["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Syrian Observatory for Human Rights"}


def test_appearances_come_from_the_quotes_sources_earliest_first(client):
    claim = rated_claim()
    later = make_source(
        title="Homs strikes: the ministry's count",
        outlet="Middle East Eye",
        url="https://example.org/homs",
        published_on=date(2015, 10, 3),
    )
    earlier = make_source(title="Statement on Homs", published_on=date(2015, 10, 1))  # no URL
    lost = make_source(title="A revised report", url="https://example.org/revised")
    make_appearance(claim=claim, quote=make_quote(revision=later.current_revision()))
    make_appearance(claim=claim, quote=make_quote(revision=later.current_revision(), exact="36 civilians"))
    make_appearance(claim=claim, quote=make_quote(revision=earlier.current_revision()))
    make_appearance(claim=claim, quote=make_quote(revision=lost.current_revision(), orphaned=True))

    item = review_on(client, claim)["itemReviewed"]

    first = {
        "@type": "CreativeWork",
        "url": f"{BASE}{reverse('claims:source', args=[earlier.pk])}",
        "headline": "Statement on Homs",
        "datePublished": "2015-10-01",
    }
    assert item["appearance"] == [
        first,
        {
            "@type": "CreativeWork",
            "url": "https://example.org/homs",
            "headline": "Homs strikes: the ministry's count",
            "datePublished": "2015-10-03",
            "publisher": {"@type": "Organization", "name": "Middle East Eye"},
        },
    ]
    assert item["firstAppearance"] == first


def test_a_claim_without_appearances_or_date_leaves_them_out(client):
    item = review_on(client, rated_claim(claimed_on=None))["itemReviewed"]
    assert set(item) == {"@type", "author"}


@pytest.mark.parametrize(
    "state", [Verdict.State.DRAFT, Verdict.State.SUBMITTED, Verdict.State.REJECTED, Verdict.State.SUPERSEDED]
)
def test_a_claim_without_an_approved_verdict_has_no_claim_review(client, state):
    claim = make_claim(published_at=PUBLISHED)
    make_verdict(claim=claim, state=state, decided_at=DECIDED)
    html = page_of(client, claim)
    assert json_ld(html) == []
    # Every page links to the ClaimReview feed (<link type="application/ld+json">);
    # this one carries no JSON-LD of its own.
    assert '<script type="application/ld+json"' not in html


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"published_at": None}, id="unpublished"),
        pytest.param({"published_at": PUBLISHED, "withdrawn_at": PUBLISHED}, id="withdrawn"),
    ],
)
def test_a_claim_readers_may_not_see_has_no_page_and_no_review(client, overrides):
    claim = make_claim(**overrides)
    make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=DECIDED)
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 404
    assert b'<script type="application/ld+json"' not in response.content


def test_claim_text_cannot_break_out_of_the_script(client):
    text = "It never happened </script><script>alert(1)</script> & <!-- so there"
    claim = rated_claim(text=text, speaker=make_speaker(name="</script><b>Speaker</b>"))

    html = page_of(client, claim)

    review = review_on(client, claim)
    assert review["claimReviewed"] == text
    assert review["itemReviewed"]["author"]["name"] == "</script><b>Speaker</b>"
    # The only inline script is the JSON-LD; htmx is loaded from a file.
    inline = [script for script in lxml.html.fromstring(html).iter("script") if not script.get("src")]
    assert [script.get("type") for script in inline] == ["application/ld+json"]
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in html


def test_non_latin_text_is_kept_as_written(client):
    claim = rated_claim(text="لم يُقتل أي مدني في حمص")
    html = page_of(client, claim)
    assert "لم يُقتل أي مدني في حمص" in html.split('application/ld+json">')[1]
    assert review_on(client, claim)["claimReviewed"] == "لم يُقتل أي مدني في حمص"


def test_the_claim_page_has_open_graph_and_twitter_card_metadata(client, settings):
    settings.NEWSROOM_NAME = "Homs Desk"
    speaker = make_speaker(name="Sergei Lavrov")
    claim = rated_claim(speaker=speaker, speaker_role="Russian Foreign Minister", text="Completely untrue.")

    html = page_of(client, claim)

    url = f"{BASE}/claims/{claim.pk}/"
    description = (
        "Our verdict: False. A claim by Sergei Lavrov, Russian Foreign Minister, checked by Homs Desk."
    )
    for tag in (
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="Sergei Lavrov: Completely untrue.">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{url}">',
        '<meta property="og:site_name" content="Homs Desk">',
        '<meta name="twitter:card" content="summary">',
        '<meta name="twitter:title" content="Sergei Lavrov: Completely untrue.">',
        f'<link rel="canonical" href="{url}">',
    ):
        assert tag in html


def test_an_unrated_claim_says_so_in_its_preview(client):
    claim = make_claim(published_at=PUBLISHED, speaker=make_speaker(name="Khaled Khoja"))
    html = page_of(client, claim)
    assert 'content="A claim by Khaled Khoja, not yet rated by' in html


def test_preview_metadata_is_escaped(client):
    claim = make_claim(published_at=PUBLISHED, text='Say "hi" <img src=x onerror=alert(1)>')
    html = page_of(client, claim)
    assert "<img src=x" not in html
    assert "&quot;hi&quot; &lt;img src=x onerror=alert(1)&gt;" in html


def test_the_claim_page_links_its_feeds(client, settings):
    settings.NEWSROOM_NAME = "Homs Desk"
    dispute = make_dispute(published_at=PUBLISHED, question="Were civilians killed in Homs?")
    html = page_of(client, rated_claim(dispute=dispute))
    site_feed = reverse("feed-verdicts")
    assert f'type="application/atom+xml" title="Homs Desk: new verdicts" href="{site_feed}"' in html
    assert f'href="{reverse("feed-dispute", args=[dispute.slug])}"' in html


def test_an_unpublished_dispute_feed_is_not_linked(client):
    dispute = make_dispute(question="A draft dispute?")
    html = page_of(client, rated_claim(dispute=dispute))
    assert reverse("feed-dispute", args=[dispute.slug]) not in html


def test_claim_review_loads_what_it_is_not_given(rf, client):
    claim = rated_claim(rating="unproven")
    make_appearance(claim=claim, quote=make_quote(revision=make_source(title="A report").current_revision()))
    request = rf.get("/")
    review = claim_review(claim, request=request)
    assert review == review_on(client, claim)
    assert claim_review(make_claim(published_at=PUBLISHED), request=request) is None
