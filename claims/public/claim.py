"""The public page of a claim, and the rating colours' stylesheet. Reads claims
through ``Claim.objects.public()``: an unpublished or withdrawn claim is a 404."""

from collections import defaultdict

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.domain.relations import related_claims
from claims.models import Claim, Evidence, ExternalFactCheck, Rating, Verdict
from claims.public.structured_data import claim_review, json_ld, open_graph


@login_not_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.public().select_related("speaker", "dispute"),
        pk=pk,
    )
    # A quote a revision could not place is still where the claim appeared,
    # in the earlier text; the page says so.
    appearances = claim.appearances.select_related("quote__revision__source")
    evidence_by_stance: dict[str, list[Evidence]] = defaultdict(list)
    for item in claim.evidence.filter(withdrawn_at__isnull=True).select_related("source"):
        evidence_by_stance[item.get_stance_display()].append(item)
    verdicts = list(
        claim.verdicts.filter(state__in=[Verdict.State.APPROVED, Verdict.State.SUPERSEDED])
        .select_related("rating__scale")  # the scale for ClaimReview's best and worst ratings
        .order_by("-decided_at", "-pk")
    )
    current = next((v for v in verdicts if v.state == Verdict.State.APPROVED), None)
    dispute = claim.dispute if claim.dispute and claim.dispute.is_published else None
    # Only a claim with an approved verdict has a review. It is built from the
    # verdict and appearances loaded above (iterating the queryset caches its
    # rows for the template), so it adds no queries.
    review = (
        claim_review(claim, request=request, verdict=current, appearances=appearances) if current else None
    )
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "appearances": appearances,
            "related": related_claims(claim, others=Claim.objects.public(), verdicts=True),
            "evidence_by_stance": dict(evidence_by_stance),
            "figures": claim.figures.all(),
            "verdict": current,
            "verdict_history": verdicts,
            "dispute": dispute,
            # Other newsrooms' reviews an editor matched to this claim: one query.
            "also_checked": ExternalFactCheck.objects.matched_to(claim),
            "claim_review": json_ld(review) if review else None,
            "og": open_graph(claim, request=request, verdict=current),
        },
    )


@login_not_required
def rating_styles(request: HttpRequest) -> HttpResponse:
    """The rating colours as a stylesheet: colours are data editable in the
    admin, and a stylesheet from our own origin keeps pages free of inline
    styles (which a strict Content Security Policy forbids)."""
    rules = [
        f".swatch-{rating.slug} {{ background: {rating.colour}; }}"
        for rating in Rating.objects.only("slug", "colour")
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
