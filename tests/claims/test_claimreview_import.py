"""Reading other fact-checkers' ClaimReviews (claims/domain/claimreview_import.py):
the shapes accepted, the report line by line, and the limits that keep a
hostile file cheap. Nothing here touches the database."""

from datetime import date

import pytest

from claims.domain.claimreview_import import MAX_BYTES, MAX_DEPTH, MAX_REVIEWS, read_claimreviews
from tests.claims.claimreviews import as_json, claim_review, data_feed, page_graph


def test_a_data_feed_from_another_fact_checker_is_read_whole():
    report = read_claimreviews(as_json(data_feed(claim_review(1), claim_review(2))).encode())
    assert report.ok, report.problems
    first, second = report.reviews
    assert first.index == 1
    assert first.review_url == "https://factcheck.example/reviews/1"
    assert first.claim_reviewed == "A Russian airstrike in northern Homs killed 36 civilians"
    assert first.organisation_name == "Fact Desk Example"
    assert first.organisation_url == "https://factcheck.example/"
    assert first.rating_text == "Unsupported"
    assert (first.rating_value, first.best_rating, first.worst_rating) == (2.0, 5.0, 1.0)
    assert first.published_on == date(2015, 10, 3)
    assert first.claim_author == "Khaled Khoja"
    assert first.claim_date == date(2015, 9, 30)
    assert first.claim_appearance_url == "https://news.example/homs"
    assert second.review_url == "https://factcheck.example/reviews/2"


def test_a_pages_graph_yields_its_reviews_and_passes_over_the_rest():
    report = read_claimreviews(as_json(page_graph(claim_review(1))))
    assert report.ok
    assert [r.review_url for r in report.reviews] == ["https://factcheck.example/reviews/1"]
    assert report.others == 2


@pytest.mark.parametrize(
    "shape",
    [
        claim_review(1),
        [claim_review(1)],
        claim_review(1, **{"@type": ["ClaimReview"]}),
        claim_review(1, **{"@type": "schema:ClaimReview"}),
        claim_review(1, **{"@type": "https://schema.org/ClaimReview"}),
        {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": claim_review(1)}]},
    ],
    ids=["one object", "a list", "a list of types", "prefixed type", "type as a URL", "item not in a list"],
)
def test_every_shape_of_one_review_is_read(shape):
    report = read_claimreviews(as_json(shape))
    assert report.ok, report.problems
    assert len(report.reviews) == 1


def test_a_rating_with_only_a_value_is_named_by_its_value_on_its_scale():
    rating = {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    (review,) = read_claimreviews(as_json(claim_review(reviewRating=rating))).reviews
    assert review.rating_text == "1 on a scale of 1 to 5"


def test_an_author_given_as_a_name_and_a_datetime_as_its_date_are_understood():
    report = read_claimreviews(
        as_json(claim_review(author="Fact Desk", datePublished="2015-10-03T10:00:00Z"))
    )
    (review,) = report.reviews
    assert review.organisation_name == "Fact Desk"
    assert review.published_on == date(2015, 10, 3)


# --- Malformed: each problem on its own line, and nothing read ------------------------------


def problems_of(value) -> list[str]:
    report = read_claimreviews(value if isinstance(value, str | bytes) else as_json(value))
    assert not report.ok
    return report.problems


def test_bad_json_says_where():
    assert problems_of('{"@type": "ClaimReview",') == [
        "The input is not valid JSON (line 1, column 25): Expecting property name enclosed in double quotes."
    ]


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("", "The input is empty."),
        (b"\xff\xfe{}", "The input is not UTF-8 text. Save it as UTF-8 and try again."),
        ("[]", "The input holds no ClaimReview."),
        ('{"x": NaN}', "The input is not valid JSON: NaN is not a number JSON allows."),
        ("[1, 2]", "The input holds no ClaimReview."),
        ({"@type": "WebPage"}, "item 1: its @type is not ClaimReview."),
        ("42", "item 1: it is a number, not a ClaimReview object."),
    ],
)
def test_input_that_is_not_claimreview_json_gets_one_line(value, line):
    assert problems_of(value) == [line]


def test_each_item_with_problems_gets_a_line_per_problem_and_the_good_ones_are_not_read():
    missing_rating = claim_review(3, reviewRating={"@type": "Rating"})
    wrong_types = claim_review(4, claimReviewed={"text": "nested"}, url=7, datePublished="3 October")
    del wrong_types["author"]
    report = read_claimreviews(
        as_json(data_feed(claim_review(1), claim_review(2), missing_rating, wrong_types))
    )
    assert not report.ok
    assert report.problems == [
        "item 3 (“A Russian airstrike in northern Homs killed 36 civilians”): "
        "reviewRating has no alternateName or ratingValue.",
        "item 4: url is a number, not text.",
        "item 4: claimReviewed is an object, not text.",
        "item 4: it has no author (the organisation that reviewed the claim).",
        "item 4: datePublished is not a date (YYYY-MM-DD).",
    ]


def test_the_same_review_twice_in_one_input_is_a_problem():
    assert problems_of([claim_review(1), claim_review(1)]) == [
        "item 2 (“A Russian airstrike in northern Homs killed 36 civilians”): the same url as item 1."
    ]


# --- Hostile -------------------------------------------------------------------------------


def test_an_input_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr("claims.domain.claimreview_import.json.loads", never)
    big = b" " * (MAX_BYTES + 1)
    assert problems_of(big) == [
        f"The input is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB)."
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 500_000])
def test_deep_nesting_is_refused(depth):
    deep = "[" * depth + "]" * depth
    assert problems_of(deep) == [
        f"The JSON nests arrays and objects more than {MAX_DEPTH} deep; a ClaimReview needs 5."
    ]


def test_a_review_as_deep_as_the_limit_allows_is_read():
    review = claim_review(1)
    nested = {"x": 1}
    for _ in range(MAX_DEPTH - 3):  # the list, the review, then these
        nested = {"x": nested}
    review["extra"] = nested
    assert read_claimreviews(as_json([review])).ok


def test_too_many_reviews_are_refused():
    feed = [claim_review(n) for n in range(MAX_REVIEWS + 1)]
    assert problems_of(feed) == [
        f"The input holds {MAX_REVIEWS + 1:,} reviews; the limit is {MAX_REVIEWS} at a time."
    ]


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>",
        "//evil.example/",
        "vbscript:x",
        "ftp://x.example/",
    ],
)
def test_only_web_addresses_are_kept(address):
    review = claim_review(1, url=address)
    review["author"]["url"] = address
    review["itemReviewed"]["appearance"][0]["url"] = address
    problems = problems_of([review])
    assert [p.split(": ", 1)[1] for p in problems] == [
        "url is not an http:// or https:// address.",
        "author's url is not an http:// or https:// address.",
        "itemReviewed's appearance's url is not an http:// or https:// address.",
    ]


def test_huge_strings_are_refused_with_their_length():
    review = claim_review(1, claimReviewed="x" * 100_000, headline="y" * 501)
    review["author"]["name"] = "z" * 201
    problems = problems_of([review])
    assert [p.split(": ", 1)[1] for p in problems] == [
        "claimReviewed is 100,000 characters long; the limit is 5,000.",
        "author's name is 201 characters long; the limit is 200.",
        "headline is 501 characters long; the limit is 500.",
    ]
    assert problems[0].startswith("item 1 (“" + "x" * 60 + "…”)")


def test_nul_characters_and_absurd_numbers_are_refused():
    review = claim_review(1, claimReviewed="nul\x00here")
    review["reviewRating"] = {"ratingValue": "1e400", "alternateName": "x"}
    assert [p.split(": ", 1)[1] for p in problems_of([review])] == [
        "claimReviewed contains a NUL character.",
        "reviewRating's ratingValue is not a number.",
    ]
    assert problems_of("[" + "9" * 5000 + "]")[0].startswith("The input is not valid JSON")


def test_html_in_strings_is_kept_as_text():
    (review,) = read_claimreviews(as_json(claim_review(claimReviewed="<script>alert(1)</script>"))).reviews
    assert review.claim_reviewed == "<script>alert(1)</script>"
