"""A batch's verdicts, with their evidence, votes and audit rows: each one a
path of moves (submit, approve…) that ``claims.domain.walk`` takes
it through, by the rules the workflow functions apply."""

from __future__ import annotations

from dataclasses import dataclass

from claims.devdata.generating.plan import (
    APPROVED,
    DAY,
    DRAFTS,
    HOUR,
    PENDING,
    PUBLISHED,
    REJECTED,
    SUPERSEDED,
    Context,
    at,
)
from claims.devdata.generating.tables import Table
from claims.devdata.generating.vocabulary.sentences import Place
from claims.devdata.generating.vocabulary.words import RATIONALES
from claims.domain import workflow
from claims.domain.verdict_rules import Move, supersede, walk
from claims.models import Verdict, VerdictTransition, VerdictVote

# The states of the verdicts that are not approved, and each one's share of all claims.
OTHER_STATES = (("rejected", REJECTED), ("submitted", PENDING), ("draft", DRAFTS))
REJECTION_REASON = "The rationale does not address the official count."


@dataclass(slots=True)
class Rated:
    """What a claim's verdicts need to know of it."""

    claim_id: int
    journalist: int  # the verdicts' author
    editor: int  # their reviewer
    created_s: float
    published_s: float | None  # None when the claim is not published
    evidence: list[int]
    place: Place


class VerdictRows:
    """The verdict tables of one batch. Each verdict is taken through its
    path of moves by ``claims.domain.walk``, the rules the workflow
    functions apply, so its state, fields, version, audit rows and votes are
    what those functions would have stored for the same moves."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.approvals_needed = workflow.approvals_needed()
        self.verdicts = Table(
            Verdict,
            [
                "id", "version", "claim_id", "rating_id", "rationale", "state", "author_id", "reviewer_id",
                "rejection_reason", "created_at", "updated_at", "submitted_at", "decided_at", "superseded_at",
            ],
        )  # fmt: skip
        self.evidence = Table(Verdict.evidence.through, ["verdict_id", "evidence_id"])
        self.votes = Table(VerdictVote, ["id", "verdict_id", "editor_id", "decision", "reason", "created_at"])
        self.transitions = Table(
            VerdictTransition, ["id", "verdict_id", "from_state", "to_state", "by_id", "at", "reason"]
        )

    def tables(self) -> list[Table]:
        return [self.verdicts, self.evidence, self.votes, self.transitions]

    def add(self, claim: Rated) -> None:
        """The claim's verdicts, if any: an approved one (and sometimes an
        earlier one it superseded) for most published claims, a rejected,
        submitted or draft one for a few others. Their times follow the
        claim's publication, or its creation."""
        rng = self.ctx.rng
        verdict_roll = rng.random()
        if claim.published_s is not None and verdict_roll < APPROVED / PUBLISHED:
            self._approved(claim)
            return
        extra_roll = rng.random()
        for state, share in OTHER_STATES:
            if extra_roll < share / (1 - APPROVED):
                times = self._review_times(claim.created_s, HOUR)
                self._verdict(claim, self.ctx.ids.take(Verdict), times[0], self._moves(claim, state, times))
                return
            extra_roll -= share / (1 - APPROVED)

    def _approved(self, claim: Rated) -> None:
        """An approved verdict, and sometimes an earlier one that its
        approval superseded."""
        rng = self.ctx.rng
        times = self._review_times(claim.published_s, HOUR)
        if rng.random() >= SUPERSEDED:
            self._verdict(claim, self.ctx.ids.take(Verdict), times[0], self._moves(claim, "approved", times))
            return
        later = self._review_times(times[2], DAY, 30 * DAY)
        older = self.ctx.ids.take(Verdict, 2)
        newer = older + 1
        newer_moves = self._moves(claim, "approved", later)
        # Approving the newer verdict supersedes the older one, as approve_verdict does.
        superseding = supersede(newer_moves[-1], successor=newer)
        self._verdict(claim, older, times[0], [*self._moves(claim, "approved", times), superseding])
        self._verdict(claim, newer, later[0], newer_moves)

    def _review_times(self, after: float, low: float, high: float = DAY) -> tuple[float, float, float]:
        """When a verdict is written (between ``low`` and ``high`` seconds
        after ``after``), submitted and decided."""
        rng = self.ctx.rng
        start = after + rng.uniform(low, high)
        submitted_s = start + rng.uniform(HOUR, 6 * HOUR)
        decided_s = submitted_s + rng.uniform(HOUR, DAY)
        return start, submitted_s, decided_s

    def _moves(self, claim: Rated, state: str, times: tuple[float, float, float]) -> list[Move]:
        """The moves that take a new draft by the claim's journalist to
        ``state`` (not superseded: that follows another's approval)."""
        _, submitted_s, decided_s = times
        if state == "draft":
            return []
        submit = Move("submit", claim.journalist, at(submitted_s))
        if state == "submitted":
            return [submit]
        if state == "rejected":
            return [submit, Move("reject", claim.editor, at(decided_s), REJECTION_REASON)]
        others = self._other_approvals(claim, submitted_s, decided_s) if self.approvals_needed > 1 else []
        return [submit, *others, Move("approve", claim.editor, at(decided_s))]

    def _other_approvals(self, claim: Rated, submitted_s: float, decided_s: float) -> list[Move]:
        """With a quorum above one, the approvals before the claim's editor's,
        which completes it: by the editors after them in turn, spread over the
        review."""
        editors = self.ctx.editors
        first = editors.index(claim.editor)
        span = (decided_s - submitted_s) / self.approvals_needed
        return [
            Move("approve", editors[(first + k) % len(editors)], at(submitted_s + k * span))
            for k in range(1, self.approvals_needed)
        ]

    def _verdict(self, claim: Rated, verdict_id: int, created_s: float, moves: list[Move]) -> None:
        """One verdict, written by the claim's journalist at ``created_s``
        and taken through ``moves``, with its evidence, votes and audit rows."""
        ctx, rng, ids = self.ctx, self.ctx.rng, self.ctx.ids
        path = walk(author=claim.journalist, moves=moves, approvals_needed=self.approvals_needed)
        fields = path.fields
        created = at(created_s)
        rating = rng.choices(ctx.ratings, cum_weights=ctx.rating_cum_weights)[0]
        rationale = rng.choice(RATIONALES).format(place=claim.place[0])
        self.verdicts.add(
            (
                verdict_id, 1 + len(path.transitions), claim.claim_id, rating, rationale, fields["state"],
                claim.journalist, fields["reviewer"], fields["rejection_reason"], created,
                path.updated_at or created, fields["submitted_at"], fields["decided_at"],
                fields["superseded_at"],
            )
        )  # fmt: skip
        if claim.evidence and moves:
            self.evidence.add((verdict_id, claim.evidence[0]))
        # Votes and transitions are named tuples in their tables' column order.
        first = ids.take(VerdictVote, len(path.votes))
        for k, vote in enumerate(path.votes.values()):
            self.votes.add((first + k, verdict_id) + vote)
        first = ids.take(VerdictTransition, len(path.transitions))
        for k, transition in enumerate(path.transitions):
            self.transitions.add((first + k, verdict_id) + transition)
