"""The public part of the API: what a reader may see, and nothing more.

Each endpoint reads what the public page of the same thing reads
(``claims/public/``), through ``Claim.objects.public()`` and
``Dispute.objects.public()``, with the same domain functions: the browse
page's form and filters and the one search (``claims.search.query.matching``),
``related_claims``, ``claims_compared`` and ``figures_compared``,
``track_record`` and ``capture_record``. An unpublished or withdrawn claim,
an unpublished dispute, a verdict not approved, a speaker or source without
public claims: each is a 404 or absent, as on the pages. Each endpoint runs
the same number of queries whatever the number of items it shows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from pydantic import Field

from claims.api.errors import Error, FieldErrors, InvalidRequest
from claims.api.pagination import CURSOR, LIMIT, Keyset, Page, page_of
from claims.api.schemas import (
    AnswerOut,
    AppearanceOut,
    CaptureOut,
    ClaimDetail,
    ClaimPage,
    ClaimRef,
    ClaimSummary,
    DisputeDetail,
    DisputeOut,
    DisputePage,
    EvidenceOut,
    FigureOut,
    FigureQuote,
    FigureRowOut,
    Links,
    QuantityOut,
    QuotedSource,
    QuoteOut,
    RatingOut,
    RelationOut,
    RevisionOut,
    SourceDetail,
    SourceQuote,
    SourceRef,
    SpeakerDetail,
    SpeakerOut,
    SpeakerPage,
    SupersededVerdict,
    TrackRecordRow,
    VerdictOut,
)
from claims.domain.annotations import public_appearances, public_sources
from claims.domain.browsing import FilterChoices
from claims.domain.disputes import FigureRow, claims_compared, figures_compared, stance_columns
from claims.domain.relations import related_claims
from claims.domain.track_record import track_record
from claims.models import Claim, Dispute, Speaker, Verdict, current_verdicts
from claims.public.browse_form import UNRATED, BrowseForm
from claims.search.query import matching
from sources.capture.changes import capture_record
from sources.highlight import on_its_words
from sources.models import Source

router = Router(tags=["public"])

# Ids are 64-bit; a larger number names nothing, and is refused before the database sees it.
MAX_ID = 2**63 - 1
# Slugs are letters (in any script), digits, hyphens and underscores.
SLUG = r"^[-\w]+$"
SLUG_OR_EMPTY = r"^[-\w]*$"

CLAIMS = Keyset("claims", [("claimed_on", dt.date, True, True), ("id", int, True, False)])
DISPUTES = Keyset("disputes", [("date", dt.date, True, True), ("id", int, True, False)])
SPEAKERS = Keyset("speakers", [("name", str, False, False), ("id", int, False, False)])

LIST_ERRORS = {400: FieldErrors, 422: FieldErrors}
DETAIL_ERRORS = {404: Error, 422: FieldErrors}


class PageParams(Schema):
    cursor: str | None = CURSOR
    limit: int = LIMIT


class ClaimFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Words, all of which a claim must hold (as the start of a word, in any case): in its "
        "wording, its quotes, its speaker's names, role, venue or its dispute's question.",
    )
    rating: str = Field(
        "", max_length=100, pattern=SLUG_OR_EMPTY, description=f"A rating's slug, or `{UNRATED}`."
    )
    speaker: str = Field("", max_length=100, pattern=SLUG_OR_EMPTY, description="A speaker's slug.")
    dispute: str = Field("", max_length=100, pattern=SLUG_OR_EMPTY, description="A dispute's slug.")
    language: str = Field(
        "",
        max_length=12,
        pattern=r"^[A-Za-z0-9-]*$",
        description="Claims quoted from a source in this language (a BCP 47 code such as `ar`).",
    )
    date_from: dt.date | None = Field(None, description="Claimed on or after this day.")
    date_to: dt.date | None = Field(None, description="Claimed on or before this day.")
    cursor: str | None = CURSOR
    limit: int = LIMIT


def _browse_form(filters: ClaimFilters) -> BrowseForm:
    """The browse page's form, bound to the filters and validated: a filter
    naming nothing public is refused as the page refuses it."""
    choices = FilterChoices.load(speaker=filters.speaker, dispute=filters.dispute)
    data = {
        name: getattr(filters, name) or ""
        for name in ("q", "rating", "speaker", "dispute", "language", "date_from", "date_to")
    }
    form = BrowseForm(data, choices=choices)
    if not form.is_valid():
        raise InvalidRequest(
            {name: [str(message) for message in errors] for name, errors in form.errors.items()}
        )
    return form


@router.get(
    "/claims/", response={200: ClaimPage, **LIST_ERRORS}, url_name="claims", summary="Published claims"
)
def claims(request: HttpRequest, filters: Query[ClaimFilters]) -> Page:
    """The published claims, newest first (by the date claimed, undated ones
    last), filtered as on the browse page. With `q`, the claims holding every
    word, also newest first, so that the cursors stay stable."""
    form = _browse_form(filters)
    found = matching(form.filtered(Claim.objects.public()), form.cleaned_data["q"], ranked=False)
    rows = (
        found.select_related("speaker", "dispute").defer("search_text").prefetch_related(current_verdicts())
    )
    links = Links(request)
    return page_of(
        rows,
        CLAIMS,
        request=request,
        cursor=filters.cursor,
        limit=filters.limit,
        item=lambda claim: ClaimSummary.of(claim, links, dispute=claim.dispute),
    )


@router.get(
    "/claims/{id}/", response={200: ClaimDetail, **DETAIL_ERRORS}, url_name="claim", summary="A claim"
)
def claim(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> ClaimDetail:
    """A published claim with its quotes (and their W3C selectors), the
    public claims related to it from either end, its evidence and figures,
    its current verdict and the earlier verdicts that one superseded."""
    claim = get_object_or_404(Claim.objects.public().select_related("speaker", "dispute"), pk=id)
    links = Links(request)
    appearances = claim.appearances.select_related("quote__revision__source").defer("quote__revision__text")
    verdicts = list(
        claim.verdicts.filter(state__in=[Verdict.State.APPROVED, Verdict.State.SUPERSEDED])
        .select_related("rating")
        .order_by("-decided_at", "-pk")
    )
    current = next((v for v in verdicts if v.state == Verdict.State.APPROVED), None)
    related = related_claims(claim, others=Claim.objects.public(), verdicts=True)
    return ClaimDetail(
        **ClaimSummary.fields_of(claim, links, dispute=claim.dispute),
        verdict=VerdictOut.of(current) if current else None,
        verdict_history=[SupersededVerdict.of(v) for v in verdicts if v.state == Verdict.State.SUPERSEDED],
        appearances=[AppearanceOut.of(appearance.quote, links) for appearance in appearances],
        relations=[RelationOut.of(item, links) for item in related],
        evidence=[
            EvidenceOut.of(item)
            for item in claim.evidence.filter(withdrawn_at__isnull=True).select_related("source")
        ],
        figures=[FigureOut.of(figure) for figure in claim.figures.all()],
    )


@router.get("/disputes/", response={200: DisputePage, **LIST_ERRORS}, url_name="disputes", summary="Disputes")
def disputes(request: HttpRequest, params: Query[PageParams]) -> Page:
    """The published disputes, newest first (by the date of the event, undated ones last)."""
    links = Links(request)
    return page_of(
        Dispute.objects.public(),
        DISPUTES,
        request=request,
        cursor=params.cursor,
        limit=params.limit,
        item=lambda dispute: DisputeOut.of(dispute, links),
    )


def _figure_row(row: FigureRow, public_quote_ids: set[int], links: Links) -> FigureRowOut:
    quote = None
    if row.quote is not None:
        source = row.quote.revision.source
        # A source's page exists only for a quote of a public claim, as the dispute page links it.
        public = row.quote.pk in public_quote_ids
        quote = FigureQuote(
            exact=row.quote.exact,
            source=QuotedSource(
                title=source.title,
                outlet=source.outlet,
                language=source.language,
                api_url=links.api("source", id=source.pk) if public else None,
                page_url=links.page("claims:source", source.pk) if public else None,
            ),
            is_claims_quote=row.quote_is_claims,
        )
    return FigureRowOut(
        claim=ClaimRef.of(row.claim, links),
        value=row.value,
        figure=FigureOut.of(row.figure) if row.figure else None,
        quote=quote,
    )


@router.get(
    "/disputes/{slug}/",
    response={200: DisputeDetail, **DETAIL_ERRORS},
    url_name="dispute",
    summary="A dispute",
)
def dispute(request: HttpRequest, slug: str = Path(..., max_length=100, pattern=SLUG)) -> DisputeDetail:
    """A published dispute: its public claims by their answer to the
    question, and the figures they give compared, one table per quantity."""
    dispute = get_object_or_404(Dispute.objects.public(), slug=slug)
    links = Links(request)
    compared = claims_compared(dispute, public_only=True)
    public_quote_ids = {a.quote_id for claim in compared for a in claim.appearances.all()}
    return DisputeDetail(
        **DisputeOut.fields_of(dispute, links),
        answers=[
            AnswerOut(
                stance=column.stance,
                label=column.label,
                claims=[ClaimRef.of(claim, links) for claim in column.claims],
            )
            for column in stance_columns(compared)
        ],
        figures=[
            QuantityOut(
                counted=quantity.counted,
                rows=[_figure_row(row, public_quote_ids, links) for row in quantity.rows],
            )
            for quantity in figures_compared(compared)
        ],
    )


def _speakers_with_public_claims():
    return Speaker.objects.filter(Exists(Claim.objects.public().filter(speaker=OuterRef("pk"))))


@router.get("/speakers/", response={200: SpeakerPage, **LIST_ERRORS}, url_name="speakers", summary="Speakers")
def speakers(request: HttpRequest, params: Query[PageParams]) -> Page:
    """The speakers of published claims, by name."""
    links = Links(request)
    return page_of(
        _speakers_with_public_claims().defer("lookup_names"),
        SPEAKERS,
        request=request,
        cursor=params.cursor,
        limit=params.limit,
        item=lambda speaker: SpeakerOut.of(speaker, links),
    )


@router.get(
    "/speakers/{slug}/",
    response={200: SpeakerDetail, **DETAIL_ERRORS},
    url_name="speaker",
    summary="A speaker",
)
def speaker(request: HttpRequest, slug: str = Path(..., max_length=100, pattern=SLUG)) -> SpeakerDetail:
    """A speaker of published claims, with their track record: how many of
    their public claims got each rating. Their claims are in the claims list
    (`claims_url`), paged."""
    speaker = get_object_or_404(_speakers_with_public_claims(), slug=slug)
    claims = list(Claim.objects.public().filter(speaker=speaker).prefetch_related(current_verdicts()))
    record, unrated = track_record(claims)
    return SpeakerDetail(
        **SpeakerOut.fields_of(speaker, Links(request)),
        track_record=[TrackRecordRow(rating=RatingOut.of(row.rating), count=row.count) for row in record],
        unrated=unrated,
    )


def _capture(source: Source) -> CaptureOut | None:
    record = capture_record(source)
    if record.latest is None:
        return None
    latest = record.latest
    return CaptureOut(
        captured_at=latest.captured_at,
        sha256=latest.sha256,
        url=latest.url,
        final_url=latest.final_url,
        content_type=latest.content_type,
        first_captured_at=record.first.captured_at if record.first else None,
        last_checked_at=record.last_checked,
        gone=record.gone is not None,
    )


@router.get(
    "/sources/{id}/", response={200: SourceDetail, **DETAIL_ERRORS}, url_name="source", summary="A source"
)
def source(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> SourceDetail:
    """A source that holds a quote of a published claim: its metadata, its
    newest text, its capture (when and the SHA-256 of the bytes read), and
    the quotes of public claims on that text."""
    source = get_object_or_404(public_sources(), pk=id)
    revision = source.revisions.order_by("-number").first()
    if revision is None:  # a source is made with its first revision; this is a guard
        raise Http404
    appearances = (
        public_appearances()
        .filter(quote__revision=revision)
        .select_related("quote", "claim__speaker")
        .prefetch_related(current_verdicts("claim__verdicts"))
        .order_by("quote__start", "quote__end", "quote__pk")
    )
    links = Links(request)
    return SourceDetail(
        **SourceRef.of(source, links).model_dump(),
        kind=source.kind,
        authors=source.author_list,
        retrieved_at=source.retrieved_at,
        revision=RevisionOut(
            number=revision.number, sha256=revision.sha256, created_at=revision.created_at, note=revision.note
        ),
        text=revision.text,
        capture=_capture(source),
        quotes=[
            SourceQuote(
                **QuoteOut.fields_of(a.quote, revision=revision.number), claim=ClaimRef.of(a.claim, links)
            )
            for a in appearances
            if on_its_words(revision.text, a.quote)
        ],
    )
