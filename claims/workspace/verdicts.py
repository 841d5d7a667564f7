"""Verdicts and publication on a claim's page in the workspace.

On a claim's page (``workspace/claim.html``, its ``verdicts`` section) a
journalist proposes a verdict, edits their draft, submits it for review or
withdraws it again, and an editor publishes or unpublishes the claim (its
``claim`` section). Editors decide submitted verdicts in the review queue
(``claims.workspace.review``); disputes are published from their own page
(``claims.workspace.disputes``).

Every state change is a call to ``claims.domain.workflow``, which checks who may
make it and whether the move is allowed; the views check the permission too,
so that a journalist who posts a hidden form is refused before anything runs.
Refusals are answered as everywhere in the workspace (``claims.workspace.responses``):
403 with the reason, 409 when the verdict has moved on or was already voted
on, 422 with the form and its errors.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from claims.access import PUBLISH_CLAIM_PERMISSION, require_permission, workspace_required
from claims.domain import workflow
from claims.models import Claim, Verdict
from claims.workspace.claim_page import (
    NEW_VERDICT,
    claim_answer,
    get_claim,
    verdict_prefix,
    verdict_withdraw_prefix,
)
from claims.workspace.conflicts import at_version
from claims.workspace.responses import REFUSALS, Answer
from claims.workspace.verdict_forms import VerdictForm, WithdrawVerdictForm

# --- On the claim's page ---------------------------------------------------------------


def _get_verdict(claim: Claim, verdict_pk: int) -> Verdict:
    """A verdict on ``claim``; 404 for any other."""
    return get_object_or_404(Verdict, claim=claim, pk=verdict_pk)


def _verdicts_answer(request: HttpRequest, claim: Claim) -> Answer:
    return claim_answer(request, claim, "verdicts", error_key="verdict_error")


@workspace_required
@require_POST
def verdict_propose(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = _verdicts_answer(request, claim)
    form = VerdictForm(request.POST, prefix=NEW_VERDICT, claim=claim)
    if not form.is_valid():
        return answer.invalid(form)
    data = form.cleaned_data
    try:
        workflow.propose_verdict(
            claim=claim,
            rating=data["rating"],
            rationale=data["rationale"],
            evidence=list(data["evidence"]),
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done("Verdict saved as a draft. Submit it when it is ready for review.")


@workspace_required
@require_POST
def verdict_edit(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    verdict = _get_verdict(claim, verdict_pk)
    answer = _verdicts_answer(request, claim)
    form = VerdictForm(request.POST, prefix=verdict_prefix(verdict.pk), claim=claim, versioned=True)
    if not form.is_valid():
        return answer.invalid(form)
    data = form.cleaned_data
    try:
        workflow.edit_draft(
            verdict=verdict,
            rating=data["rating"],
            rationale=data["rationale"],
            evidence=list(data["evidence"]),
            expected_version=data["version"],
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(
            error, form=form, again=lambda c: at_version(form, c, claim=claim, versioned=True)
        )
    return answer.done("Draft saved.")


@workspace_required
@require_POST
def verdict_submit(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    verdict = _get_verdict(claim, verdict_pk)
    answer = _verdicts_answer(request, claim)
    try:
        workflow.submit_verdict(verdict=verdict, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done("Verdict submitted: the editors have been told.")


@workspace_required
@require_POST
def verdict_withdraw(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    verdict = _get_verdict(claim, verdict_pk)
    answer = _verdicts_answer(request, claim)
    form = WithdrawVerdictForm(request.POST, prefix=verdict_withdraw_prefix(verdict.pk))
    if not form.is_valid():
        return answer.invalid(form)
    try:
        workflow.withdraw_verdict(verdict=verdict, by=request.user, reason=form.cleaned_data["reason"])
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done("Verdict withdrawn from review: it is a draft again.")


# --- Publication -------------------------------------------------------------------------


@workspace_required
@require_POST
def claim_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish_claim(request, pk, workflow.publish_claim, "Claim published: readers can see it now.")


@workspace_required
@require_POST
def claim_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish_claim(
        request, pk, workflow.unpublish_claim, "Claim unpublished: readers no longer see it."
    )


def _publish_claim(request: HttpRequest, pk: int, change, message: str) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "claim", error_key="publication_error")
    try:
        require_permission(request, PUBLISH_CLAIM_PERMISSION, "Only editors publish and unpublish claims.")
        change(claim=claim, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done(message)
