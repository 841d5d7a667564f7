"""The newsroom's fact-checks as one schema.org DataFeed of ClaimReviews, the
shape Google's Fact Check tools and Data Commons read, so that aggregators
can pull every review without crawling the claim pages.

Each item is the current review of one public claim: the ClaimReview its
claim page carries (``structured_data.claim_review``, the one builder), in a
``DataFeedItem`` with the dates it was created and last changed. A claim's
earlier, superseded verdicts stay in its page's public history but are not
in the feed: a ClaimReview is identified by its claim page's URL, which they
share, and aggregators want the review as it stands now.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims.models import Appearance, Verdict
from claims.public.structured_data import claim_review, json_ld

CONTENT_TYPE = "application/ld+json; charset=utf-8"


def public_reviews():
    """The approved verdicts of public claims, newest first, with all that
    their ClaimReviews show: two queries however many there are."""
    return (
        Verdict.objects.newest_public()
        .select_related("claim__speaker", "rating__scale")
        .prefetch_related(
            Prefetch(
                "claim__appearances", queryset=Appearance.objects.select_related("quote__revision__source")
            )
        )
    )


def modified(verdict: Verdict) -> datetime:
    """When the item last changed: its approval, or a later edit of the
    claim (its wording is the review's ``claimReviewed``)."""
    return max(d for d in (verdict.decided_at, verdict.claim.updated_at) if d is not None)


def feed_item(verdict: Verdict, *, request: HttpRequest) -> dict[str, Any]:
    """One DataFeedItem. The caller must pass a verdict of ``public_reviews()``."""
    claim = verdict.claim
    review = claim_review(claim, request=request, verdict=verdict, appearances=claim.appearances.all())
    item: dict[str, Any] = {"@type": "DataFeedItem", "dateModified": modified(verdict).isoformat()}
    if verdict.decided_at:
        item["dateCreated"] = verdict.decided_at.isoformat()
    # A list, as in the feeds Google's Fact Check Markup Tool exports.
    item["item"] = [review]
    return item


def claimreview_feed_data(*, request: HttpRequest) -> dict[str, Any]:
    verdicts = list(public_reviews())
    items = [feed_item(verdict, request=request) for verdict in verdicts]
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.NEWSROOM_NAME}: fact-checks",
        "url": request.build_absolute_uri(reverse("feed-claimreview")),
        "dataFeedElement": items,
    }
    if verdicts:
        feed["dateModified"] = max(modified(verdict) for verdict in verdicts).isoformat()
    return feed


@login_not_required
@require_GET
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    # Escaped as on the claim pages, so that the feed can be put in a page's
    # script element as it is; still the same JSON.
    body = json_ld(claimreview_feed_data(request=request))
    return HttpResponse(body, content_type=CONTENT_TYPE)
