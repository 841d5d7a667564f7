"""A batch's verdicts, with their evidence, votes and audit rows."""

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
from claims.models import Verdict, VerdictTransition, VerdictVote

# The states of the verdicts that are not approved, and each one's share of all claims.
OTHER_STATES = (("rejected", REJECTED), ("submitted", PENDING), ("draft", DRAFTS))


@dataclass(frozen=True)
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
    """The verdict tables of one batch."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
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
            start, submitted_s, decided_s = self._review_times(claim.published_s, HOUR)
            if rng.random() < SUPERSEDED:
                # An earlier verdict, superseded when this one was approved.
                later = self._review_times(decided_s, DAY, 30 * DAY)
                self._verdict(claim, "superseded", start, submitted_s, decided_s, later[2])
                start, submitted_s, decided_s = later
            self._verdict(claim, "approved", start, submitted_s, decided_s, None)
            return
        extra_roll = rng.random()
        for state, share in OTHER_STATES:
            if extra_roll < share / (1 - APPROVED):
                start, submitted_s, decided_s = self._review_times(claim.created_s, HOUR)
                self._verdict(claim, state, start, submitted_s, decided_s, None)
                return
            extra_roll -= share / (1 - APPROVED)

    def _review_times(self, after: float, low: float, high: float = DAY) -> tuple[float, float, float]:
        """When a verdict is written (between ``low`` and ``high`` seconds
        after ``after``), submitted and decided."""
        rng = self.ctx.rng
        start = after + rng.uniform(low, high)
        submitted_s = start + rng.uniform(HOUR, 6 * HOUR)
        decided_s = submitted_s + rng.uniform(HOUR, DAY)
        return start, submitted_s, decided_s

    def _verdict(
        self,
        claim: Rated,
        state: str,
        created_s: float,
        submitted_s: float,
        decided_s: float,
        superseded_s: float | None,
    ) -> None:
        """One verdict in ``state`` with its vote and audit rows, as
        ``claims.domain.workflow`` would have written them. The times are those of
        its creation, submission, decision and superseding; the ones its
        state has not reached are left empty."""
        ctx, rng = self.ctx, self.ctx.rng
        journalist, editor = claim.journalist, claim.editor
        verdict_id = ctx.ids.take(Verdict)
        created = at(created_s)
        submitted = at(submitted_s) if state != "draft" else None
        decided = at(decided_s) if state in {"approved", "rejected", "superseded"} else None
        superseded = at(superseded_s) if state == "superseded" and superseded_s is not None else None
        reason = "The rationale does not address the official count." if state == "rejected" else ""
        moves = {
            "draft": [],
            "submitted": [("draft", "submitted", journalist, submitted, "")],
            "approved": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "approved", editor, decided, ""),
            ],
            "rejected": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "rejected", editor, decided, reason),
            ],
            "superseded": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "approved", editor, decided, ""),
                ("approved", "superseded", editor, superseded, ""),
            ],
        }[state]
        self.verdicts.add(
            (
                verdict_id, 1 + len(moves), claim.claim_id, rng.choices(ctx.ratings, ctx.rating_weights)[0],
                rng.choice(RATIONALES).format(place=claim.place[0]), state, journalist,
                editor if decided else None, reason, created, superseded or decided or submitted or created,
                submitted, decided, superseded,
            )
        )  # fmt: skip
        if claim.evidence and state != "draft":
            self.evidence.add((verdict_id, claim.evidence[0]))
        if decided is not None:
            decision = "reject" if state == "rejected" else "approve"
            self.votes.add((ctx.ids.take(VerdictVote), verdict_id, editor, decision, reason, decided))
        for from_state, to_state, by, when, why in moves:
            self.transitions.add(
                (ctx.ids.take(VerdictTransition), verdict_id, from_state, to_state, by, when, why)
            )
