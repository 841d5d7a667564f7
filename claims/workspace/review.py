"""The editors' review queue: submitted verdicts, oldest first, each with
what an editor needs to decide it (the claim's quotes, relations, evidence
cited and not, the verdict it would supersede, the votes so far), and the
approve and reject buttons.

``workspace/review.html`` is the page; its ``queue`` partial answers htmx.
Every decision is a call to ``claims.domain.workflow``; the views check the
permission first, and refusals are answered as everywhere in the workspace
(``claims.workspace.responses``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.access import REVIEW_PERMISSION, require_permission, workspace_required
from claims.domain import workflow
from claims.domain.relations import RelatedClaim, prefetch_related_claims, prefetched_related_claims
from claims.models import Appearance, Claim, Evidence, Verdict, VerdictVote
from claims.workspace.responses import REFUSALS, Answer, Shown
from claims.workspace.verdict_forms import RejectForm

REVIEW_TEMPLATE = "workspace/review.html"


@dataclass
class ReviewItem:
    """A submitted verdict with what an editor needs to decide it."""

    verdict: Verdict
    related: list[RelatedClaim]
    cited: list[Evidence]
    uncited: list[Evidence]
    current: Verdict | None
    votes: list[VerdictVote]
    approvals: int
    my_vote: VerdictVote | None
    # Four-eyes: the queue shows its author a note instead of Approve.
    is_own: bool
    reject_form: RejectForm


def reject_prefix(pk: int) -> str:
    return f"rj{pk}"


def _review_items(user, bound: dict[int, RejectForm] | None = None) -> list[ReviewItem]:
    """Submitted verdicts, oldest first, with their claims' quotes, active
    relations (from both ends), evidence and current approved verdict, in a
    fixed number of queries plus one per verdict for its votes."""
    bound = bound or {}
    active_evidence = Evidence.objects.filter(withdrawn_at__isnull=True).select_related("source")
    verdicts = (
        Verdict.objects.filter(state=Verdict.State.SUBMITTED)
        .select_related("claim__speaker", "rating", "author")
        .prefetch_related(
            "evidence",
            Prefetch(
                "claim__appearances",
                queryset=Appearance.objects.select_related("quote__revision__source"),
            ),
            Prefetch("claim__evidence", queryset=active_evidence, to_attr="active_evidence"),
            Prefetch(
                "claim__verdicts",
                queryset=Verdict.objects.approved().select_related("rating"),
                to_attr="approved_verdicts",
            ),
            *prefetch_related_claims("claim__", others=Claim.objects.active()),
        )
        .order_by("submitted_at", "pk")
    )
    items = []
    for verdict in verdicts:
        claim = verdict.claim
        cited_ids = {e.pk for e in verdict.evidence.all()}
        votes = workflow.current_votes(verdict)
        item = ReviewItem(
            verdict=verdict,
            related=prefetched_related_claims(claim),
            cited=list(verdict.evidence.all()),
            uncited=[e for e in claim.active_evidence if e.pk not in cited_ids],
            current=next(iter(claim.approved_verdicts), None),
            votes=votes,
            approvals=sum(v.decision == VerdictVote.Decision.APPROVE for v in votes),
            my_vote=next((v for v in votes if v.editor_id == user.pk), None),
            is_own=verdict.author_id == user.pk,
            reject_form=bound.get(verdict.pk) or RejectForm(prefix=reject_prefix(verdict.pk)),
        )
        items.append(item)
    return items


def _queue_answer(request: HttpRequest, verdict: Verdict | None = None) -> Answer:
    """How the queue answers: itself, whole for a plain request and as the
    ``queue`` partial for htmx (the context is the same), with the reject
    form sent back for ``verdict`` among the items' forms."""

    def context(shown: Shown) -> dict:
        bound = {verdict.pk: shown.form} if verdict is not None and shown.form is not None else None
        return {"items": _review_items(request.user, bound), "approvals_needed": workflow.approvals_needed()}

    return Answer(
        request,
        REVIEW_TEMPLATE,
        "queue",
        context,
        success_url=reverse("workspace:review"),
        error_key="error_message",
    )


def _get_reviewed_verdict(verdict_pk: int) -> Verdict:
    return get_object_or_404(Verdict.objects.select_related("claim__speaker", "rating"), pk=verdict_pk)


@workspace_required
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    answer = _queue_answer(request)
    try:
        require_permission(request, REVIEW_PERMISSION, "Only editors review verdicts.")
    except REFUSALS as error:
        return answer.refused(error)
    return answer.page()


def _decided(verdict: Verdict, done: str) -> str:
    verdict.refresh_from_db(fields=["state"])
    claim = f"{verdict.claim.speaker.name}'s claim"
    if verdict.state == Verdict.State.SUBMITTED:
        return f"Your approval of “{verdict.rating.label}” on {claim} is recorded; it needs more approvals."
    return f"“{verdict.rating.label}” on {claim} {done}."


@workspace_required
@require_POST
def verdict_approve(request: HttpRequest, verdict_pk: int) -> HttpResponse:
    verdict = _get_reviewed_verdict(verdict_pk)
    answer = _queue_answer(request)
    try:
        require_permission(request, REVIEW_PERMISSION, "Only editors approve verdicts.")
        workflow.approve_verdict(verdict=verdict, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done(_decided(verdict, "approved; the author has been told"))


@workspace_required
@require_POST
def verdict_reject(request: HttpRequest, verdict_pk: int) -> HttpResponse:
    verdict = _get_reviewed_verdict(verdict_pk)
    answer = _queue_answer(request, verdict)
    form = RejectForm(request.POST, prefix=reject_prefix(verdict.pk))
    try:
        require_permission(request, REVIEW_PERMISSION, "Only editors reject verdicts.")
        if not form.is_valid():
            return answer.invalid(form)
        workflow.reject_verdict(verdict=verdict, by=request.user, reason=form.cleaned_data["reason"])
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done(f"“{verdict.rating.label}” on {verdict.claim.speaker.name}'s claim rejected.")
