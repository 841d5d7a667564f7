"""Reading other fact-checkers' ClaimReview markup, bounded and line by line.

An editor gives a ClaimReview ``DataFeed`` (the shape Google's Fact Check
Markup Tool exports), or a page's JSON-LD: one ClaimReview, a list of them,
or an ``@graph`` holding them among other things (the page, the
organisation). ``read_claimreviews`` turns it into plain ``Review`` values
and a report of every problem, one line per problem naming the item, and
touches neither the database nor the network: the URLs in it are text to
store, never fetched.

The input is somebody else's file, so every dimension is bounded before it
can cost anything: its size before it is parsed, its nesting depth before
the parser recurses, the number of reviews, and the length of every string
kept. Any problem refuses the whole input (``Report.ok`` is false): an import
is all or nothing, so that the editor fixes the file and reads it again
rather than wondering which half went in.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from sources.validators import validate_http_url

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
MAX_REVIEWS = 500
# The lengths of the columns the values go to (claims.models.external).
MAX_URL = 2000
MAX_NAME = 200
MAX_HEADLINE = 500
# A claim here is at most 2,000 characters (claims.workspace.limits); theirs
# may be a little wordier.
MAX_CLAIM_REVIEWED = 5000
# How much of an item's claim its report line quotes.
QUOTED = 60

TOO_DEEP = object()
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Review:
    """One valid review, as plain values ready for ``ExternalFactCheck``."""

    index: int
    review_url: str
    claim_reviewed: str
    organisation_name: str
    rating_text: str
    organisation_url: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    headline: str = ""
    published_on: date | None = None
    claim_author: str = ""
    claim_appearance_url: str = ""
    claim_date: date | None = None


@dataclass
class Report:
    reviews: list[Review] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Objects in the input that are not ClaimReviews (a page's WebPage, its
    # Organization), passed over.
    others: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.reviews)


class Invalid(Exception):
    """A value of one review that cannot be kept; the message says which.
    ``problems`` lists them all when there are several."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


# --- The whole input ---------------------------------------------------------------------


def nesting_depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed JSON value, counted
    without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes | str) -> Any:
    """The JSON value of ``data``, within the limits; ``Invalid`` otherwise."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise Invalid(f"The input is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB).")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Invalid("The input is not UTF-8 text. Save it as UTF-8 and try again.") from None
    if not data.strip():
        raise Invalid("The input is empty.")
    try:
        # The parser gives up past about a thousand levels (RecursionError),
        # cheaply: the input is at most MAX_BYTES.
        value = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        value = TOO_DEEP
    except ValueError as error:  # JSONDecodeError, huge integers, NaN
        line = (
            f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        )
        raise Invalid(f"The input is not valid JSON{line}: {_first_line(error)}.") from None
    if value is TOO_DEEP or nesting_depth(value) > MAX_DEPTH:
        raise Invalid(f"The JSON nests arrays and objects more than {MAX_DEPTH} deep; a ClaimReview needs 5.")
    return value


def _first_line(error: Exception) -> str:
    message = str(error).split("\n", 1)[0]
    return message.split(": line ", 1)[0]


def type_names(node: Any) -> set[str]:
    """The schema.org types a JSON-LD node claims, without their prefixes
    (``schema:ClaimReview``, ``https://schema.org/ClaimReview``)."""
    if not isinstance(node, dict):
        return set()
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return {re.split(r"[/:#]", t)[-1] for t in types if isinstance(t, str)}


def _feed_items(feed: dict) -> list[Any]:
    elements = feed.get("dataFeedElement")
    found: list[Any] = []
    for element in elements if isinstance(elements, list) else [elements]:
        if "DataFeedItem" in type_names(element) or (isinstance(element, dict) and "item" in element):
            item = element.get("item")
            found.extend(item if isinstance(item, list) else [item])
        else:
            found.append(element)
    return found


def candidates(value: Any) -> tuple[list[Any], int]:
    """The nodes of the input that should be ClaimReviews, in order, and how
    many others were passed over. A DataFeed's elements must all be reviews;
    among a list's or an ``@graph``'s nodes only the ClaimReviews are."""
    if isinstance(value, dict) and "DataFeed" in type_names(value):
        return _feed_items(value), 0
    if isinstance(value, dict) and "@graph" in value:
        value = value["@graph"]
    nodes = value if isinstance(value, list) else [value]
    reviews = [node for node in nodes if "ClaimReview" in type_names(node)]
    if not reviews and len(nodes) == 1:
        return nodes, 0  # a lone object that is not a review is reported as one
    return reviews, len(nodes) - len(reviews)


# --- One review ---------------------------------------------------------------------------


def _first(value: Any) -> Any:
    """schema.org allows a list wherever one value is expected: its first."""
    return value[0] if isinstance(value, list) and value else value


def text(node: dict, key: str, limit: int, *, required: bool = False, what: str = "") -> str:
    value = _first(node.get(key))
    what = what or key
    if value is None or value == "":
        if required:
            raise Invalid(f"it has no {what}")
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{what} is {_kind(value)}, not text")
    value = value.strip()
    if "\x00" in value:
        raise Invalid(f"{what} contains a NUL character")
    if required and not value:
        raise Invalid(f"{what} is empty")
    if len(value) > limit:
        raise Invalid(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def url(node: dict, key: str, *, required: bool = False, what: str = "") -> str:
    value = text(node, key, MAX_URL, required=required, what=what or key)
    if value:
        try:
            validate_http_url(value)
        except ValidationError:
            raise Invalid(f"{what or key} is not an http:// or https:// address") from None
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    return "a number" if isinstance(value, int | float) else "text"


def number(node: dict, key: str) -> float | None:
    value = _first(node.get(key))
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip()) if len(value) <= 30 else math.nan
        except ValueError:
            value = math.nan
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Invalid(f"reviewRating's {key} is not a number")
    return float(value)


def day(node: dict, key: str, *, what: str = "") -> date | None:
    value = text(node, key, 40, what=what or key)
    if not value:
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Invalid(f"{what or key} is not a date (YYYY-MM-DD)") from None


def thing(node: dict, key: str, *, what: str = "") -> dict:
    """A nested object (an author, a rating); a bare name stands for one."""
    value = _first(node.get(key))
    if value is None:
        return {}
    if isinstance(value, str):
        return {"name": value}
    if not isinstance(value, dict):
        raise Invalid(f"{what or key} is {_kind(value)}, not an object")
    return value


def _rating(node: dict) -> dict[str, Any]:
    rating = thing(node, "reviewRating")
    if not rating:
        raise Invalid("it has no reviewRating")
    name = text(rating, "alternateName", MAX_NAME, what="reviewRating's alternateName")
    value = number(rating, "ratingValue")
    best, worst = number(rating, "bestRating"), number(rating, "worstRating")
    if not name and value is None:
        raise Invalid("reviewRating has no alternateName or ratingValue")
    if not name:
        scale = f" on a scale of {worst:g} to {best:g}" if best is not None and worst is not None else ""
        name = f"{value:g}{scale}"
    return {"rating_text": name, "rating_value": value, "best_rating": best, "worst_rating": worst}


def _item_reviewed(node: dict) -> dict[str, Any]:
    claim = thing(node, "itemReviewed")
    if not claim:
        return {}
    author = thing(claim, "author", what="itemReviewed's author")
    appearance = thing(claim, "appearance", what="itemReviewed's appearance") or thing(
        claim, "firstAppearance", what="itemReviewed's firstAppearance"
    )
    return {
        "claim_author": text(author, "name", MAX_NAME, what="itemReviewed's author's name"),
        "claim_appearance_url": url(appearance, "url", what="itemReviewed's appearance's url"),
        "claim_date": day(claim, "datePublished", what="itemReviewed's datePublished"),
    }


class Problems(list):
    """The problems of one review, gathered field by field so that the
    report names every one, not only the first."""

    def attempt(self, read, default: Any = "") -> Any:
        try:
            return read()
        except Invalid as error:
            self.append(str(error))
            return default


def _author(node: dict, problems: Problems) -> dict[str, str]:
    author = problems.attempt(lambda: thing(node, "author"), {"name": "?"})
    if not author:
        problems.append("it has no author (the organisation that reviewed the claim)")
        return {}
    return {
        "organisation_name": problems.attempt(
            lambda: text(author, "name", MAX_NAME, required=True, what="author's name")
        ),
        "organisation_url": problems.attempt(lambda: url(author, "url", what="author's url")),
    }


def read_review(node: Any, index: int) -> Review:
    """One ClaimReview node as a ``Review``; ``Invalid`` with all its problems."""
    if not isinstance(node, dict):
        raise Invalid(f"it is {_kind(node)}, not a ClaimReview object")
    if "ClaimReview" not in type_names(node):
        raise Invalid("its @type is not ClaimReview")
    problems = Problems()
    values = {
        "review_url": problems.attempt(lambda: url(node, "url", required=True)),
        "claim_reviewed": problems.attempt(
            lambda: text(node, "claimReviewed", MAX_CLAIM_REVIEWED, required=True)
        ),
        **_author(node, problems),
        "headline": problems.attempt(
            lambda: text(node, "headline", MAX_HEADLINE) or text(node, "name", MAX_HEADLINE)
        ),
        "published_on": problems.attempt(lambda: day(node, "datePublished"), None),
        **problems.attempt(lambda: _rating(node), {}),
        **problems.attempt(lambda: _item_reviewed(node), {}),
    }
    if problems:
        raise Invalid("; ".join(problems), list(problems))
    return Review(index=index, **values)


def item_name(node: Any, index: int) -> str:
    """How a report line names an item: its number and the start of its claim."""
    claim = node.get("claimReviewed") if isinstance(node, dict) else None
    if isinstance(claim, str) and claim.strip():
        words = " ".join(claim.split())
        return f"item {index} (“{words[:QUOTED]}{'…' if len(words) > QUOTED else ''}”)"
    return f"item {index}"


def read_claimreviews(data: bytes | str) -> Report:
    """Every review in ``data``, or the report of why the input is refused."""
    report = Report()
    try:
        nodes, report.others = candidates(parse_json(data))
    except Invalid as error:
        report.problems.append(str(error))
        return report
    if len(nodes) > MAX_REVIEWS:
        report.problems.append(
            f"The input holds {len(nodes):,} reviews; the limit is {MAX_REVIEWS} at a time."
        )
        return report
    seen: dict[str, int] = {}
    for index, node in enumerate(nodes, start=1):
        try:
            review = read_review(node, index)
        except Invalid as error:
            report.problems.extend(f"{item_name(node, index)}: {problem}." for problem in error.problems)
            continue
        if review.review_url in seen:
            report.problems.append(
                f"{item_name(node, index)}: the same url as item {seen[review.review_url]}."
            )
            continue
        seen[review.review_url] = index
        report.reviews.append(review)
    if not nodes or (not report.reviews and not report.problems):
        report.problems.append("The input holds no ClaimReview.")
    return report
