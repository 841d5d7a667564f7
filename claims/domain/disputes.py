"""Disputes: attaching claims to the contested question and detaching them,
and what a dispute's page compares: the claims by their stance, and the
figures they give for each quantity."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, QuerySet

from claims.domain.lookups import find_claims
from claims.models import Appearance, Claim, Dispute, Figure, current_verdicts
from claims.words import fold
from sources.models import Quote

ATTACH_RESULTS = 8
Stance = Claim.DisputeStance


def claims_to_attach(dispute: Dispute, query: str = "") -> QuerySet[Claim]:
    """Active claims not in ``dispute`` found by the words typed (the
    workspace's claim lookup, ``claims.domain.lookups.find_claims``); with
    nothing typed, the latest claims in no dispute at all."""
    claims = Claim.objects.active().exclude(dispute=dispute)
    if query.strip():
        claims = find_claims(query, claims=claims)
    else:
        claims = claims.filter(dispute__isnull=True).order_by("-updated_at", "-pk")
    return claims.select_related("speaker", "dispute")[:ATTACH_RESULTS]


def _lock_claim(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def attach_claim(*, dispute: Dispute, claim: Claim, stance: str, by: AbstractBaseUser) -> Claim:
    """Put ``claim`` in ``dispute`` with its ``stance`` on the question. A claim
    belongs to one dispute at most, so one in another dispute moves here.

    Raises ValidationError, changing nothing, for a withdrawn claim, one
    already in this dispute, or a stance that is not one of the choices."""
    if stance not in Stance.values:
        raise ValidationError("Choose the claim's stance on the question.")
    with transaction.atomic():
        claim = _lock_claim(claim)
        if claim.is_withdrawn:
            raise ValidationError("That claim was withdrawn; restore it before adding it to a dispute.")
        if claim.dispute_id == dispute.pk:
            raise ValidationError("That claim is already in this dispute.")
        claim.dispute = dispute
        claim.dispute_stance = stance
        claim._history_user = by
        # A plain save moves the version on: an open claim editor sees it.
        claim.save(update_fields=["dispute", "dispute_stance", "updated_at"])
    return claim


def detach_claim(*, dispute: Dispute, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Take ``claim`` out of ``dispute``; its stance goes with it. The claim
    itself stays, and the history records the change."""
    with transaction.atomic():
        claim = _lock_claim(claim)
        if claim.dispute_id != dispute.pk:
            raise ValidationError("That claim is no longer in this dispute; it may have just been detached.")
        claim.dispute = None
        claim.dispute_stance = ""
        claim._history_user = by
        claim.save(update_fields=["dispute", "dispute_stance", "updated_at"])
    return claim


# --- The dispute's page ---------------------------------------------------------------


def claims_compared(dispute: Dispute, *, public_only: bool = False) -> list[Claim]:
    """The dispute's active claims, oldest first (undated ones last), with
    what its pages show of each: their speakers, their figures with each
    figure's quote and source, and their appearances with theirs, in four
    queries whatever their number.

    With ``public_only``, what a reader sees: the public claims only
    (``Claim.objects.public()``), each with its current verdict prefetched
    into ``current_verdicts``, in five queries."""
    claims = Claim.objects.public() if public_only else Claim.objects.active()
    # The revision's text can be long, and only the source's title is shown.
    figures = Figure.objects.select_related("quote__revision__source").defer("quote__revision__text")
    appearances = Appearance.objects.select_related("quote__revision__source").defer("quote__revision__text")
    prefetches = [Prefetch("figures", queryset=figures), Prefetch("appearances", queryset=appearances)]
    if public_only:
        prefetches.append(current_verdicts())
    return list(
        claims.filter(dispute=dispute)
        .select_related("speaker")
        .prefetch_related(*prefetches)
        .order_by(F("claimed_on").asc(nulls_last=True), "created_at", "pk")
    )


@dataclass
class StanceColumn:
    stance: str
    label: str
    claims: list[Claim] = field(default_factory=list)


def stance_columns(claims: list[Claim]) -> list[StanceColumn]:
    """Three columns: says yes, says no, neither. A claim whose stance was
    never set goes in the third, marked as such in the template."""
    columns = {stance: StanceColumn(stance, label) for stance, label in Stance.choices}
    for claim in claims:
        columns.get(claim.dispute_stance, columns[Stance.OTHER]).claims.append(claim)
    return list(columns.values())


@dataclass(frozen=True)
class FigureRow:
    """One speaker's figure for a quantity, or a denial that claims none."""

    claim: Claim
    value: str
    figure: Figure | None
    quote: Quote | None
    # True when the quote is the claim's appearance rather than the words
    # stating the figure (a figure recorded without its own quote, or a denial).
    quote_is_claims: bool = False

    @property
    def is_denial(self) -> bool:
        return self.figure is None


@dataclass
class Quantity:
    counted: str
    rows: list[FigureRow] = field(default_factory=list)


NONE_CLAIMED = "none claimed (denies the allegation)"
_STANCE_ORDER = {Stance.AFFIRMS: 0, Stance.DENIES: 1, Stance.OTHER: 2, "": 3}


def _first_quote(claim: Claim) -> Quote | None:
    appearances = list(claim.appearances.all())
    return appearances[0].quote if appearances else None


def figures_compared(claims: list[Claim]) -> list[Quantity]:
    """One table per quantity counted (compared without regard to case or
    spacing), one row per figure given, then one row for each claim that
    denies the event and gives no figure for that quantity: its "none" is
    read from the denial. Works on ``claims_compared``'s prefetched claims
    without further queries.

    Tables with more figures come first, so the quantity most in dispute
    leads; rows follow the stance columns (yes, no, neither)."""
    quantities: dict[str, Quantity] = {}
    ordered = sorted(claims, key=lambda c: _STANCE_ORDER.get(c.dispute_stance, 3))
    for claim in ordered:
        for figure in claim.figures.all():
            quantity = quantities.setdefault(fold(figure.counted), Quantity(" ".join(figure.counted.split())))
            quote, borrowed = figure.quote, False
            if quote is None:
                quote, borrowed = _first_quote(claim), True
            quantity.rows.append(
                FigureRow(claim, figure.display_value, figure, quote, borrowed and bool(quote))
            )
    for key, quantity in quantities.items():
        for claim in ordered:
            if claim.dispute_stance != Stance.DENIES:
                continue
            if any(fold(f.counted) == key for f in claim.figures.all()):
                continue
            quantity.rows.append(FigureRow(claim, NONE_CLAIMED, None, _first_quote(claim), True))
    return sorted(
        quantities.values(),
        key=lambda q: (-sum(1 for row in q.rows if row.figure is not None), q.counted.casefold()),
    )
