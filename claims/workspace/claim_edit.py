"""Editing the claim itself on its page: its fields, withdrawing and
restoring it, and the speakers found while its speaker is typed. Answers
come back as the page's ``claim`` section (``claim_page.claim_answer``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from claims.access import workspace_required
from claims.domain.editing import save_versioned
from claims.domain.lookups import find_speakers
from claims.workspace.claim_forms import ClaimForm
from claims.workspace.claim_page import (
    CLAIM,
    CLAIM_ITEM,
    claim_answer,
    get_claim,
    restore_item,
    withdraw_item,
)
from claims.workspace.forms import SEARCH_RESULTS, checked_speaker
from claims.workspace.responses import REFUSALS


@workspace_required
@require_POST
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "claim")
    form = ClaimForm(request.POST, prefix=CLAIM)
    if not form.is_valid():
        return answer.invalid(form)
    fields = form.apply(claim)
    try:
        save_versioned(claim, fields=fields, expected_version=form.cleaned_data["version"], by=request.user)
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done("Claim saved.")


@workspace_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "claim")
    message = "Claim withdrawn. It is hidden from the workspace lists and the public."
    return withdraw_item(request, answer, claim, CLAIM_ITEM, message)


@workspace_required
@require_POST
def claim_restore(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    return restore_item(request, claim_answer(request, claim, "claim"), claim, CLAIM_ITEM, "Claim restored.")


@workspace_required
@require_GET
def claim_speaker_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Radio buttons for the existing speakers matching the name typed."""
    get_claim(pk)
    query = request.GET.get(f"{CLAIM}-speaker_name", "").strip()
    speakers = list(find_speakers(query)[:SEARCH_RESULTS]) if query else []
    return render(
        request,
        "workspace/_claim_speaker_results.html",
        {
            "prefix": CLAIM,
            "query": query,
            "speakers": speakers,
            "checked": checked_speaker("", query, speakers),
        },
    )
