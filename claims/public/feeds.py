"""Atom feeds of newly approved verdicts, site-wide and per dispute.

One entry per public claim with an approved verdict: a claim has at most one
at a time, so a re-rated claim's entry (its id is the claim page's URL) is
updated rather than repeated, and a superseded verdict leaves the feed.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from claims.models import Claim, Dispute, Verdict

FEED_LENGTH = 50

# Characters XML 1.0 cannot carry, escaped or not: C0 controls other than tab
# and line breaks, and U+FFFE/U+FFFF. A claim's wording may hold them (a
# terminal colour code pasted from a transcript), and Django's feed writer
# refuses them with an exception, which would take the whole feed down.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


class VerdictFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.NEWSROOM_NAME}: new verdicts"

    def subtitle(self) -> str:
        return f"Claims newly rated by {settings.NEWSROOM_NAME}."

    def link(self) -> str:
        return reverse("home")

    def author_name(self) -> str:
        return settings.NEWSROOM_NAME

    def items(self) -> QuerySet[Verdict]:
        return Verdict.objects.newest_public()[:FEED_LENGTH]

    def item_title(self, verdict: Verdict) -> str:
        return xml_text(f"{verdict.rating.label}: {verdict.claim.text}")

    def item_description(self, verdict: Verdict) -> str:
        # The rationale is HTML sanitized when stored; Atom carries it as
        # escaped HTML (<summary type="html">).
        return xml_text(verdict.rationale)

    def item_link(self, verdict: Verdict) -> str:
        return verdict.claim.get_absolute_url()

    def item_pubdate(self, verdict: Verdict):
        return verdict.decided_at

    def item_updateddate(self, verdict: Verdict):
        return verdict.decided_at

    def item_author_name(self, verdict: Verdict) -> str:
        return settings.NEWSROOM_NAME


class DisputeVerdictFeed(VerdictFeed):
    """The verdicts on one published dispute's claims; a 404 otherwise."""

    def get_object(self, request: HttpRequest, slug: str) -> Dispute:
        return get_object_or_404(Dispute.objects.public(), slug=slug)

    def title(self, dispute: Dispute) -> str:
        return xml_text(f"{settings.NEWSROOM_NAME}: verdicts on “{dispute.question}”")

    def subtitle(self, dispute: Dispute) -> str:
        return xml_text(
            f"Claims in the dispute “{dispute.question}” newly rated by {settings.NEWSROOM_NAME}."
        )

    def link(self, dispute: Dispute) -> str:
        return reverse("claims:dispute", args=[dispute.slug])

    def items(self, dispute: Dispute) -> QuerySet[Verdict]:
        return Verdict.objects.newest_public(Claim.objects.filter(dispute=dispute))[:FEED_LENGTH]
