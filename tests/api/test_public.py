"""The public API as a reader's tool meets it: each endpoint, the filters and
search, paging with cursors, nothing unpublished ever, JSON errors, ETags,
and query counts that do not grow with the number of items."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from claims.api.pagination import MAX_LIMIT
from claims.models import ClaimRelation, Evidence, Verdict
from sources.models import Capture
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
LATER = datetime(2015, 10, 5, 9, 0, tzinfo=UTC)


def published_claim(**overrides):
    overrides.setdefault("published_at", PUBLISHED)
    return make_claim(**overrides)


def api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


def get_json(client, url: str, status: int = 200, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


# --- Claims ----------------------------------------------------------------------------


def test_claims_list_shows_published_claims_newest_first_with_speaker_dispute_and_verdict(client):
    dispute = make_dispute(published_at=PUBLISHED, question="Did the strikes kill civilians?")
    older = published_claim(claimed_on=date(2015, 9, 30), dispute=dispute, dispute_stance="affirms")
    newer = published_claim(claimed_on=date(2015, 10, 1), speaker=make_speaker(name="Sergei Lavrov"))
    undated = published_claim()
    make_verdict(claim=older, state=Verdict.State.APPROVED, decided_at=PUBLISHED)

    page = get_json(client, api("claims"))

    assert ids(page) == [newer.pk, older.pk, undated.pk]
    assert page["next"] is None
    first, second = page["items"][0], page["items"][1]
    assert first["speaker"]["name"] == "Sergei Lavrov"
    assert first["speaker"]["api_url"] == f"http://testserver{api('speaker', slug=newer.speaker.slug)}"
    assert first["page_url"] == f"http://testserver{newer.get_absolute_url()}"
    assert first["verdict"] is None and first["dispute"] is None
    assert second["dispute"]["question"] == "Did the strikes kill civilians?"
    assert second["dispute_stance"] == "affirms"
    assert second["verdict"]["rating"] == {"slug": "false", "label": "False", "rating_value": 1}


def test_claim_shows_its_quotes_with_their_source_and_w3c_selectors(client):
    source = make_source(title="Russia airstrike on Homs", outlet="Middle East Eye", language="en")
    claim = published_claim(text="36 civilians were killed.", speaker_role="head of the coalition")
    quote = make_quote(revision=source.current_revision(), exact="36 civilians")
    make_appearance(claim=claim, quote=quote)

    body = get_json(client, api("claim", id=claim.pk))

    assert body["text"] == "36 civilians were killed."
    assert body["speaker_role"] == "head of the coalition"
    [appearance] = body["appearances"]
    assert appearance["exact"] == "36 civilians"
    assert appearance["revision"] == 1
    assert appearance["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": "36 civilians",
            "prefix": quote.prefix,
            "suffix": quote.suffix,
        },
        {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
    ]
    assert appearance["source"]["title"] == "Russia airstrike on Homs"
    assert appearance["source"]["outlet"] == "Middle East Eye"
    assert appearance["source"]["api_url"].endswith(api("source", id=source.pk))


def test_claim_shows_relations_from_both_ends_with_the_other_claims_verdicts(client):
    claim = published_claim()
    denial = published_claim(text="Completely untrue.")
    supported = published_claim(text="The strikes hit civilians.")
    make_relation(from_claim=denial, to_claim=claim, kind=ClaimRelation.Kind.CONTRADICTS, note="A denial")
    make_relation(from_claim=claim, to_claim=supported, kind=ClaimRelation.Kind.SUPPORTS)
    make_verdict(claim=denial, state=Verdict.State.APPROVED, decided_at=PUBLISHED)

    relations = get_json(client, api("claim", id=claim.pk))["relations"]

    assert [(r["direction"], r["kind"], r["label"], r["claim"]["id"]) for r in relations] == [
        ("outgoing", "supports", "supports", supported.pk),
        ("incoming", "contradicts", "contradicted by", denial.pk),
    ]
    assert relations[1]["note"] == "A denial"
    assert relations[1]["claim"]["verdict"]["rating"]["slug"] == "false"


def test_claim_shows_evidence_and_figures(client):
    claim = published_claim()
    make_evidence(
        claim=claim,
        title="Satellite images",
        stance=Evidence.Stance.REFUTES,
        kind=Evidence.Kind.SATELLITE,
        reliability="B",
        url="https://example.org/images",
        description="<p>Craters <script>x</script>near homes</p>",
    )
    make_figure(claim=claim, counted="civilians killed", qualifier="at_least", unit="people")
    make_figure(claim=claim, counted="children killed", value=None, minimum=3, maximum=5)

    body = get_json(client, api("claim", id=claim.pk))

    [evidence] = body["evidence"]
    assert evidence["title"] == "Satellite images"
    assert (evidence["stance"], evidence["kind"], evidence["reliability"]) == ("refutes", "satellite", "B")
    assert evidence["description_html"] == "<p>Craters near homes</p>"
    assert evidence["url"] == "https://example.org/images"
    children, civilians = body["figures"]
    assert civilians["value"] == "36" and civilians["display"] == "at least 36 people"
    assert (children["value"], children["minimum"], children["maximum"]) == (None, "3", "5")


def test_claim_shows_its_current_verdict_and_the_verdicts_it_superseded(client):
    claim = published_claim()
    make_verdict(
        claim=claim,
        state=Verdict.State.SUPERSEDED,
        rating=default_rating(slug="half-true"),
        rationale="<p>Earlier.</p>",
        decided_at=PUBLISHED,
        superseded_at=LATER,
    )
    make_verdict(claim=claim, state=Verdict.State.APPROVED, rationale="<p>Now.</p>", decided_at=LATER)

    body = get_json(client, api("claim", id=claim.pk))

    assert body["verdict"]["rating"]["slug"] == "false"
    assert body["verdict"]["rationale_html"] == "<p>Now.</p>"
    [earlier] = body["verdict_history"]
    assert earlier["rating"]["slug"] == "half-true"
    assert earlier["rationale_html"] == "<p>Earlier.</p>"
    assert earlier["superseded_at"] == "2015-10-05T09:00:00Z"


@pytest.mark.parametrize(
    "state", [Verdict.State.DRAFT, Verdict.State.SUBMITTED, Verdict.State.REJECTED], ids=str
)
def test_a_verdict_not_approved_is_shown_nowhere(client, state):
    claim = published_claim()
    make_verdict(claim=claim, state=state, rationale="<p>Not public.</p>")

    body = get_json(client, api("claim", id=claim.pk))
    listed = get_json(client, api("claims"))["items"][0]
    speaker = get_json(client, api("speaker", slug=claim.speaker.slug))

    assert body["verdict"] is None and body["verdict_history"] == []
    assert listed["verdict"] is None
    assert speaker["unrated"] == 1 and all(row["count"] == 0 for row in speaker["track_record"])
    assert client.get(api("claims"), {"rating": "false"}).json()["items"] == []


# --- What readers may not see, everywhere ------------------------------------------------------

NOT_PUBLIC = [
    pytest.param({"published_at": None}, id="unpublished"),
    pytest.param({"published_at": PUBLISHED, "withdrawn_at": LATER}, id="withdrawn"),
]


@pytest.mark.parametrize("overrides", NOT_PUBLIC)
def test_a_claim_readers_may_not_see_is_404_and_appears_nowhere(client, overrides):
    dispute = make_dispute(published_at=PUBLISHED)
    source = make_source()
    public = published_claim(dispute=dispute, dispute_stance="affirms")
    make_appearance(claim=public, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    hidden = make_claim(text="Hidden wording", dispute=dispute, dispute_stance="denies", **overrides)
    make_appearance(claim=hidden, quote=make_quote(revision=source.current_revision(), exact="The army"))
    make_figure(claim=hidden)
    make_relation(from_claim=hidden, to_claim=public)

    assert get_json(client, api("claim", id=hidden.pk), status=404) == {"detail": "Not found."}
    assert hidden.pk not in ids(get_json(client, api("claims")))
    assert get_json(client, api("claims"), q="Hidden")["items"] == []
    assert get_json(client, api("claim", id=public.pk))["relations"] == []
    dispute_body = get_json(client, api("dispute", slug=dispute.slug))
    assert [c["id"] for answer in dispute_body["answers"] for c in answer["claims"]] == [public.pk]
    assert dispute_body["figures"] == []
    assert [q["claim"]["id"] for q in get_json(client, api("source", id=source.pk))["quotes"]] == [public.pk]
    # Its speaker has no public claim: not a public speaker.
    get_json(client, api("speaker", slug=hidden.speaker.slug), status=404)
    assert hidden.speaker.slug not in [s["slug"] for s in get_json(client, api("speakers"))["items"]]
    get_json(client, api("claims"), status=422, speaker=hidden.speaker.slug)


@pytest.mark.parametrize("overrides", NOT_PUBLIC)
def test_a_source_quoted_only_by_claims_readers_may_not_see_is_404(client, overrides):
    source = make_source()
    make_appearance(claim=make_claim(**overrides), quote=make_quote(revision=source.current_revision()))
    assert get_json(client, api("source", id=source.pk), status=404) == {"detail": "Not found."}


def test_an_unpublished_dispute_is_404_listed_nowhere_and_not_named_by_its_claims(client):
    dispute = make_dispute(question="Secret question?")
    claim = published_claim(dispute=dispute, dispute_stance="affirms")

    assert get_json(client, api("dispute", slug=dispute.slug), status=404) == {"detail": "Not found."}
    assert get_json(client, api("disputes"))["items"] == []
    assert get_json(client, api("claim", id=claim.pk))["dispute"] is None
    assert get_json(client, api("claims"))["items"][0]["dispute"] is None
    errors = get_json(client, api("claims"), status=422, dispute=dispute.slug)["errors"]
    assert list(errors) == ["dispute"]


def test_withdrawn_relations_and_evidence_are_not_shown(client):
    claim = published_claim()
    make_relation(from_claim=claim, to_claim=published_claim(), withdrawn_at=LATER)
    make_evidence(claim=claim, withdrawn_at=LATER)
    body = get_json(client, api("claim", id=claim.pk))
    assert body["relations"] == [] and body["evidence"] == []


# --- Filters and search ----------------------------------------------------------------------


def test_claims_filter_by_rating_and_by_not_rated_yet(client):
    false = published_claim()
    true = published_claim()
    unrated = published_claim()
    make_verdict(claim=false, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    make_verdict(
        claim=true, rating=default_rating(slug="true"), state=Verdict.State.APPROVED, decided_at=PUBLISHED
    )
    assert ids(get_json(client, api("claims"), rating="false")) == [false.pk]
    assert ids(get_json(client, api("claims"), rating="unrated")) == [unrated.pk]


def test_claims_filter_by_speaker_dispute_and_language(client):
    lavrov = make_speaker(name="Sergei Lavrov")
    dispute = make_dispute(published_at=PUBLISHED)
    by_lavrov = published_claim(speaker=lavrov)
    in_dispute = published_claim(dispute=dispute)
    in_arabic = published_claim()
    arabic = make_source(text="قال الوزير إن 36 مدنيا قتلوا", language="ar")
    make_appearance(claim=in_arabic, quote=make_quote(revision=arabic.current_revision(), exact="36 مدنيا"))

    assert ids(get_json(client, api("claims"), speaker=lavrov.slug)) == [by_lavrov.pk]
    assert ids(get_json(client, api("claims"), dispute=dispute.slug)) == [in_dispute.pk]
    assert ids(get_json(client, api("claims"), language="ar")) == [in_arabic.pk]


def test_claims_filter_by_date_range(client):
    published_claim(claimed_on=date(2015, 9, 29))
    inside = published_claim(claimed_on=date(2015, 9, 30))
    published_claim(claimed_on=date(2015, 10, 2))
    page = get_json(client, api("claims"), date_from="2015-09-30", date_to="2015-10-01")
    assert ids(page) == [inside.pk]


def test_claims_search_finds_every_word_in_wording_quotes_and_speaker_names(client):
    by_wording = published_claim(text="Russian strikes killed civilians in Homs")
    by_quote = published_claim(text="Something else")
    make_appearance(claim=by_quote, quote=make_quote(exact="36 civilians were killed"))
    by_name = published_claim(speaker=make_speaker(name="Khaled Khoja"), text="Unrelated")
    published_claim(text="Nothing to see")

    assert set(ids(get_json(client, api("claims"), q="civil"))) == {by_wording.pk, by_quote.pk}
    assert ids(get_json(client, api("claims"), q="civilians homs")) == [by_wording.pk]
    assert ids(get_json(client, api("claims"), q="khoja")) == [by_name.pk]


def test_a_filter_that_names_nothing_public_is_a_422_with_the_fields_message(client):
    body = get_json(client, api("claims"), status=422, rating="no-such-rating")
    assert body["detail"]
    assert body["errors"] == {
        "rating": ["There is no such rating among the published claims; choose one from the list."]
    }


def test_an_empty_date_range_is_a_422_on_the_second_date(client):
    body = get_json(client, api("claims"), status=422, date_from="2015-10-02", date_to="2015-10-01")
    assert list(body["errors"]) == ["date_to"]


# --- Disputes, speakers, sources ------------------------------------------------------------------


def test_disputes_list_the_published_ones_newest_first(client):
    older = make_dispute(published_at=PUBLISHED, date=date(2015, 9, 1))
    newer = make_dispute(published_at=PUBLISHED, date=date(2015, 9, 30))
    make_dispute()  # unpublished
    page = get_json(client, api("disputes"))
    assert [d["slug"] for d in page["items"]] == [newer.slug, older.slug]
    assert page["items"][0]["claims_url"].endswith(f"{api('claims')}?dispute={newer.slug}")


def test_dispute_shows_its_claims_by_answer_and_their_figures_compared(client):
    dispute = make_dispute(published_at=PUBLISHED, question="Did the strikes kill civilians?")
    source = make_source()
    says_yes = published_claim(dispute=dispute, dispute_stance="affirms")
    quote = make_quote(revision=source.current_revision(), exact="36 civilians")
    make_appearance(claim=says_yes, quote=quote)
    make_figure(claim=says_yes, counted="civilians killed", quote=quote)
    says_no = published_claim(dispute=dispute, dispute_stance="denies")
    make_appearance(
        claim=says_no, quote=make_quote(revision=source.current_revision(), exact="The army denied")
    )

    body = get_json(client, api("dispute", slug=dispute.slug))

    assert body["question"] == "Did the strikes kill civilians?"
    answers = {answer["stance"]: [c["id"] for c in answer["claims"]] for answer in body["answers"]}
    assert answers == {"affirms": [says_yes.pk], "denies": [says_no.pk], "other": []}
    [quantity] = body["figures"]
    assert quantity["counted"] == "civilians killed"
    yes_row, no_row = quantity["rows"]
    assert (yes_row["claim"]["id"], yes_row["value"], yes_row["figure"]["value"]) == (says_yes.pk, "36", "36")
    assert yes_row["quote"]["exact"] == "36 civilians"
    assert yes_row["quote"]["source"]["api_url"].endswith(api("source", id=source.pk))
    assert (no_row["claim"]["id"], no_row["figure"]) == (says_no.pk, None)
    assert no_row["quote"]["is_claims_quote"] is True


def test_speakers_list_those_with_public_claims_by_name(client):
    published_claim(speaker=make_speaker(name="Vladimir Putin"))
    published_claim(speaker=make_speaker(name="Khaled Khoja"))
    make_claim(speaker=make_speaker(name="Unpublished Speaker"))
    assert [s["name"] for s in get_json(client, api("speakers"))["items"]] == [
        "Khaled Khoja",
        "Vladimir Putin",
    ]


def test_speaker_shows_who_they_are_and_their_track_record(client):
    speaker = make_speaker(
        name="Sergei Lavrov",
        aliases=["Сергей Лавров"],
        description="Russian Foreign Minister",
        wikidata_id="Q83130",
    )
    for _ in range(2):
        make_verdict(
            claim=published_claim(speaker=speaker), state=Verdict.State.APPROVED, decided_at=PUBLISHED
        )
    published_claim(speaker=speaker)

    body = get_json(client, api("speaker", slug=speaker.slug))

    assert (body["name"], body["aliases"], body["wikidata_id"]) == (
        "Sergei Lavrov",
        ["Сергей Лавров"],
        "Q83130",
    )
    assert body["description"] == "Russian Foreign Minister"
    counts = {row["rating"]["slug"]: row["count"] for row in body["track_record"]}
    assert counts["false"] == 2 and counts["true"] == 0
    assert body["unrated"] == 1
    assert body["claims_url"].endswith(f"{api('claims')}?speaker={speaker.slug}")


def test_source_shows_its_metadata_text_and_the_quotes_of_public_claims(client):
    source = make_source(title="Homs", outlet="MEE", authors="Ann One, Bob Two", url="https://example.org/a")
    claim = published_claim()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))

    body = get_json(client, api("source", id=source.pk))

    revision = source.current_revision()
    assert (body["title"], body["outlet"], body["url"]) == ("Homs", "MEE", "https://example.org/a")
    assert body["authors"] == ["Ann One", "Bob Two"]
    assert body["text"] == revision.text
    assert body["revision"]["sha256"] == hashlib.sha256(revision.text.encode()).hexdigest()
    assert body["capture"] is None
    [quote] = body["quotes"]
    assert quote["exact"] == "36 civilians" and quote["claim"]["id"] == claim.pk


def test_a_captured_source_gives_its_capture_date_and_the_sha256_of_the_bytes_read(client):
    source = make_source()
    make_appearance(claim=published_claim(), quote=make_quote(revision=source.current_revision()))
    digest = "ab" * 32
    Capture.objects.create(
        source=source,
        url="https://example.org/a",
        final_url="https://example.org/a",
        content_type="text/html",
        captured_at=PUBLISHED,
        archive_name="captures/a.warc.gz",
        sha256=digest,
    )

    capture = get_json(client, api("source", id=source.pk))["capture"]

    assert capture["sha256"] == digest
    assert capture["captured_at"] == "2015-10-02T09:00:00Z"
    assert capture["first_captured_at"] == capture["last_checked_at"] == "2015-10-02T09:00:00Z"
    assert capture["gone"] is False


# --- Paging -------------------------------------------------------------------------------------


def walk(client, url: str, **params) -> tuple[list[int], int]:
    """Every item's id, following ``next`` from the first page; and the number of pages."""
    found, pages = [], 0
    page = get_json(client, url, **params)
    while True:
        found += [item.get("id", item.get("slug")) for item in page["items"]]
        pages += 1
        if page["next"] is None:
            return found, pages
        page = get_json(client, page["next"])


def test_claims_page_through_every_claim_once_in_order_with_undated_ones_last(client):
    dated = [published_claim(claimed_on=date(2015, 9, day)) for day in range(1, 26)]
    undated = [published_claim() for _ in range(20)]

    found, pages = walk(client, api("claims"), limit=20)

    expected = [c.pk for c in reversed(dated)] + [c.pk for c in reversed(undated)]
    assert found == expected
    assert pages == 3
    assert len(get_json(client, api("claims"))["items"]) == 20  # the default limit


def test_paging_neither_repeats_nor_skips_when_a_claim_is_published_meanwhile(client):
    claims = [published_claim(claimed_on=date(2015, 9, day)) for day in range(1, 6)]
    first = get_json(client, api("claims"), limit=2)
    published_claim(claimed_on=date(2015, 9, 30))  # newest: belongs before the first page
    rest, _ = walk(client, first["next"])
    assert ids(first) + rest == [c.pk for c in reversed(claims)]


def test_next_keeps_the_filters(client):
    speaker = make_speaker()
    mine = [published_claim(speaker=speaker, claimed_on=date(2015, 9, day)) for day in range(1, 4)]
    published_claim()
    first = get_json(client, api("claims"), limit=2, speaker=speaker.slug)
    assert parse_qs(urlsplit(first["next"]).query)["speaker"] == [speaker.slug]
    found, _ = walk(client, api("claims"), limit=2, speaker=speaker.slug)
    assert found == [c.pk for c in reversed(mine)]


@pytest.mark.parametrize(("name", "make"), [("disputes", "dispute"), ("speakers", "speaker")])
def test_disputes_and_speakers_page_with_cursors_too(client, name, make):
    if make == "dispute":
        made = [make_dispute(published_at=PUBLISHED, date=date(2015, 9, day)).slug for day in range(1, 6)]
        made.reverse()
    else:
        made = [published_claim(speaker=make_speaker(name=f"Speaker {n:02}")).speaker.slug for n in range(5)]
    items, pages = [], 0
    page = get_json(client, api(name), limit=2)
    while True:
        items += [item["slug"] for item in page["items"]]
        pages += 1
        if not page["next"]:
            break
        page = get_json(client, page["next"])
    assert items == made and pages == 3


def cursor_of(client, name: str) -> str:
    return parse_qs(urlsplit(get_json(client, api(name), limit=1)["next"]).query)["cursor"][0]


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("not-a-cursor", id="garbage"),
        pytest.param("W251bGwsMl0:forged-signature", id="forged"),
        pytest.param("é" * 40, id="non-ascii"),
    ],
)
def test_a_bad_cursor_is_a_400_with_a_message_for_the_cursor(client, cursor):
    body = get_json(client, api("claims"), status=400, cursor=cursor)
    assert list(body["errors"]) == ["cursor"]
    assert body["detail"]


def test_a_cursor_altered_or_made_for_another_list_is_a_400(client):
    published_claim()
    published_claim()
    make_dispute(published_at=PUBLISHED)
    make_dispute(published_at=PUBLISHED)
    claims_cursor = cursor_of(client, "claims")
    get_json(client, api("disputes"), status=400, cursor=claims_cursor)
    altered = claims_cursor[:-1] + ("A" if claims_cursor[-1] != "A" else "B")
    get_json(client, api("claims"), status=400, cursor=altered)


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1, "many"])
def test_a_limit_out_of_range_is_a_422(client, limit):
    assert list(get_json(client, api("claims"), status=422, limit=limit)["errors"]) == ["limit"]


# --- Errors -------------------------------------------------------------------------------------


def test_validation_errors_are_json_with_a_message_per_field(client):
    body = get_json(client, api("claims"), status=422, date_from="yesterday", limit=500)
    assert body["detail"] == "The request is not valid; see the message for each field."
    assert set(body["errors"]) == {"date_from", "limit"}
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda: api("claim", id=987654), id="no-such-claim"),
        pytest.param(lambda: api("speaker", slug="nobody"), id="no-such-speaker"),
        pytest.param(lambda: api("dispute", slug="nothing"), id="no-such-dispute"),
        pytest.param(lambda: api("source", id=987654), id="no-such-source"),
        pytest.param(lambda: "/api/v1/no/such/address/", id="no-such-address"),
    ],
)
def test_not_found_is_json_never_an_html_page(client, url):
    response = client.get(url())
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


def test_an_address_without_its_final_slash_is_sent_on_to_it(client):
    response = client.get("/api/v1/claims?limit=2")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/claims/?limit=2"


def test_an_id_beyond_64_bits_is_a_422_not_a_database_error(client):
    assert list(get_json(client, f"/api/v1/claims/{2**64}/", status=422)["errors"]) == ["id"]


def test_a_method_an_address_does_not_take_is_a_json_405(client):
    response = client.post(api("claims"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "This address does not take that method."}


def test_a_server_error_is_json_with_the_request_id(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("claims.api.public.matching", broken)
    response = client.get(api("claims"), headers={"X-Request-ID": "report-me-1234"})
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong on our side. If you report it, quote the request id report-me-1234."
    }


# --- ETag and caching -----------------------------------------------------------------------------


def test_every_answer_has_a_strong_etag_of_its_body_and_public_no_cache(client):
    published_claim()
    response = client.get(api("claims"))
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert response["Cache-Control"] == "public, no-cache"
    not_found = client.get(api("claim", id=987654))
    assert not_found["ETag"] == f'"{hashlib.sha256(not_found.content).hexdigest()}"'


def test_if_none_match_with_the_etag_is_a_304_without_a_body(client):
    claim = published_claim()
    url = api("claim", id=claim.pk)
    etag = client.get(url)["ETag"]

    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(url, headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response["ETag"] == etag
        assert response["Cache-Control"] == "public, no-cache"


def test_a_change_gives_a_new_etag_and_the_new_body(client):
    claim = published_claim(text="Before")
    url = api("claim", id=claim.pk)
    etag = client.get(url)["ETag"]
    claim.text = "After"
    claim.save()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["text"] == "After"
    assert response["ETag"] != etag


def test_an_unchanged_page_of_a_list_keeps_its_etag(client):
    for _ in range(3):
        published_claim()
    first = client.get(api("claims"), {"limit": 1})
    again = client.get(api("claims"), {"limit": 1}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_an_error_is_never_a_304(client):
    url = api("claim", id=987654)
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404


def test_a_request_with_credentials_is_cached_privately(client):
    published_claim()
    response = client.get(api("claims"), headers={"Authorization": "Bearer something"})
    assert response["Cache-Control"] == "private, no-cache"


# --- Query counts -----------------------------------------------------------------------------------


def rich_claim(*, dispute=None, speaker=None, source=None):
    """A public claim with a bit of everything its answers show."""
    claim = published_claim(
        dispute=dispute, dispute_stance="affirms" if dispute else "", speaker=speaker or make_speaker()
    )
    source = source or make_source()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    make_figure(claim=claim)
    return claim


def grow(n: int) -> dict:
    """One claim, dispute, speaker and source, with ``n`` of everything around each."""
    dispute = make_dispute(published_at=PUBLISHED)
    speaker = make_speaker()
    source = make_source()
    claim = rich_claim(dispute=dispute, speaker=speaker, source=source)
    for number in range(n):
        other = rich_claim(dispute=dispute, speaker=speaker, source=source)
        make_relation(from_claim=claim, to_claim=other)
        make_relation(from_claim=rich_claim(), to_claim=claim, kind=ClaimRelation.Kind.SUPPORTS)
        make_evidence(claim=claim, source=source)
        make_figure(claim=claim, counted=f"thing {number}")
        make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="The army"))
    return {"claim": claim, "dispute": dispute, "speaker": speaker, "source": source}


# The queries each endpoint runs, whatever the number of items: the numbers are
# the reads the docstrings of claims/api/public.py's views name.
QUERIES = {
    # the filters' choices (5), one page of claims, their verdicts
    "claims": 7,
    # the claim, its appearances, verdicts, relations both ways with their verdicts (4), evidence, figures
    "claim": 9,
    "disputes": 1,
    # the dispute, its claims, their figures, appearances and verdicts
    "dispute": 5,
    "speakers": 1,
    # the speaker, their claims, their verdicts, the ratings of the scale
    "speaker": 4,
    # the source, its newest revision, the quotes of public claims and their verdicts, its captures
    "source": 5,
}


def url_of(name: str, world: dict) -> str:
    if name == "claim":
        return api("claim", id=world["claim"].pk)
    if name in ("dispute", "speaker"):
        return api(name, slug=world[name].slug)
    if name == "source":
        return api("source", id=world["source"].pk)
    return api(name)


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("n", [1, 6])
def test_query_counts_do_not_grow_with_the_number_of_items(client, django_assert_num_queries, name, n):
    world = grow(n)
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url_of(name, world))
    assert response.status_code == 200


def test_a_search_runs_the_same_queries_as_a_list(client, django_assert_num_queries):
    for _ in range(5):
        rich_claim()
    with django_assert_num_queries(QUERIES["claims"]):
        assert len(client.get(api("claims"), {"q": "civilians"}).json()["items"]) == 5
