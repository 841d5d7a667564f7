"""Every state change of a verdict, and the publication of claims and disputes.

This module is the only place that moves ``Verdict.state`` or sets
``published_at``: views and the admin call these functions and never assign
those fields themselves. Each function, in the manner of healthchecks'
``Check.ping``:

* runs in one transaction;
* locks the rows it changes with ``SELECT … FOR UPDATE`` and checks the move
  on the freshly read, locked row, never on the caller's possibly stale
  instance, so two people acting at once are serialized and the second sees
  what the first did;
* checks the move against ``TRANSITIONS``, the one table of allowed moves, and
  raises ``TransitionRefused`` (views answer 409) for any other, changing
  nothing;
* writes a ``VerdictTransition`` (who, when, from, to, why) for every state
  change, and sets ``_history_user`` so django-simple-history records who.

Lock order is always the claim, then its verdicts, so two transactions that
both need the claim cannot deadlock.

Review rounds: a verdict's votes count only for the submission they were cast
in. A round starts when the verdict is submitted (``submitted_at``); votes are
never deleted, and withdrawing the verdict ends the round, so after it is
submitted again only votes cast since then count. The database allows one
vote row per editor and verdict, so an editor who voted in an earlier round
votes again by updating their row (decision, reason and time): only their
latest vote is kept. One rejection rejects the verdict, whatever the quorum.

The rules of a move (the transitions table, who may make it, where it leads,
what it sets, the audit row and the vote it writes) are pure and live in
``claims.domain.verdict_rules``: its ``decide`` is what the functions below
apply under their locks, and its ``walk`` is how bulk loaders that write rows
themselves (``claims.devdata.generating``, the demo) get the rows these
functions would have written, without a query or a lock per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.domain import notifications
from claims.domain.editing import save_versioned
from claims.domain.verdict_rules import (
    APPROVED,
    DRAFT,
    Actor,
    Move,
    Review,
    Step,
    TransitionRefused,
    Vote,
    decide,
    supersede,
)
from claims.models import Claim, Dispute, Evidence, Rating, Verdict, VerdictTransition, VerdictVote

APPROVE_PERMISSION = "claims.approve_verdict"
PROPOSE_PERMISSION = "claims.add_verdict"
PUBLISH_CLAIM_PERMISSION = "claims.publish_claim"
PUBLISH_DISPUTE_PERMISSION = "claims.publish_dispute"


def approvals_needed() -> int:
    """How many editors must approve a verdict: ``VERDICT_APPROVALS_REQUIRED``, at least 1."""
    return max(1, int(getattr(settings, "VERDICT_APPROVALS_REQUIRED", 1)))


def current_votes(verdict: Verdict) -> list[VerdictVote]:
    """The votes of the verdict's current review round: those cast since it
    was last submitted. A draft has no current round."""
    if verdict.submitted_at is None:
        return []
    return list(verdict.votes.filter(created_at__gte=verdict.submitted_at).select_related("editor"))


# --- Helpers: every one of them expects to run inside the caller's transaction.


def _lock_verdict(verdict: Verdict) -> Verdict:
    """The verdict as stored now, locked until the transaction ends."""
    return Verdict.objects.select_for_update().get(pk=verdict.pk)


def _lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim_id)


def _review(verdict: Verdict, *, votes: bool = False) -> Review:
    """What ``decide`` needs of ``verdict``, with the votes of its current
    round when asked (a query)."""
    cast = {vote.editor_id: vote.decision for vote in current_votes(verdict)} if votes else {}
    return Review(verdict.state, verdict.author_id, cast)


def _apply(verdict: Verdict, step: Step) -> Verdict:
    """Save what ``step`` sets on ``verdict`` and write its audit row.

    Call while holding the verdict's row lock (``_lock_verdict``), with
    ``verdict`` being the instance read under that lock and ``step`` what
    ``decide`` made of it.
    """
    for name, value in step.fields.items():
        setattr(verdict, name, value)
    verdict._history_user = step.transition.by
    verdict.save(update_fields=[*step.fields, "updated_at"])
    VerdictTransition.objects.create(verdict=verdict, **step.transition._asdict())
    return verdict


def _record_vote(verdict: Verdict, vote: Vote) -> VerdictVote:
    """Record a vote in the current round. One row per editor and verdict is
    all the database allows, so a vote from an earlier round is replaced (see
    the module docstring)."""
    recorded, _ = VerdictVote.objects.update_or_create(
        verdict=verdict,
        editor=vote.editor,
        defaults={"decision": vote.decision, "reason": vote.reason, "created_at": vote.created_at},
    )
    return recorded


def _require_perm(user: AbstractBaseUser, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _require_author(verdict: Verdict, by: AbstractBaseUser, message: str) -> None:
    if verdict.author_id != by.pk:
        raise PermissionDenied(message)


def _checked_evidence(claim: Claim, evidence: Iterable[Evidence]) -> list[Evidence]:
    chosen = list(evidence)
    if any(item.claim_id != claim.pk for item in chosen):
        raise ValidationError({"evidence": "A verdict can rest only on evidence attached to its claim."})
    return chosen


def _check_fields(verdict: Verdict) -> None:
    """Field validation only (a rationale is required, the rating exists);
    the state and the constraints are this module's to keep."""
    verdict.full_clean(exclude=["evidence"], validate_unique=False, validate_constraints=False)


# --- Verdicts


def propose_verdict(
    *,
    claim: Claim,
    rating: Rating,
    rationale: str,
    evidence: Iterable[Evidence] = (),
    by: AbstractBaseUser,
) -> Verdict:
    """A new draft verdict on ``claim`` written by ``by``.

    Preconditions: ``by`` holds ``claims.add_verdict`` (else PermissionDenied);
    the claim is not withdrawn and every piece of evidence is attached to it
    (else ValidationError). The rationale is sanitized when saved.
    """
    _require_perm(by, PROPOSE_PERMISSION, "Only journalists and editors propose verdicts.")
    chosen = _checked_evidence(claim, evidence)
    with transaction.atomic():
        # Locked so that the claim cannot be withdrawn between the check and the insert.
        locked_claim = _lock_claim(claim.pk)
        if locked_claim.is_withdrawn:
            raise ValidationError("This claim is withdrawn: restore it before proposing a verdict.")
        verdict = Verdict(claim=locked_claim, rating=rating, rationale=rationale, author=by)
        _check_fields(verdict)
        verdict._history_user = by
        verdict.save()
        if chosen:
            verdict.evidence.set(chosen)
    return verdict


def edit_draft(
    *,
    verdict: Verdict,
    rating: Rating,
    rationale: str,
    evidence: Iterable[Evidence],
    expected_version: int,
    by: AbstractBaseUser,
) -> Verdict:
    """Change a draft's rating, rationale and evidence.

    Preconditions: ``by`` is the author (else PermissionDenied); the verdict
    is a draft (else TransitionRefused); it is still at ``expected_version``,
    the version the author's form was read at (else EditConflict, saying what
    changed). Evidence must be attached to the claim (else ValidationError).
    """
    _require_author(verdict, by, "Only the author of a draft can edit it.")
    with transaction.atomic():
        locked = _lock_verdict(verdict)
        if locked.state != DRAFT:
            raise TransitionRefused(
                f"Only a draft can be edited; this verdict is {locked.get_state_display().lower()}."
            )
        chosen = _checked_evidence(locked.claim, evidence)
        locked.rating = rating
        locked.rationale = rationale
        _check_fields(locked)
        save_versioned(locked, fields=["rating", "rationale"], expected_version=expected_version, by=by)
        locked.evidence.set(chosen)
    return locked


def submit_verdict(*, verdict: Verdict, by: AbstractBaseUser) -> Verdict:
    """Send a draft to the editors: DRAFT -> SUBMITTED, starting a new review
    round, and email the editors once the transaction commits.

    Preconditions: ``by`` is the author (else PermissionDenied); the verdict
    is a draft (else TransitionRefused).
    """
    with transaction.atomic():
        locked = _lock_verdict(verdict)
        step = decide(
            _review(locked), Move("submit", by, timezone.now()), approvals_needed=approvals_needed()
        )
        _apply(locked, step)
        notifications.verdict_submitted(locked)
    return locked


def withdraw_verdict(*, verdict: Verdict, by: AbstractBaseUser, reason: str = "") -> Verdict:
    """Take a submitted verdict back to draft: SUBMITTED -> DRAFT. The votes
    of the round are kept for the audit but stop counting; submitting again
    starts a new round.

    Preconditions: ``by`` is the author (else PermissionDenied); the verdict
    is submitted (else TransitionRefused).
    """
    with transaction.atomic():
        locked = _lock_verdict(verdict)
        move = Move("withdraw", by, timezone.now(), reason)
        _apply(locked, decide(_review(locked), move, approvals_needed=approvals_needed()))
    return locked


def approve_verdict(*, verdict: Verdict, by: AbstractBaseUser) -> Verdict:
    """Record ``by``'s approval; once the current round has
    ``approvals_needed()`` approvals, SUBMITTED -> APPROVED, and the claim's
    previously approved verdict, if any, APPROVED -> SUPERSEDED in the same
    transaction. The author is emailed when the verdict is approved.

    Returns the verdict as stored now: still SUBMITTED while more approvals
    are needed.

    Preconditions: ``by`` holds ``claims.approve_verdict`` and did not write
    the verdict (else PermissionDenied); the verdict is submitted and ``by``
    has not voted in this round (else TransitionRefused).
    """
    _require_perm(by, APPROVE_PERMISSION, "Only editors approve verdicts.")
    with transaction.atomic():
        # The claim first: approving may change which of its verdicts is the approved one.
        _lock_claim(verdict.claim_id)
        locked = _lock_verdict(verdict)
        approval = Move("approve", by, timezone.now())
        step = decide(_review(locked, votes=True), approval, approvals_needed=approvals_needed())
        _record_vote(locked, step.vote)
        if step.transition is None:
            return locked

        previous = Verdict.objects.select_for_update().filter(claim_id=locked.claim_id, state=APPROVED)
        for old in previous.exclude(pk=locked.pk):
            # Before the new one is approved: one approved verdict per claim
            # is a constraint checked at each statement.
            move = supersede(approval, successor=locked.pk)
            _apply(old, decide(_review(old), move, approvals_needed=approvals_needed()))
        _apply(locked, step)
        notifications.verdict_decided(locked)
    return locked


def reject_verdict(*, verdict: Verdict, by: AbstractBaseUser, reason: str) -> Verdict:
    """Reject a submitted verdict with a reason: SUBMITTED -> REJECTED,
    whatever the quorum, and email the author.

    Preconditions: ``by`` holds ``claims.approve_verdict`` and did not write
    the verdict (else PermissionDenied); ``reason`` is not blank (else
    ValidationError); the verdict is submitted and ``by`` has not voted in
    this round (else TransitionRefused).
    """
    _require_perm(by, APPROVE_PERMISSION, "Only editors reject verdicts.")
    with transaction.atomic():
        locked = _lock_verdict(verdict)
        move = Move("reject", by, timezone.now(), reason)
        step = decide(_review(locked, votes=True), move, approvals_needed=approvals_needed())
        _record_vote(locked, step.vote)
        _apply(locked, step)
        notifications.verdict_decided(locked)
    return locked


# --- Publication


def publication_fields(*, published: bool, by: Actor, at: dt.datetime) -> dict[str, Any]:
    """The fields that publishing (or unpublishing) a claim or a dispute
    sets, by ``by`` at ``at``. Pure, for ``_set_published`` and for bulk
    loaders; saving them is a change the object's history records, by ``by``."""
    return {"published_at": at if published else None, "published_by": by if published else None}


def _set_published(obj: Claim | Dispute, *, published: bool, by: AbstractBaseUser) -> None:
    """Call while holding ``obj``'s row lock. Saving moves its version on, so
    an edit form opened before publication reports the change."""
    fields = publication_fields(published=published, by=by, at=timezone.now())
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = by
    obj.save(update_fields=list(fields))


def publish_claim(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Make a claim public.

    Preconditions: ``by`` holds ``claims.publish_claim`` (else
    PermissionDenied); the claim is neither withdrawn nor already published
    (else TransitionRefused).
    """
    _require_perm(by, PUBLISH_CLAIM_PERMISSION, "Only editors publish claims.")
    with transaction.atomic():
        locked = _lock_claim(claim.pk)
        if locked.is_withdrawn:
            raise TransitionRefused("This claim is withdrawn: restore it before publishing it.")
        if locked.published_at is not None:
            raise TransitionRefused("This claim is already published.")
        _set_published(locked, published=True, by=by)
    return locked


def unpublish_claim(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Take a claim off the public site. A withdrawn claim may be
    unpublished: that only tidies it, as withdrawn claims are never public.

    Preconditions: ``by`` holds ``claims.publish_claim`` (else
    PermissionDenied); the claim is published (else TransitionRefused).
    """
    _require_perm(by, PUBLISH_CLAIM_PERMISSION, "Only editors unpublish claims.")
    with transaction.atomic():
        locked = _lock_claim(claim.pk)
        if locked.published_at is None:
            raise TransitionRefused("This claim is not published.")
        _set_published(locked, published=False, by=by)
    return locked


def publish_dispute(*, dispute: Dispute, by: AbstractBaseUser) -> Dispute:
    """Make a dispute public.

    Preconditions: ``by`` holds ``claims.publish_dispute`` (else
    PermissionDenied); the dispute is not already published (else
    TransitionRefused).
    """
    _require_perm(by, PUBLISH_DISPUTE_PERMISSION, "Only editors publish disputes.")
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if locked.published_at is not None:
            raise TransitionRefused("This dispute is already published.")
        _set_published(locked, published=True, by=by)
    return locked


def unpublish_dispute(*, dispute: Dispute, by: AbstractBaseUser) -> Dispute:
    """Take a dispute off the public site.

    Preconditions: ``by`` holds ``claims.publish_dispute`` (else
    PermissionDenied); the dispute is published (else TransitionRefused).
    """
    _require_perm(by, PUBLISH_DISPUTE_PERMISSION, "Only editors unpublish disputes.")
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if locked.published_at is None:
            raise TransitionRefused("This dispute is not published.")
        _set_published(locked, published=False, by=by)
    return locked
