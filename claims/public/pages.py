"""Public pages for a dispute, a speaker and a source. Like ``claims.public.claim``,
everything here reads claims through ``Claim.objects.public()``: a page shows
published, unwithdrawn claims only, and is a 404 when it would show none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.domain.disputes import Quantity, figures_compared, stance_columns
from claims.models import Appearance, Claim, Dispute, Figure, Rating, Speaker
from claims.public.claim import current_verdicts
from sources.highlight import Span, highlight
from sources.models import Source

# --- The dispute ----------------------------------------------------------------------


def _public_claims_compared(dispute: Dispute) -> list[Claim]:
    """The dispute's public claims, oldest first, with their speakers, current
    verdicts, figures and appearances (each with its quote and source), in
    five queries whatever their number. ``claims.domain.disputes.claims_compared``
    does the same for the workspace, over every active claim."""
    without_text = "quote__revision__text"
    return list(
        Claim.objects.public()
        .filter(dispute=dispute)
        .select_related("speaker")
        .prefetch_related(
            current_verdicts(),
            Prefetch(
                "figures",
                queryset=Figure.objects.select_related("quote__revision__source").defer(without_text),
            ),
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("quote__revision__source").defer(without_text),
            ),
        )
        .order_by(F("claimed_on").asc(nulls_last=True), "created_at", "pk")
    )


# The chart's geometry, in SVG user units; the SVG scales to its container.
CHART_WIDTH = 640
CHART_LABEL_WIDTH = 220
CHART_VALUE_WIDTH = 120
CHART_BAR_SPACE = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
CHART_ROW = 32
CHART_BAR = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    stance: str
    y: int
    x: int
    width: int
    is_range: bool

    @property
    def text_y(self) -> int:
        return self.y + CHART_BAR // 2 + 5

    @property
    def value_x(self) -> int:
        return self.x + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * CHART_ROW + 8

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def label_x(self) -> int:
        return CHART_LABEL_WIDTH - 8


def _bounds(figure: Figure) -> tuple[Decimal, Decimal]:
    if figure.value is not None:
        return Decimal(0), figure.value
    return figure.minimum, figure.maximum


def chart_of(quantity: Quantity) -> Chart | None:
    """Horizontal bars for the figures given for one quantity, on one linear
    scale from zero; a range is drawn from its minimum to its maximum. Rows
    without a figure (denials) are left to the table. None when no figure
    is above zero, since there is then nothing to draw to scale."""
    rows = [row for row in quantity.rows if row.figure is not None]
    if not rows:
        return None
    top = max(_bounds(row.figure)[1] for row in rows)
    if top <= 0:
        return None
    bars = []
    for n, row in enumerate(rows):
        low, high = (max(Decimal(0), bound) for bound in _bounds(row.figure))
        x = CHART_LABEL_WIDTH + int(CHART_BAR_SPACE * low / top)
        width = int(CHART_BAR_SPACE * (high - low) / top)
        name = row.claim.speaker.name
        bars.append(
            Bar(
                label=name if len(name) <= 28 else name[:27] + "…",
                value=row.value,
                stance=row.claim.dispute_stance or Claim.DisputeStance.OTHER,
                y=4 + n * CHART_ROW,
                x=x,
                width=width,
                is_range=row.figure.value is None,
            )
        )
    return Chart(title=f"{quantity.counted.capitalize()}, by who claims it", bars=bars)


@login_not_required
def dispute(request: HttpRequest, slug: str) -> HttpResponse:
    dispute = get_object_or_404(Dispute.objects.public(), slug=slug)
    claims = _public_claims_compared(dispute)
    quantities = figures_compared(claims)
    # A quote that is an appearance of one of these public claims has a
    # public source page; a figure's quote may be linked to it only then.
    public_quote_ids = {a.quote_id for claim in claims for a in claim.appearances.all()}
    return render(
        request,
        "claims/dispute.html",
        {
            "dispute": dispute,
            "claims": claims,
            "columns": stance_columns(claims),
            "quantities": [(quantity, chart_of(quantity)) for quantity in quantities],
            "public_quote_ids": public_quote_ids,
        },
    )


# --- The speaker ----------------------------------------------------------------------


@dataclass(frozen=True)
class TrackRecordRow:
    rating: Rating
    count: int


def track_record(claims: list[Claim]) -> tuple[list[TrackRecordRow], int]:
    """How many of ``claims`` got each rating of their scale (from their
    prefetched ``current_verdicts``), in the scale's order, and how many are
    not yet rated. Every rating of a scale used is listed, zeros included,
    so the row shows where the speaker stands on the whole scale."""
    counts: dict[int, int] = {}
    ratings: dict[int, Rating] = {}
    unrated = 0
    for claim in claims:
        verdict = claim.current_verdicts[0] if claim.current_verdicts else None
        if verdict is None:
            unrated += 1
            continue
        ratings[verdict.rating_id] = verdict.rating
        counts[verdict.rating_id] = counts.get(verdict.rating_id, 0) + 1
    scales = {rating.scale_id for rating in ratings.values()}
    if scales:
        for rating in Rating.objects.filter(scale_id__in=scales):
            ratings.setdefault(rating.pk, rating)
    ordered = sorted(ratings.values(), key=lambda r: (r.scale_id, r.order))
    return [TrackRecordRow(rating, counts.get(rating.pk, 0)) for rating in ordered], unrated


@login_not_required
def speaker(request: HttpRequest, slug: str) -> HttpResponse:
    public = Claim.objects.public()
    speaker = get_object_or_404(
        Speaker.objects.filter(Exists(public.filter(speaker=OuterRef("pk")))), slug=slug
    )
    claims = list(
        public.filter(speaker=speaker)
        .select_related("dispute")
        .prefetch_related(current_verdicts())
        .order_by(F("claimed_on").desc(nulls_last=True), "-created_at", "-pk")
    )
    record, unrated = track_record(claims)
    return render(
        request,
        "claims/speaker.html",
        {"speaker": speaker, "claims": claims, "track_record": record, "unrated": unrated},
    )


# --- The source -----------------------------------------------------------------------


@login_not_required
def source(request: HttpRequest, pk: int) -> HttpResponse:
    public_appearances = Appearance.objects.filter(claim__in=Claim.objects.public())
    source = get_object_or_404(
        Source.objects.filter(Exists(public_appearances.filter(quote__revision__source=OuterRef("pk")))),
        pk=pk,
    )
    revision = source.revisions.order_by("-number").first()
    if revision is None:  # a source is made with its first revision; this is a guard
        raise Http404("This source has no text.")
    appearances = list(
        public_appearances.filter(quote__revision=revision)
        .select_related("quote", "claim__speaker")
        .prefetch_related(current_verdicts("claim__verdicts"))
        .order_by("quote__start", "quote__end", "quote__pk")
    )
    text = revision.text
    # A quote flagged orphaned may still sit on its old words; highlight it
    # only where the words are really there, as the workspace reader does.
    anchored = [a for a in appearances if text[a.quote.start : a.quote.end] == a.quote.exact]
    spans = [
        Span(
            a.quote.start,
            a.quote.end,
            a.quote.pk,
            href=reverse("claims:detail", args=[a.claim_id]),
            title=f"{a.claim.speaker.name}: {a.claim.text}",
            label=str(n),
        )
        for n, a in enumerate(anchored, start=1)
    ]
    return render(
        request,
        "claims/source.html",
        {
            "source": source,
            "revision": revision,
            "paragraphs": highlight(text, spans),
            "appearances": anchored,
        },
    )
