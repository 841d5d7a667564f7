"""Verdicts and publication through the newsroom's API: propose, edit,
submit and withdraw a verdict; for editors, approve or reject it (never
their own) and publish or unpublish claims and disputes. Every move is a
call to ``claims.domain.workflow``, after the permission check its page
makes (``claims.access.require_permission``), so a journalist's token is
refused before anything runs, as a journalist's hidden form is."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from claims.access import (
    PUBLISH_CLAIM_PERMISSION,
    PUBLISH_DISPUTE_PERMISSION,
    REVIEW_PERMISSION,
    require_permission,
)
from claims.api.auth import newsroom_token
from claims.api.newsroom_answers import fresh_claim, invalid, rating_out, refused, responses, verdict_out
from claims.api.newsroom_schemas import (
    ClaimOut,
    NewsroomDisputeOut,
    NewsroomRatingOut,
    NewsroomVerdictOut,
    RejectIn,
    VerdictEditIn,
    VerdictIn,
    VerdictWithdrawIn,
)
from claims.domain import workflow
from claims.domain.claim_parts import rationale_errors
from claims.domain.refusals import REFUSALS
from claims.models import Claim, Dispute, Evidence, Rating, Verdict

router = Router(tags=["newsroom"], auth=newsroom_token)


def _ratings():
    """The ratings a verdict may give: the default scale's, in its order,
    as the verdict form offers them."""
    return Rating.objects.filter(scale__is_default=True).order_by("order")


def _verdict(verdict_pk: int) -> Verdict:
    return get_object_or_404(Verdict.objects.select_related("claim", "rating", "author"), pk=verdict_pk)


def _answer(verdict: Verdict) -> dict:
    return verdict_out(_verdict(verdict.pk))


def _verdict_fields(claim: Claim, payload: VerdictIn) -> dict | Status:
    """The rating, rationale and evidence the body names, or the 422 answer."""
    errors = rationale_errors(payload.rationale)
    rating = _ratings().filter(pk=payload.rating_id).first()
    if rating is None:
        errors["rating_id"] = "Choose a rating of the newsroom's scale (GET /ratings lists them)."
    active = Evidence.objects.filter(claim=claim, withdrawn_at__isnull=True)
    chosen = list(active.filter(pk__in=payload.evidence_ids))
    if len(chosen) != len(set(payload.evidence_ids)):
        errors["evidence_ids"] = "A verdict can rest only on evidence attached to its claim, not withdrawn."
    if errors:
        return invalid(errors)
    return {"rating": rating, "rationale": payload.rationale.strip(), "evidence": chosen}


@router.get("/ratings", response=responses({200: list[NewsroomRatingOut]}))
def ratings(request: HttpRequest):
    return [rating_out(r) for r in _ratings()]


@router.post("/claims/{int:pk}/verdicts", response=responses({201: NewsroomVerdictOut}))
def propose_verdict(request: HttpRequest, pk: int, payload: VerdictIn):
    """A draft verdict on the claim, written by the token's owner."""
    claim = get_object_or_404(Claim, pk=pk)
    fields = _verdict_fields(claim, payload)
    if isinstance(fields, Status):
        return fields
    try:
        verdict = workflow.propose_verdict(claim=claim, by=request.user, **fields)
    except REFUSALS as error:
        return refused(error)
    return Status(201, _answer(verdict))


@router.get("/verdicts/{int:verdict_pk}", response=responses({200: NewsroomVerdictOut}))
def get_verdict(request: HttpRequest, verdict_pk: int):
    return verdict_out(_verdict(verdict_pk))


@router.patch("/verdicts/{int:verdict_pk}", response=responses({200: NewsroomVerdictOut}))
def edit_verdict(request: HttpRequest, verdict_pk: int, payload: VerdictEditIn):
    """Change a draft (its author only), if it is still at ``version``."""
    verdict = _verdict(verdict_pk)
    fields = _verdict_fields(verdict.claim, payload)
    if isinstance(fields, Status):
        return fields
    try:
        workflow.edit_draft(verdict=verdict, expected_version=payload.version, by=request.user, **fields)
    except REFUSALS as error:
        return refused(error)
    return _answer(verdict)


@router.post("/verdicts/{int:verdict_pk}/submit", response=responses({200: NewsroomVerdictOut}))
def submit_verdict(request: HttpRequest, verdict_pk: int):
    """Send a draft to the editors (its author only); they are emailed."""
    verdict = _verdict(verdict_pk)
    try:
        workflow.submit_verdict(verdict=verdict, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return _answer(verdict)


@router.post("/verdicts/{int:verdict_pk}/withdraw", response=responses({200: NewsroomVerdictOut}))
def withdraw_verdict(request: HttpRequest, verdict_pk: int, payload: VerdictWithdrawIn):
    """Take a submitted verdict back to draft (its author only)."""
    verdict = _verdict(verdict_pk)
    try:
        workflow.withdraw_verdict(verdict=verdict, by=request.user, reason=payload.reason)
    except REFUSALS as error:
        return refused(error)
    return _answer(verdict)


@router.post("/verdicts/{int:verdict_pk}/approve", response=responses({200: NewsroomVerdictOut}))
def approve_verdict(request: HttpRequest, verdict_pk: int):
    """An editor's approval (never of their own verdict). The verdict stays
    submitted while it needs more approvals."""
    verdict = _verdict(verdict_pk)
    try:
        require_permission(request, REVIEW_PERMISSION, "Only editors approve verdicts.")
        workflow.approve_verdict(verdict=verdict, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return _answer(verdict)


@router.post("/verdicts/{int:verdict_pk}/reject", response=responses({200: NewsroomVerdictOut}))
def reject_verdict(request: HttpRequest, verdict_pk: int, payload: RejectIn):
    """An editor's rejection, with the reason the author reads."""
    verdict = _verdict(verdict_pk)
    try:
        require_permission(request, REVIEW_PERMISSION, "Only editors reject verdicts.")
        workflow.reject_verdict(verdict=verdict, by=request.user, reason=payload.reason.strip())
    except REFUSALS as error:
        return refused(error, field="reason")
    return _answer(verdict)


# --- Publication --------------------------------------------------------------------------


def _publish_claim(request: HttpRequest, pk: int, change: Callable) -> Status | dict:
    claim = get_object_or_404(Claim, pk=pk)
    try:
        require_permission(request, PUBLISH_CLAIM_PERMISSION, "Only editors publish and unpublish claims.")
        change(claim=claim, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return fresh_claim(claim.pk)


@router.post("/claims/{int:pk}/publish", response=responses({200: ClaimOut}))
def publish_claim(request: HttpRequest, pk: int):
    return _publish_claim(request, pk, workflow.publish_claim)


@router.post("/claims/{int:pk}/unpublish", response=responses({200: ClaimOut}))
def unpublish_claim(request: HttpRequest, pk: int):
    return _publish_claim(request, pk, workflow.unpublish_claim)


def _publish_dispute(request: HttpRequest, pk: int, change: Callable) -> Status | dict:
    dispute = get_object_or_404(Dispute, pk=pk)
    try:
        require_permission(
            request, PUBLISH_DISPUTE_PERMISSION, "Only editors publish and unpublish disputes."
        )
        dispute = change(dispute=dispute, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return {"id": dispute.pk, "question": dispute.question, "published_at": dispute.published_at}


@router.post("/disputes/{int:pk}/publish", response=responses({200: NewsroomDisputeOut}))
def publish_dispute(request: HttpRequest, pk: int):
    return _publish_dispute(request, pk, workflow.publish_dispute)


@router.post("/disputes/{int:pk}/unpublish", response=responses({200: NewsroomDisputeOut}))
def unpublish_dispute(request: HttpRequest, pk: int):
    return _publish_dispute(request, pk, workflow.unpublish_dispute)
