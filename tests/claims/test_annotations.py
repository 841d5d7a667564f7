"""Quotes as W3C Web Annotations, and a source's quotes as a read-only Web
Annotation Protocol container, as an annotation tool meets them."""

import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.domain import annotations as anno
from claims.models import Verdict
from sources.annotations import sha256_of_identifier
from tests.claims.annotation_rules import check_annotation, check_collection, check_page
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_quote,
    make_source,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
WORDS = ["ministry said", "on Tuesday", "36 civilians", "were killed", "in the strikes", "army denied"]


def public_quote(source, exact="36 civilians were killed", **claim):
    claim.setdefault("published_at", PUBLISHED)
    quote = make_quote(revision=source.current_revision(), exact=exact)
    make_appearance(claim=make_claim(**claim), quote=quote)
    return quote


def annotation_url(quote) -> str:
    return reverse("claims:annotation", args=[quote.pk])


def collection_url(source) -> str:
    return reverse("claims:source-annotations", args=[source.pk])


def get_json(client, url: str, **headers):
    response = client.get(url, HTTP_ACCEPT=headers.pop("accept", ANNO_TYPE), **headers)
    assert response.status_code == 200, response.content
    return response, json.loads(response.content)


# --- One annotation ---------------------------------------------------------------------


def test_a_public_quote_is_an_annotation_by_the_model(client):
    source = make_source(url="https://news.example/homs")
    quote = public_quote(source, text="Thirty-six civilians died.")
    response, annotation = get_json(client, annotation_url(quote))

    assert response["Content-Type"] == ANNO_TYPE
    check_annotation(annotation)
    assert annotation["id"] == f"http://testserver{annotation_url(quote)}"
    assert annotation["motivation"] == "highlighting"
    target = annotation["target"]
    assert target["source"]["id"] == "https://news.example/homs"
    assert sha256_of_identifier(target["source"]["dcterms:identifier"]) == quote.revision.sha256
    assert target["selector"] == [
        {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix},
        {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
    ]
    text = source.current_revision().text
    assert text[quote.start : quote.end] == quote.exact
    wording, link = annotation["body"]
    assert wording["value"] == "Thirty-six civilians died." and wording["purpose"] == "describing"
    assert link["source"]["id"] == f"http://testserver{quote.appearance.claim.get_absolute_url()}"
    assert link["purpose"] == "linking"
    assert annotation["creator"]["type"] == "Organization"


def test_a_quote_of_a_rated_claim_is_an_assessment_with_its_rating(client):
    quote = public_quote(make_source())
    make_verdict(
        claim=quote.appearance.claim,
        rating=default_rating(slug="false"),
        state=Verdict.State.APPROVED,
        decided_at=PUBLISHED,
    )
    _, annotation = get_json(client, annotation_url(quote))
    check_annotation(annotation)
    assert annotation["motivation"] == "assessing"
    assert annotation["body"][-1] == {
        "type": "TextualBody",
        "value": default_rating(slug="false").label,
        "format": "text/plain",
        "purpose": "assessing",
    }


def test_a_source_without_an_address_is_targeted_at_its_public_page(client):
    source = make_source(url="")
    _, annotation = get_json(client, annotation_url(public_quote(source)))
    page = f"http://testserver{reverse('claims:source', args=[source.pk])}"
    assert annotation["target"]["source"]["id"] == page


def test_quotes_of_claims_not_public_are_not_annotations(client):
    source = make_source()
    unpublished = public_quote(source, exact="36 civilians", published_at=None)
    withdrawn = public_quote(
        source, exact="army denied", withdrawn_at=PUBLISHED, withdrawn_reason="A duplicate."
    )
    of_no_claim = make_quote(revision=source.current_revision(), exact="on Tuesday")
    for quote in (unpublished, withdrawn, of_no_claim):
        assert client.get(annotation_url(quote), HTTP_ACCEPT=ANNO_TYPE).status_code == 404
    # Nor is their source a container, having no public quote.
    assert client.get(collection_url(source), HTTP_ACCEPT=ANNO_TYPE).status_code == 404

    shown = public_quote(source, exact="ministry said")
    _, collection = get_json(client, collection_url(source))
    assert collection["total"] == 1
    assert [item["id"] for item in collection["first"]["items"]] == [
        f"http://testserver{annotation_url(shown)}"
    ]


# --- Content negotiation and the protocol's headers -------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (ANNO_TYPE, ANNO_TYPE),
        ("application/ld+json", ANNO_TYPE),
        ("application/json", "application/json"),
        (BROWSER, ANNO_TYPE),
        ("*/*", ANNO_TYPE),
    ],
)
def test_json_ld_is_negotiated(client, accept, content_type):
    quote = public_quote(make_source())
    for url in (annotation_url(quote), collection_url(quote.revision.source)):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert "Accept" in response["Vary"]


def test_without_an_accept_header_it_is_json_ld(client):
    response = client.get(annotation_url(public_quote(make_source())))
    assert response["Content-Type"] == ANNO_TYPE


@pytest.mark.parametrize(
    "accept",
    ["text/html", "text/turtle", 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'],
)
def test_a_representation_it_does_not_have_is_406_with_the_page_for_people(client, accept):
    quote = public_quote(make_source())
    response = client.get(annotation_url(quote), HTTP_ACCEPT=accept)
    assert response.status_code == 406
    claim_page = f"http://testserver{quote.appearance.claim.get_absolute_url()}"
    assert response["Link"] == f'<{claim_page}>; rel="alternate"; type="text/html"'

    response = client.get(collection_url(quote.revision.source), HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert reverse("claims:source", args=[quote.revision.source.pk]) in response["Link"]


def test_an_annotation_has_the_protocols_headers(client):
    response, _ = get_json(client, annotation_url(public_quote(make_source())))
    assert response["Link"] == '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Vary"] == "Accept, Prefer"
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')


def test_a_container_has_the_protocols_headers(client):
    response, _ = get_json(client, collection_url(public_quote(make_source()).revision.source))
    links = [link.strip() for link in response["Link"].split(",")]
    assert '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"' in links
    constrained = '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
    assert constrained in links
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Vary"] == "Accept, Prefer"
    assert response.has_header("ETag")


def test_an_unchanged_annotation_is_not_sent_again_and_a_changed_one_is(client):
    quote = public_quote(make_source())
    for url in (annotation_url(quote), collection_url(quote.revision.source)):
        first, _ = get_json(client, url)
        again = client.get(url, HTTP_ACCEPT=ANNO_TYPE, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content

    claim = quote.appearance.claim
    claim.text = "A corrected wording."
    claim.save()
    response = client.get(annotation_url(quote), HTTP_ACCEPT=ANNO_TYPE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert json.loads(response.content)["body"][0]["value"] == "A corrected wording."


def test_plain_json_has_its_own_etag(client):
    url = annotation_url(public_quote(make_source()))
    as_ld, _ = get_json(client, url)
    as_json, _ = get_json(client, url, accept="application/json")
    assert as_ld["ETag"] != as_json["ETag"]
    assert as_ld.content == as_json.content


def test_head_options_and_writes(client):
    quote = public_quote(make_source())
    for url in (annotation_url(quote), collection_url(quote.revision.source)):
        head = client.head(url, HTTP_ACCEPT=ANNO_TYPE)
        assert head.status_code == 200 and head["Content-Type"] == ANNO_TYPE and head.has_header("ETag")
        options = client.options(url)
        assert options.status_code == 204
        assert options["Allow"] == "GET, HEAD, OPTIONS"
        assert 'rel="type"' in options["Link"]
        for write in (client.post, client.put, client.delete):
            refused = write(url)
            assert refused.status_code == 405
            assert refused["Allow"] == "GET, HEAD, OPTIONS"


# --- The container and its pages --------------------------------------------------------


@pytest.fixture
def six_quotes(monkeypatch):
    """A source with six public quotes, two to a page: three pages."""
    monkeypatch.setattr(anno, "PER_PAGE", 2)
    source = make_source()
    return source, [public_quote(source, exact=words) for words in WORDS]


def test_the_container_counts_its_annotations_and_embeds_the_first_page(client, six_quotes):
    source, quotes = six_quotes
    _, collection = get_json(client, collection_url(source))
    check_collection(collection)
    base = f"http://testserver{collection_url(source)}"
    assert collection["id"] == base
    assert collection["total"] == 6
    assert collection["last"] == f"{base}?page=2"
    first = collection["first"]
    check_page(first, collection_id=base, total=6, embedded=True)
    assert first["id"] == f"{base}?page=0"
    assert first["next"] == f"{base}?page=1"
    assert "prev" not in first
    assert len(first["items"]) == 2


def test_the_pages_link_up_and_hold_every_annotation_once(client, six_quotes):
    source, quotes = six_quotes
    base = f"http://testserver{collection_url(source)}"
    url, seen, previous, index = f"{base}?page=0", [], None, 0
    while url:
        _, page = get_json(client, url.removeprefix("http://testserver"))
        check_page(page, collection_id=base, total=6)
        assert page["id"] == url
        assert page["startIndex"] == index
        assert page.get("prev") == previous
        seen.extend(item["id"] for item in page["items"])
        index += len(page["items"])
        previous, url = url, page.get("next")
    assert previous == f"{base}?page=2"
    in_order = sorted(quotes, key=lambda quote: quote.pk)
    assert seen == [f"http://testserver{annotation_url(quote)}" for quote in in_order]


@pytest.mark.parametrize("page", ["3", "-1", "one", "١", "99999999999"])
def test_a_page_that_is_not_there_is_404(client, six_quotes, page):
    source, _ = six_quotes
    assert client.get(collection_url(source), {"page": page}, HTTP_ACCEPT=ANNO_TYPE).status_code == 404


def test_prefer_contained_iris(client, six_quotes):
    source, quotes = six_quotes
    base = f"http://testserver{collection_url(source)}"
    prefer = 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"'
    response, collection = get_json(client, collection_url(source), HTTP_PREFER=prefer)
    assert response["Preference-Applied"] == "return=representation"
    check_collection(collection)
    assert collection["id"] == f"{base}?iris=1"
    assert collection["first"]["items"] == [f"http://testserver{annotation_url(q)}" for q in quotes[:2]]
    assert collection["first"]["next"] == f"{base}?iris=1&page=1"
    assert collection["last"] == f"{base}?iris=1&page=2"

    _, page = get_json(client, collection_url(source) + "?iris=1&page=1")
    check_page(page, collection_id=f"{base}?iris=1", total=6)
    assert page["items"] == [f"http://testserver{annotation_url(q)}" for q in quotes[2:4]]


def test_prefer_minimal_container(client, six_quotes):
    source, _ = six_quotes
    base = f"http://testserver{collection_url(source)}"
    prefer = 'return=representation; include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
    response, collection = get_json(client, collection_url(source), HTTP_PREFER=prefer)
    assert response["Preference-Applied"] == "return=representation"
    assert collection["first"] == f"{base}?page=0"
    assert collection["last"] == f"{base}?page=2"
    assert collection["total"] == 6


# --- Queries -------------------------------------------------------------------------------


def queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_ACCEPT=ANNO_TYPE, **headers).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_annotations(client):
    one, many = make_source(), make_source()
    public_quote(one)
    for words in WORDS:
        quote = public_quote(many, exact=words)
        make_verdict(claim=quote.appearance.claim, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    minimal = 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
    # The source; the count and dates; the annotations and their verdicts.
    assert queries(client, collection_url(one)) == queries(client, collection_url(many)) == 4
    assert queries(client, collection_url(many) + "?page=0") == 4
    assert queries(client, collection_url(many) + "?iris=1&page=0") == 3
    assert queries(client, collection_url(many), HTTP_PREFER=minimal) == 2
    assert queries(client, annotation_url(quote)) == 2


# --- The source page links to them ---------------------------------------------------------


def test_the_public_source_page_links_its_annotations(client):
    source = make_source()
    public_quote(source)
    page = client.get(reverse("claims:source", args=[source.pk])).content.decode()
    href = collection_url(source)
    escaped = ANNO_TYPE.replace('"', "&quot;")
    assert f'<link rel="alternate" type="{escaped}"' in page
    assert f'href="{href}"' in page
    assert "these quotes as W3C Web Annotations</a>" in page
