"""Other fact-checkers' ClaimReview markup for the import tests: a DataFeed
as Google's Fact Check Markup Tool exports it, and a page's JSON-LD."""

import copy
import json
from typing import Any


def claim_review(n: int = 1, **overrides: Any) -> dict[str, Any]:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "datePublished": "2015-10-03",
        "url": f"https://factcheck.example/reviews/{n}",
        "claimReviewed": "A Russian airstrike in northern Homs killed 36 civilians",
        "author": {"@type": "Organization", "name": "Fact Desk Example", "url": "https://factcheck.example/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": "2",
            "bestRating": "5",
            "worstRating": "1",
            "alternateName": "Unsupported",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Khaled Khoja"},
            "datePublished": "2015-09-30",
            "appearance": [{"@type": "CreativeWork", "url": "https://news.example/homs"}],
        },
    }
    review.update(overrides)
    return review


def data_feed(*reviews: dict[str, Any]) -> dict[str, Any]:
    """The shape of Google's Fact Check Markup Tool's feed."""
    return {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@context": "http://schema.org",
                "@type": "DataFeedItem",
                "dateCreated": "2015-10-03T08:01:34.012Z",
                "item": [copy.deepcopy(review)],
            }
            for review in reviews
        ],
    }


def page_graph(*reviews: dict[str, Any]) -> dict[str, Any]:
    """A fact-check page's JSON-LD, as Yoast and similar plugins write it."""
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://factcheck.example/reviews/1#webpage"},
            {"@type": "Organization", "name": "Fact Desk Example"},
            *reviews,
        ],
    }


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
