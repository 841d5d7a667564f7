"""CSV downloads for spreadsheets: the browse page's claims with its search
and filters applied, and a dispute's figures compared. The columns and the
file's form are ``claims.domain.spreadsheets``'s; what is public is what the
pages show, read through the same functions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from claims.domain.disputes import claims_compared, figures_compared
from claims.domain.spreadsheets import CLAIM_COLUMNS, FIGURE_COLUMNS, claim_row, csv_text, figure_rows
from claims.models import Appearance, Dispute, current_verdicts
from claims.public.browse import COUNT_LIMIT, browse_form, found_claims

CSV_TYPE = "text/csv; charset=utf-8"


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_not_required
@require_safe
def browse_csv(request: HttpRequest) -> HttpResponse:
    """The claims the browse page finds for the same query string, in its
    order, one row each: the first ``COUNT_LIMIT`` of them, as the page's
    own pages stop there. Six queries whatever the rows: five for the
    filters' choices (as on the page), the count, the claims, their verdicts
    and their appearances' sources."""
    form = browse_form(request)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponse(
            f"Nothing was searched: {problems}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    found, _ = found_claims(form)
    appearances = Appearance.objects.select_related("quote__revision__source").defer(
        "quote__revision__text", "quote__exact", "quote__prefix", "quote__suffix"
    )
    claims = (
        found.select_related("speaker", "dispute")
        .defer("search_text")
        .prefetch_related(current_verdicts(), Prefetch("appearances", queryset=appearances))
    )[:COUNT_LIMIT]
    absolute = request.build_absolute_uri
    return _csv_response(csv_text(CLAIM_COLUMNS, (claim_row(c, absolute) for c in claims)), "claims.csv")


@login_not_required
@require_safe
def dispute_figures_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """A published dispute's figures, one row per figure given, as its page
    compares them; a 404 for a dispute readers may not see."""
    dispute = get_object_or_404(Dispute.objects.public(), slug=slug)
    claims = claims_compared(dispute, public_only=True)
    public_quote_ids = {a.quote_id for claim in claims for a in claim.appearances.all()}
    rows = figure_rows(figures_compared(claims), request.build_absolute_uri, public_quote_ids)
    return _csv_response(csv_text(FIGURE_COLUMNS, rows), f"{dispute.slug}-figures.csv")
