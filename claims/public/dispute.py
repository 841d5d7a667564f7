"""The public page of a dispute: its public claims side by side, their figures
compared in tables and charts. Reads claims through ``Claim.objects.public()``,
and is a 404 for an unpublished dispute."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.domain.disputes import figures_compared, stance_columns
from claims.models import Appearance, Claim, Dispute, Figure, current_verdicts
from claims.public.charts import chart_of


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
