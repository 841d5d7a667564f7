"""The rules of a verdict's moves, pure: its states, the one transitions
table, who may make each move, and what each move writes (the verdict's
fields, its audit row, the editor's vote). ``claims.domain.workflow``
applies them under its locks; bulk loaders (``claims.devdata.generating``)
take a verdict through a path of moves with ``walk``, so that their rows are
what the workflow would have written, without a query or a lock per row.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Verdict, VerdictVote

DRAFT = Verdict.State.DRAFT
SUBMITTED = Verdict.State.SUBMITTED
APPROVED = Verdict.State.APPROVED
REJECTED = Verdict.State.REJECTED
SUPERSEDED = Verdict.State.SUPERSEDED

# The one table of allowed moves: (from_state, action) -> to_state.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "submit"): SUBMITTED,
    (SUBMITTED, "withdraw"): DRAFT,
    (SUBMITTED, "approve"): APPROVED,
    (SUBMITTED, "reject"): REJECTED,
    (APPROVED, "supersede"): SUPERSEDED,
}
ACTIONS = ("submit", "withdraw", "approve", "reject", "supersede")
# How each action reads in a refusal: "…, so it cannot be approved."
_ACTION_PAST = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "approve": "approved",
    "reject": "rejected",
    "supersede": "superseded",
}


class TransitionRefused(Exception):
    """A move that the current state does not allow; nothing was changed.
    Views answer 409 with ``message``."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def next_state(state: str, action: str) -> str:
    """The state ``action`` moves a verdict in ``state`` to, from
    ``TRANSITIONS``; raises TransitionRefused for a move not in the table."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        label = Verdict.State(state).label.lower() if state in Verdict.State.values else state
        past = _ACTION_PAST.get(action, action)
        raise TransitionRefused(f"This verdict is {label}, so it cannot be {past}.") from None


# --- The rules of a move, pure: what the functions below apply under their
# locks, and what bulk loaders apply to rows they write themselves.

# Who makes a move: a user, or (for bulk loaders) a user's id.
Actor = AbstractBaseUser | int

# Besides the permission each function checks (it needs a user): the author
# submits and withdraws their verdict, and nobody else does; an editor other
# than the author approves or rejects it (four eyes). Superseding is no one's
# move of its own: it follows the approval of the claim's newer verdict.
_AUTHOR_ONLY = {
    "submit": "Only the author of a verdict can submit it.",
    "withdraw": "Only the author of a verdict can withdraw it.",
}
_NOT_THE_AUTHOR = {
    "approve": "You wrote this verdict: another editor must approve it.",
    "reject": "You wrote this verdict: another editor must review it.",
}
_DECISIONS = {"approve": VerdictVote.Decision.APPROVE, "reject": VerdictVote.Decision.REJECT}
_STARTS_OR_ENDS_A_ROUND = frozenset({"submit", "withdraw"})

# What a new draft holds in the fields the moves set.
DRAFT_FIELDS: dict[str, Any] = {
    "state": DRAFT,
    "submitted_at": None,
    "reviewer": None,
    "decided_at": None,
    "rejection_reason": "",
    "superseded_at": None,
}


# Moves, steps and rows are named tuples: bulk loaders make millions of them.
class Move(NamedTuple):
    """``action`` made on a verdict by ``by`` at ``at``, for ``reason``."""

    action: str
    by: Actor
    at: dt.datetime
    reason: str = ""


@dataclass(slots=True)
class Review:
    """A verdict as the rules see it: its state, its author's id, and the
    decisions of its current review round, by editor id."""

    state: str
    author_id: int
    votes: dict[int, str] = field(default_factory=dict)


class Transition(NamedTuple):
    """A ``VerdictTransition``'s fields."""

    from_state: str
    to_state: str
    by: Actor
    at: dt.datetime
    reason: str


class Vote(NamedTuple):
    """A ``VerdictVote``'s fields."""

    editor: Actor
    decision: str
    reason: str
    created_at: dt.datetime


class Step(NamedTuple):
    """What one move writes: the verdict's fields it sets, ``state`` among
    them, its audit row, and the vote it records. An approval that waits for
    more approvals records its vote and changes nothing else (``fields`` is
    empty and ``transition`` None)."""

    fields: dict[str, Any]
    transition: Transition | None
    vote: Vote | None


def _id(actor: Actor) -> int:
    return actor if type(actor) is int else actor.pk


def _effects(action: str, state: str, by: Actor, at: dt.datetime, reason: str) -> dict[str, Any]:
    """The fields that ``action`` sets on the verdict, moving it to ``state``."""
    if action == "submit":
        # A new review round starts.
        return {"state": state, "submitted_at": at}
    if action == "withdraw":
        # A draft is in no review round; the transitions keep when it was submitted.
        return {"state": state, "submitted_at": None}
    if action == "approve":
        return {"state": state, "reviewer": by, "decided_at": at}
    if action == "reject":
        return {"state": state, "reviewer": by, "decided_at": at, "rejection_reason": reason}
    if action == "supersede":
        return {"state": state, "superseded_at": at}
    raise ValueError(f"Unknown action {action!r}.")


def decide(review: Review, move: Move, *, approvals_needed: int) -> Step:
    """What ``move`` writes on the verdict ``review`` describes, or why it
    may not be made; pure, it changes nothing.

    Refuses a rejection without a reason (ValidationError); a move by the
    wrong person (PermissionDenied, see ``_AUTHOR_ONLY``); a move not in
    ``TRANSITIONS``, or a second vote by one editor in a round
    (TransitionRefused), in that order. Reasons are stripped.
    """
    action, by, at, reason = move
    by_id = by if type(by) is int else by.pk
    if reason:
        reason = reason.strip()
    if action == "reject" and not reason:
        raise ValidationError({"reason": "Give the reason for rejecting it: the author will read it."})
    if action in _AUTHOR_ONLY and by_id != review.author_id:
        raise PermissionDenied(_AUTHOR_ONLY[action])
    if action in _NOT_THE_AUTHOR and by_id == review.author_id:
        raise PermissionDenied(_NOT_THE_AUTHOR[action])
    # The table read directly: next_state is called only to refuse the move.
    to_state = TRANSITIONS.get((review.state, action)) or next_state(review.state, action)
    vote = None
    if action in _DECISIONS:
        if by_id in review.votes:
            raise TransitionRefused("You have already voted on this verdict; another editor must review it.")
        vote = Vote(by, _DECISIONS[action], reason, at)
        if action == "approve" and approvals_needed > 1:
            approvals = 1 + sum(decision == vote.decision for decision in review.votes.values())
            if approvals < approvals_needed:
                return Step({}, None, vote)
    return Step(
        _effects(action, to_state, by, at, reason), Transition(review.state, to_state, by, at, reason), vote
    )


def supersede(approval: Move, *, successor: int) -> Move:
    """The move that ``approval`` of the claim's verdict ``successor`` makes
    on the claim's previously approved verdict: by the same editor, at the
    same moment."""
    return Move("supersede", approval.by, approval.at, f"Superseded by verdict {successor}.")


class Path(NamedTuple):
    """A verdict after a path of moves, as the functions below store it:
    its fields (``DRAFT_FIELDS``' names), its audit rows in order, its votes
    by editor id (a vote in a later round replaces the editor's earlier one),
    and when it was last saved, or None. Each transition is one save, which
    moves ``version`` on."""

    fields: dict[str, Any]
    transitions: list[Transition]
    votes: dict[int, Vote]
    updated_at: dt.datetime | None


def walk(*, author: Actor, moves: Iterable[Move], approvals_needed: int) -> Path:
    """A new draft by ``author`` taken through ``moves`` by ``decide``,
    keeping review rounds as the database does (submitting starts one,
    withdrawing ends it). Pure: for bulk loaders that write the rows
    themselves, which must check the permissions (``APPROVE_PERMISSION``…)
    of the accounts they use. Raises as ``decide`` for a refused move."""
    review = Review(DRAFT, _id(author))
    fields = DRAFT_FIELDS.copy()
    transitions: list[Transition] = []
    votes: dict[int, Vote] = {}
    for move in moves:
        changed, transition, vote = decide(review, move, approvals_needed=approvals_needed)
        if vote is not None:
            editor = _id(move.by)
            votes[editor] = vote
            review.votes[editor] = vote.decision
        if transition is not None:
            fields.update(changed)
            transitions.append(transition)
            review.state = transition.to_state
            if move.action in _STARTS_OR_ENDS_A_ROUND:
                review.votes = {}
    return Path(fields, transitions, votes, transitions[-1].at if transitions else None)
