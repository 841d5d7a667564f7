"""The ClaimReview feed, read back as aggregators read it: a schema.org
DataFeed of every public claim's current ClaimReview, through extruct."""

import json
from datetime import UTC, date, datetime

import extruct
import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_quote,
    make_source,
    make_verdict,
)
from tests.parsing import parse

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
DECIDED = datetime(2015, 10, 5, 14, 30, tzinfo=UTC)
BASE = "http://testserver"
FEED = "/feeds/claimreview.json"


def rated(*, state=Verdict.State.APPROVED, decided_at=DECIDED, rating="false", **overrides) -> Claim:
    overrides.setdefault("published_at", PUBLISHED)
    claim = make_claim(**overrides)
    make_verdict(claim=claim, rating=default_rating(slug=rating), state=state, decided_at=decided_at)
    return claim


def read_feed(client) -> dict:
    response = client.get(reverse("feed-claimreview"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    # extruct reads JSON-LD from the script elements of a page: the feed,
    # put in one, must come out as the same one node.
    body = response.content.decode()
    html = f'<html><head><script type="application/ld+json">{body}</script></head></html>'
    (feed,) = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    assert feed == json.loads(response.content)
    return feed


def reviews(feed: dict) -> list[dict]:
    return [review for element in feed["dataFeedElement"] for review in element["item"]]


def test_the_feed_is_at_its_stable_address():
    assert reverse("feed-claimreview") == FEED


def test_every_public_claims_current_review_is_an_item(client, settings):
    settings.NEWSROOM_NAME = "Homs Desk"
    settings.NEWSROOM_URL = "https://news.example.org/"
    claim = rated(text="36 civilians were killed in the strikes.", claimed_on=date(2015, 10, 1))
    source = make_source(title="Russian strikes", url="https://news.example/strikes", outlet="MEE")
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))

    feed = read_feed(client)

    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == f"{BASE}{FEED}"
    (element,) = feed["dataFeedElement"]
    assert element["@type"] == "DataFeedItem"
    assert element["dateCreated"] == DECIDED.isoformat()
    (review,) = element["item"]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{BASE}{claim.get_absolute_url()}"
    assert review["claimReviewed"] == "36 civilians were killed in the strikes."
    assert review["datePublished"] == "2015-10-05"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Homs Desk",
        "url": "https://news.example.org/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["author"]["name"] == claim.speaker.name
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://news.example/strikes"


def test_an_item_is_the_same_review_as_its_claim_pages(client):
    claim = rated(text="The strikes hit a known list of terrorist organisations.")
    page = client.get(claim.get_absolute_url()).content.decode()
    (on_the_page,) = extruct.extract(page, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    assert reviews(read_feed(client)) == [on_the_page]


def test_date_modified_is_the_approval_or_a_later_edit_of_the_claim(client):
    claim = rated(text="First wording.")
    feed = read_feed(client)
    (element,) = feed["dataFeedElement"]
    claim.refresh_from_db()
    # The claim was saved (made) before the verdict's date was set by hand,
    # later than it, so its own time is the later one here.
    assert element["dateModified"] == max(DECIDED, claim.updated_at).isoformat()
    edited = datetime(2030, 1, 1, tzinfo=UTC)
    Claim.objects.filter(pk=claim.pk).update(updated_at=edited, text="Second wording.")
    (element,) = read_feed(client)["dataFeedElement"]
    assert element["dateModified"] == edited.isoformat()
    assert element["item"][0]["claimReviewed"] == "Second wording."
    assert read_feed(client)["dateModified"] == edited.isoformat()


def test_only_what_readers_may_see_is_in_the_feed(client):
    shown = rated(text="A published claim with an approved verdict.")
    rated(text="An unpublished claim.", published_at=None)
    rated(text="A withdrawn claim.", withdrawn_at=PUBLISHED, withdrawn_reason="Wrong")
    for state in (Verdict.State.DRAFT, Verdict.State.SUBMITTED, Verdict.State.REJECTED):
        rated(text=f"A claim with a {state} verdict only.", state=state, decided_at=None)
    make_claim(text="A claim never rated.", published_at=PUBLISHED)

    assert [r["claimReviewed"] for r in reviews(read_feed(client))] == [shown.text]
    body = client.get(FEED).content.decode()
    for hidden in ("unpublished", "withdrawn", "draft", "submitted", "rejected", "never rated"):
        assert hidden not in body


def test_a_re_rated_claim_has_one_item_its_current_review(client):
    claim = rated(text="Re-rated claim.", state=Verdict.State.SUPERSEDED, rating="true")
    current = default_rating(slug="false")
    make_verdict(claim=claim, rating=current, state=Verdict.State.APPROVED, decided_at=DECIDED)
    (review,) = reviews(read_feed(client))
    assert review["reviewRating"]["alternateName"] == "False"


# Off: a page left in this process's recent pages by an earlier test (whose
# writes were rolled back) could otherwise be served under the same generation.
@pytest.mark.usefixtures("page_cache_off")
def test_an_empty_newsroom_has_an_empty_feed(client):
    feed = read_feed(client)
    assert feed["dataFeedElement"] == []
    assert "dateModified" not in feed


def test_text_that_could_end_a_script_element_is_still_the_text(client):
    text = '</script><script>alert("x")</script> & <b>'
    rated(text=text)
    assert reviews(read_feed(client))[0]["claimReviewed"] == text


@pytest.mark.usefixtures("page_cache_off")
def test_the_feed_runs_the_same_queries_for_one_or_fifty_items(client, django_assert_num_queries):
    def add(n):
        for i in range(n):
            claim = rated(text=f"Claim {i}")
            source = make_source(url=f"https://news.example/{i}")
            make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))

    add(1)
    with django_assert_num_queries(2):  # the verdicts with their claims, the appearances
        client.get(FEED)
    add(49)
    with django_assert_num_queries(2):
        response = client.get(FEED)
    assert len(json.loads(response.content)["dataFeedElement"]) == 50


def test_the_feed_is_cached_for_readers_and_fresh_after_an_approval(client):
    rated(text="First claim.")
    assert len(reviews(read_feed(client))) == 1
    rated(text="Second claim.")
    assert len(reviews(read_feed(client))) == 2


def test_every_page_links_to_the_feed_in_its_head_and_footer(client):
    claim = rated(text="Linked claim.")
    for url in (reverse("home"), claim.get_absolute_url(), reverse("claims:browse")):
        tree = parse(client.get(url).content)
        alternates = [
            link.get("href")
            for link in tree.find("head").iter("link")
            if link.get("rel") == "alternate" and link.get("type") == "application/ld+json"
        ]
        assert alternates == [FEED], url
        footer = next(tree.iter("footer"))
        assert FEED in [a.get("href") for a in footer.iter("a")], url
