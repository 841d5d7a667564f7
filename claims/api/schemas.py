"""The public API's responses, as typed schemas: the OpenAPI document is
generated from them, and every answer is validated against them.

Each schema is made from the rows the public views read, by its ``of``
method, which reads only what those rows hold or prefetch (the caller's
docstring says what that is), so a list costs the same queries whatever its
length. Every object links to itself in the API (``api_url``) and to its
public page (``page_url``), both absolute.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from ninja import Schema
from pydantic import Field

from claims.domain.relations import RelatedClaim
from claims.models import Claim, Dispute, Evidence, Figure, Rating, Speaker, Verdict
from sources.models import Quote, Source


class Links:
    """Absolute addresses for one request's answer."""

    def __init__(self, request: HttpRequest) -> None:
        self.absolute = request.build_absolute_uri

    def api(self, name: str, **kwargs: object) -> str:
        return self.absolute(reverse(f"api:{name}", kwargs=kwargs))

    def page(self, name: str, *args: object) -> str:
        return self.absolute(reverse(name, args=args))


class SpeakerRef(Schema):
    slug: str
    name: str
    kind: str = Field(description="person, government, ministry, military, armed_group, political, …")
    api_url: str
    page_url: str

    @classmethod
    def of(cls, speaker: Speaker, links: Links) -> SpeakerRef:
        return cls(
            slug=speaker.slug,
            name=speaker.name,
            kind=speaker.kind,
            api_url=links.api("speaker", slug=speaker.slug),
            page_url=links.page("claims:speaker", speaker.slug),
        )


class DisputeRef(Schema):
    slug: str
    question: str
    api_url: str
    page_url: str

    @classmethod
    def of(cls, dispute: Dispute | None, links: Links) -> DisputeRef | None:
        """None for no dispute, or one readers may not see."""
        if dispute is None or not dispute.is_published:
            return None
        return cls(
            slug=dispute.slug,
            question=dispute.question,
            api_url=links.api("dispute", slug=dispute.slug),
            page_url=links.page("claims:dispute", dispute.slug),
        )


class RatingOut(Schema):
    slug: str
    label: str
    rating_value: int | None = Field(
        description="schema.org ClaimReview's ratingValue on the scale (1 worst, 5 best by default); "
        "null for ratings off the true–false line, such as Unproven."
    )

    @classmethod
    def of(cls, rating: Rating) -> RatingOut:
        return cls(slug=rating.slug, label=rating.label, rating_value=rating.rating_value)


class VerdictSummary(Schema):
    rating: RatingOut
    approved_at: dt.datetime | None

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictSummary:
        return cls(rating=RatingOut.of(verdict.rating), approved_at=verdict.decided_at)


class VerdictOut(VerdictSummary):
    rationale_html: str = Field(description="Why this rating: sanitized HTML.")

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictOut:
        return cls(
            rating=RatingOut.of(verdict.rating),
            approved_at=verdict.decided_at,
            rationale_html=verdict.rationale,
        )


class SupersededVerdict(VerdictOut):
    superseded_at: dt.datetime | None

    @classmethod
    def of(cls, verdict: Verdict) -> SupersededVerdict:
        return cls(**VerdictOut.of(verdict).model_dump(), superseded_at=verdict.superseded_at)


def current_verdict(claim: Claim) -> VerdictSummary | None:
    """From the claim's prefetched ``current_verdicts`` (``current_verdicts()``
    with the rating's scale)."""
    return VerdictSummary.of(claim.current_verdicts[0]) if claim.current_verdicts else None


class ClaimSummary(Schema):
    id: int
    text: str = Field(description="The claim in the newsroom's normalized wording.")
    speaker: SpeakerRef
    speaker_role: str
    claimed_on: dt.date | None
    venue: str
    dispute: DisputeRef | None = Field(description="The published dispute the claim belongs to.")
    dispute_stance: str = Field(description="affirms, denies, other, or empty: its answer to the question.")
    verdict: VerdictSummary | None = Field(description="The current approved verdict, if any.")
    published_at: dt.datetime | None
    api_url: str
    page_url: str

    @classmethod
    def fields_of(cls, claim: Claim, links: Links, *, dispute: Dispute | None) -> dict:
        """All but the verdict. Reads ``claim.speaker``; ``dispute`` is the
        claim's, given by the caller so that it need not be selected when known."""
        return {
            "id": claim.pk,
            "text": claim.text,
            "speaker": SpeakerRef.of(claim.speaker, links),
            "speaker_role": claim.speaker_role,
            "claimed_on": claim.claimed_on,
            "venue": claim.venue,
            "dispute": DisputeRef.of(dispute, links),
            "dispute_stance": claim.dispute_stance,
            "published_at": claim.published_at,
            "api_url": links.api("claim", id=claim.pk),
            "page_url": links.page("claims:detail", claim.pk),
        }

    @classmethod
    def of(cls, claim: Claim, links: Links, *, dispute: Dispute | None) -> ClaimSummary:
        """Reads also the prefetched ``current_verdicts``."""
        return cls(**cls.fields_of(claim, links, dispute=dispute), verdict=current_verdict(claim))


class ClaimPage(Schema):
    items: list[ClaimSummary]
    next: str | None = Field(description="The next page's address, or null on the last page.")


class ClaimRef(Schema):
    """A claim named from another object: its wording, speaker and verdict."""

    id: int
    text: str
    speaker: SpeakerRef
    verdict: VerdictSummary | None
    api_url: str
    page_url: str

    @classmethod
    def of(cls, claim: Claim, links: Links) -> ClaimRef:
        """Reads ``claim.speaker`` and the prefetched ``current_verdicts``."""
        return cls(
            id=claim.pk,
            text=claim.text,
            speaker=SpeakerRef.of(claim.speaker, links),
            verdict=current_verdict(claim),
            api_url=links.api("claim", id=claim.pk),
            page_url=links.page("claims:detail", claim.pk),
        )


class TextQuoteSelector(Schema):
    type: Literal["TextQuoteSelector"] = "TextQuoteSelector"
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(Schema):
    type: Literal["TextPositionSelector"] = "TextPositionSelector"
    start: int = Field(description="Offset of the first character, in Unicode code points.")
    end: int = Field(description="Offset just past the last character.")


class SourceRef(Schema):
    id: int
    title: str
    outlet: str
    url: str = Field(description="Where the document was published; empty when unknown.")
    language: str = Field(description="BCP 47 code of the text's language.")
    published_on: dt.date | None
    api_url: str
    page_url: str

    @classmethod
    def of(cls, source: Source, links: Links) -> SourceRef:
        return cls(
            id=source.pk,
            title=source.title,
            outlet=source.outlet,
            url=source.url,
            language=source.language,
            published_on=source.published_on,
            api_url=links.api("source", id=source.pk),
            page_url=links.page("claims:source", source.pk),
        )


class QuoteOut(Schema):
    id: int
    exact: str
    revision: int = Field(description="The number of the source's text revision the selectors point into.")
    orphaned: bool = Field(description="True when a later revision of the text lost these words.")
    selector: list[TextQuoteSelector | TextPositionSelector] = Field(
        description="W3C Web Annotation selectors over that revision's text."
    )

    @classmethod
    def fields_of(cls, quote: Quote, *, revision: int) -> dict:
        return {
            "id": quote.pk,
            "exact": quote.exact,
            "revision": revision,
            "orphaned": quote.orphaned,
            "selector": [
                TextQuoteSelector(exact=quote.exact, prefix=quote.prefix, suffix=quote.suffix),
                TextPositionSelector(start=quote.start, end=quote.end),
            ],
        }


class AppearanceOut(QuoteOut):
    source: SourceRef

    @classmethod
    def of(cls, quote: Quote, links: Links) -> AppearanceOut:
        """Reads ``quote.revision.source``: select them with the quote."""
        revision = quote.revision
        return cls(
            **cls.fields_of(quote, revision=revision.number), source=SourceRef.of(revision.source, links)
        )


class RelationOut(Schema):
    kind: str = Field(description="contradicts, supports, qualifies, responds_to or same_as, as stored.")
    direction: Literal["outgoing", "incoming"] = Field(
        description="outgoing: this claim <kind> the other; incoming: the other <kind> this claim."
    )
    label: str = Field(description="The relation read from this claim: “contradicts”, “contradicted by”.")
    note: str
    claim: ClaimRef

    @classmethod
    def of(cls, related: RelatedClaim, links: Links) -> RelationOut:
        """Reads the other claim's speaker and prefetched ``current_verdicts``."""
        relation = related.relation
        return cls(
            kind=relation.kind,
            direction="outgoing" if relation.to_claim_id == related.claim.pk else "incoming",
            label=related.label,
            note=related.note,
            claim=ClaimRef.of(related.claim, links),
        )


class EvidenceOut(Schema):
    title: str
    stance: str = Field(description="supports, refutes, context or inconclusive.")
    kind: str
    reliability: str = Field(description="The Admiralty code's source reliability, A to F.")
    url: str
    description_html: str = Field(description="Sanitized HTML.")
    source_title: str | None = Field(description="The title of the source it is from, if any.")

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceOut:
        """Reads ``evidence.source``: select it with the evidence."""
        return cls(
            title=evidence.title,
            stance=evidence.stance,
            kind=evidence.kind,
            reliability=evidence.reliability,
            url=evidence.url,
            description_html=evidence.description,
            source_title=evidence.source.title if evidence.source else None,
        )


def decimal_text(number: Decimal | None) -> str | None:
    return None if number is None else f"{number.normalize():f}"


class FigureOut(Schema):
    counted: str = Field(description="What is counted, such as “civilians killed”.")
    value: str | None = Field(description="One value, as an exact decimal string; null for a range.")
    minimum: str | None
    maximum: str | None
    unit: str
    qualifier: str = Field(description="Empty (exactly), at_least, at_most or about.")
    display: str = Field(description="As the pages write it: “at least 36 people”.")

    @classmethod
    def of(cls, figure: Figure) -> FigureOut:
        return cls(
            counted=figure.counted,
            value=decimal_text(figure.value),
            minimum=decimal_text(figure.minimum),
            maximum=decimal_text(figure.maximum),
            unit=figure.unit,
            qualifier=figure.qualifier,
            display=figure.display_value,
        )


class ClaimDetail(ClaimSummary):
    verdict: VerdictOut | None = Field(description="The current approved verdict, with its rationale.")
    verdict_history: list[SupersededVerdict] = Field(
        description="Earlier approved verdicts it superseded, newest first."
    )
    appearances: list[AppearanceOut] = Field(description="Where the claim was said: its quotes.")
    relations: list[RelationOut] = Field(description="Related public claims, read from this claim's end.")
    evidence: list[EvidenceOut]
    figures: list[FigureOut]


class DisputeOut(Schema):
    slug: str
    question: str
    date: dt.date | None = Field(description="When the disputed event happened.")
    place: str
    summary: str
    published_at: dt.datetime | None
    api_url: str
    page_url: str
    claims_url: str = Field(description="The dispute's claims in the claims list, paged.")

    @classmethod
    def fields_of(cls, dispute: Dispute, links: Links) -> dict:
        return {
            "slug": dispute.slug,
            "question": dispute.question,
            "date": dispute.date,
            "place": dispute.place,
            "summary": dispute.summary,
            "published_at": dispute.published_at,
            "api_url": links.api("dispute", slug=dispute.slug),
            "page_url": links.page("claims:dispute", dispute.slug),
            "claims_url": links.api("claims") + "?" + urlencode({"dispute": dispute.slug}),
        }

    @classmethod
    def of(cls, dispute: Dispute, links: Links) -> DisputeOut:
        return cls(**cls.fields_of(dispute, links))


class DisputePage(Schema):
    items: list[DisputeOut]
    next: str | None = Field(description="The next page's address, or null on the last page.")


class AnswerOut(Schema):
    stance: str = Field(description="affirms, denies or other: the claims' answer to the question.")
    label: str
    claims: list[ClaimRef]


class QuotedSource(Schema):
    title: str
    outlet: str
    language: str
    api_url: str | None = Field(description="Null when the source holds no public quote of a claim.")
    page_url: str | None


class FigureQuote(Schema):
    exact: str
    source: QuotedSource
    is_claims_quote: bool = Field(
        description="True when these are the claim's words rather than words stating the figure "
        "(a figure recorded without its own quote, or a denial)."
    )


class FigureRowOut(Schema):
    claim: ClaimRef
    value: str = Field(description="The figure as the pages write it, or that a denial claims none.")
    figure: FigureOut | None = Field(description="Null for a claim that denies the event and gives none.")
    quote: FigureQuote | None


class QuantityOut(Schema):
    counted: str
    rows: list[FigureRowOut]


class DisputeDetail(DisputeOut):
    answers: list[AnswerOut] = Field(description="The public claims by their answer: yes, no, neither.")
    figures: list[QuantityOut] = Field(description="The figures compared, one table per quantity counted.")


class SpeakerOut(SpeakerRef):
    aliases: list[str]
    description: str
    wikidata_id: str = Field(description="Such as Q7747; empty when unknown.")
    claims_url: str = Field(description="The speaker's claims in the claims list, paged.")

    @classmethod
    def fields_of(cls, speaker: Speaker, links: Links) -> dict:
        return {
            **SpeakerRef.of(speaker, links).model_dump(),
            "aliases": [alias for alias in speaker.aliases or () if isinstance(alias, str)],
            "description": speaker.description,
            "wikidata_id": speaker.wikidata_id,
            "claims_url": links.api("claims") + "?" + urlencode({"speaker": speaker.slug}),
        }

    @classmethod
    def of(cls, speaker: Speaker, links: Links) -> SpeakerOut:
        return cls(**cls.fields_of(speaker, links))


class SpeakerPage(Schema):
    items: list[SpeakerOut]
    next: str | None = Field(description="The next page's address, or null on the last page.")


class TrackRecordRow(Schema):
    rating: RatingOut
    count: int


class SpeakerDetail(SpeakerOut):
    track_record: list[TrackRecordRow] = Field(
        description="How many of their public claims got each rating of the scale, zeros included."
    )
    unrated: int = Field(description="How many of their public claims are not rated yet.")


class RevisionOut(Schema):
    number: int
    sha256: str = Field(description="SHA-256 of the revision's text (UTF-8), hex.")
    created_at: dt.datetime
    note: str


class CaptureOut(Schema):
    captured_at: dt.datetime = Field(description="When the text was last read from the web or a file.")
    sha256: str = Field(description="SHA-256 of the exact bytes read, hex.")
    url: str
    final_url: str = Field(description="The address read, after redirects.")
    content_type: str
    first_captured_at: dt.datetime | None
    last_checked_at: dt.datetime | None
    gone: bool = Field(description="True when the last check found the page gone (404 or 410).")


class SourceQuote(QuoteOut):
    claim: ClaimRef


class SourceDetail(SourceRef):
    kind: str
    authors: list[str]
    retrieved_at: dt.datetime | None
    revision: RevisionOut = Field(description="The newest revision of the text.")
    text: str = Field(description="The newest revision's canonical text, which the selectors point into.")
    capture: CaptureOut | None = Field(
        description="Its archived capture, when captured from the web or a file."
    )
    quotes: list[SourceQuote] = Field(description="The quotes of public claims on its words, in text order.")
