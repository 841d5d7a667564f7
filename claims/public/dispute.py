"""The public page of a dispute: its public claims side by side, their figures
compared in tables and charts. Reads claims through ``Claim.objects.public()``,
and is a 404 for an unpublished dispute."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.domain.disputes import claims_compared, figures_compared, stance_columns
from claims.models import Dispute
from claims.public.charts import chart_of


@login_not_required
def dispute(request: HttpRequest, slug: str) -> HttpResponse:
    dispute = get_object_or_404(Dispute.objects.public(), slug=slug)
    claims = claims_compared(dispute, public_only=True)
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
