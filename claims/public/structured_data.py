"""What a claim page tells machines: schema.org ClaimReview JSON-LD for
search engines and other fact-checkers, and Open Graph / Twitter card
metadata for link previews.

Both read only what the page itself shows a reader, so the caller passes a
public claim and the objects it has already loaded for the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims.models import Appearance, Claim, Verdict
from sources.models import Source

# The characters that could end a <script> element or start markup inside it,
# escaped as JSON allows; the same set Django's ``json_script`` escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` as JSON safe to place between ``<script type="application/ld+json">``
    tags: no text in it (a claim's wording included) can close the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def newsroom(*, request: HttpRequest) -> dict[str, str]:
    """The newsroom as a schema.org Organization: the author of every review."""
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM_NAME,
        "url": settings.NEWSROOM_URL or request.build_absolute_uri(reverse("home")),
    }


def _review_rating(verdict: Verdict) -> dict[str, Any]:
    rating = verdict.rating
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    scale = rating.scale
    # A rating off the true–false line ("Unproven") has no value; it is
    # described by its name alone, as Google's ClaimReview guidelines allow.
    if rating.rating_value is not None and scale.worst_rating <= rating.rating_value <= scale.best_rating:
        review_rating["ratingValue"] = rating.rating_value
        review_rating["bestRating"] = scale.best_rating
        review_rating["worstRating"] = scale.worst_rating
    return review_rating


def _speaker(claim: Claim) -> dict[str, str]:
    speaker = claim.speaker
    author = {"@type": "Person" if speaker.is_person else "Organization", "name": speaker.name}
    if speaker.wikidata_url:
        author["sameAs"] = speaker.wikidata_url
    return author


def _creative_work(source: Source, *, request: HttpRequest) -> dict[str, str]:
    work = {
        "@type": "CreativeWork",
        "url": source.url or request.build_absolute_uri(reverse("claims:source", args=[source.pk])),
        "headline": source.title,
    }
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    return work


def _appearance_sources(appearances: Iterable[Appearance]) -> list[Source]:
    """Each source the claim was quoted in, once, earliest published first;
    undated sources follow in the order their quotes were added. A quote its
    source's newest revision lost (orphaned) is left out: the claim may no
    longer appear there."""
    sources: dict[int, Source] = {}
    for appearance in appearances:
        if not appearance.quote.orphaned:
            source = appearance.quote.revision.source
            sources.setdefault(source.pk, source)
    # sorted() is stable: sources with the same date keep the order added.
    return sorted(sources.values(), key=lambda s: (s.published_on is None, s.published_on or date.min))


def claim_review(
    claim: Claim,
    *,
    request: HttpRequest,
    verdict: Verdict | None = None,
    appearances: Iterable[Appearance] | None = None,
) -> dict[str, Any] | None:
    """schema.org ClaimReview for ``claim``, or None when it has no approved
    verdict. The caller must pass a public claim, with its speaker loaded.

    ``verdict`` (the approved one, its rating and scale loaded) and
    ``appearances`` (each with ``quote__revision__source``) may be passed
    when the caller has them already, so that the page runs no more queries;
    otherwise they are fetched here.
    """
    if verdict is None:
        verdict = claim.verdicts.approved().select_related("rating__scale").first()
        if verdict is None:
            return None
    if appearances is None:
        appearances = claim.appearances.select_related("quote__revision__source")

    item_reviewed: dict[str, Any] = {"@type": "Claim", "author": _speaker(claim)}
    if claim.claimed_on:
        item_reviewed["datePublished"] = claim.claimed_on.isoformat()
    works = [_creative_work(source, request=request) for source in _appearance_sources(appearances)]
    if works:
        item_reviewed["appearance"] = works
        item_reviewed["firstAppearance"] = works[0]

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "claimReviewed": claim.text,
        "author": newsroom(request=request),
        "reviewRating": _review_rating(verdict),
        "itemReviewed": item_reviewed,
    }
    if verdict.decided_at:
        review["datePublished"] = timezone.localdate(verdict.decided_at).isoformat()
    return review


def open_graph(claim: Claim, *, request: HttpRequest, verdict: Verdict | None) -> dict[str, str]:
    """Open Graph and Twitter card values for the claim page's link previews."""
    speaker = claim.speaker.name
    if claim.speaker_role:
        speaker = f"{speaker}, {claim.speaker_role}"
    if verdict is not None:
        description = f"Our verdict: {verdict.rating.label}. A claim by {speaker}, checked by "
        description += f"{settings.NEWSROOM_NAME}."
    else:
        description = f"A claim by {speaker}, not yet rated by {settings.NEWSROOM_NAME}."
    return {
        "title": Truncator(f"{claim.speaker.name}: {claim.text}").chars(200),
        "description": description,
        "type": "article",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "site_name": settings.NEWSROOM_NAME,
    }
