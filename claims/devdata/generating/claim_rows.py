"""A batch's claims with their history, quotes, appearances, figures,
evidence, relations and verdicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Any

from claims.devdata.generating.plan import (
    DAY,
    FIGURES,
    HOUR,
    PUBLISHED,
    RELATIONS,
    START,
    WITHDRAWN,
    Context,
    at,
)
from claims.devdata.generating.tables import Change, HistoryTable, Table, add_with_history
from claims.devdata.generating.texts import PendingClaim, Sources
from claims.devdata.generating.verdict_rows import Rated, VerdictRows
from claims.devdata.generating.vocabulary.sentences import Place, place
from claims.devdata.generating.vocabulary.words import (
    DISPUTE_STANCES,
    EVIDENCE_KINDS,
    EVIDENCE_STANCES,
    EVIDENCE_TITLES,
    OUTLETS,
    QUALIFIERS,
    RELATION_KINDS,
    RELIABILITIES,
    ROLES,
    VENUES,
)
from claims.domain import editing, workflow
from claims.models import Appearance, Claim, ClaimRelation, Evidence, Figure
from claims.search.document import search_document
from sources.models import SELECTOR_CONTEXT, Quote

CLAIM_COLUMNS = [
    "id", "version", "text", "speaker_id", "speaker_role", "claimed_on", "venue", "dispute_id",
    "dispute_stance", "published_at", "published_by_id", "created_by_id", "created_at",
    "updated_at", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason",
]  # fmt: skip
WITHDRAWAL_REASON = "Duplicate of an earlier claim."
# (choices, cumulative weights): cumulative weights spare rng.choices summing them at every draw.
RELATION_CHOICES = ([k for k, _ in RELATION_KINDS], list(accumulate(w for _, w in RELATION_KINDS)))
EVIDENCE_PER_CLAIM = ([0, 1, 2], list(accumulate([30, 40, 30])))
OUTLET_NAMES = [name for outlets in OUTLETS.values() for name, _ in outlets]


@dataclass(slots=True)
class Story:
    """Who handled a claim, and when it was recorded, published or withdrawn
    (seconds from START; ``published_s`` is drawn even for a claim that is
    not published, so that a withdrawal can follow it)."""

    journalist: int
    editor: int
    created_s: float
    created: dt.datetime
    published: bool
    published_s: float
    withdrawn: bool


class ClaimRows:
    """The tables of one batch's claims and everything that hangs on them."""

    def __init__(self, ctx: Context, sources: Sources, revision_first: int, source_first: int) -> None:
        self.ctx = ctx
        self.sources = sources
        self.revision_first = revision_first
        self.source_first = source_first
        self.quotes = Table(
            Quote,
            [
                "id", "revision_id", "exact", "prefix", "suffix", "start", "end", "orphaned",
                "created_by_id", "created_at", "updated_at",
            ],
        )  # fmt: skip
        # The history leaves search_text out: it is derived, never edited.
        self.history = HistoryTable(Claim, CLAIM_COLUMNS)
        self.claims = Table(Claim, [*CLAIM_COLUMNS, "search_text"])
        self.appearances = Table(Appearance, ["id", "claim_id", "quote_id", "added_by_id", "added_at"])
        self.figures = Table(
            Figure,
            ["id", "claim_id", "counted", "value", "minimum", "maximum", "unit", "qualifier", "quote_id",
             "created_at"],
        )  # fmt: skip
        self.evidence = Table(
            Evidence,
            [
                "id", "version", "claim_id", "title", "stance", "kind", "source_id", "url", "description",
                "reliability", "added_by_id", "added_at", "updated_at",
            ],
        )  # fmt: skip
        self.relations = Table(
            ClaimRelation,
            ["id", "version", "from_claim_id", "to_claim_id", "kind", "note", "created_by_id", "created_at",
             "updated_at"],
        )  # fmt: skip
        self.verdicts = VerdictRows(ctx)

    def tables(self) -> list[Table]:
        return [
            self.quotes, self.claims, self.history, self.appearances, self.figures, self.evidence,
            self.relations, *self.verdicts.tables(),
        ]  # fmt: skip

    def add(self, claim: PendingClaim) -> None:
        """The rows of ``claim`` and of everything that hangs on it."""
        story = self._story(claim)
        row, where = self._claim_row(claim, story)
        quote_ids, exacts = self._quotes(claim, story)
        self._claim(claim, row, exacts, story)
        if claim.dispute is not None:
            claim.dispute.remember(claim.id)
        self._figure(claim, quote_ids[0], story)
        evidence = self._evidence(claim, story, where)
        self._relation(claim, story)
        published_s = story.published_s if story.published else None
        self.verdicts.add(
            Rated(claim.id, story.journalist, story.editor, story.created_s, published_s, evidence, where)
        )

    def _story(self, claim: PendingClaim) -> Story:
        """Recorded from its quotes once the newest source quoting it was in,
        then published (nine in ten) or, rarely, withdrawn."""
        ctx, rng = self.ctx, self.ctx.rng
        journalist = rng.choice(ctx.journalists)
        editor = rng.choice(ctx.editors)
        dates = self.sources.dates
        newest = max(dates[revision_id - self.revision_first] for revision_id, _, _ in claim.quotes)
        created_s = newest + rng.uniform(HOUR, DAY)
        roll = rng.random()
        published = roll < PUBLISHED
        published_s = created_s + rng.uniform(HOUR, 2 * DAY)
        withdrawn = not published and roll > 1 - WITHDRAWN
        return Story(journalist, editor, created_s, at(created_s), published, published_s, withdrawn)

    def _claim_row(self, claim: PendingClaim, story: Story) -> tuple[dict[str, Any], Place]:
        """The claim's columns as it was recorded, without its search
        document, and the place its verdicts' rationales name."""
        rng = self.ctx.rng
        where = place(rng)
        role = rng.choice(ROLES) if rng.random() < 0.6 else ""
        venue = (
            rng.choice(VENUES).format(place=where[0], outlet=rng.choice(OUTLET_NAMES))
            if rng.random() < 0.7
            else ""
        )
        dispute = claim.dispute
        created = story.created
        row = {
            "id": claim.id, "version": 1, "text": claim.core[0].upper() + claim.core[1:] + ".",
            "speaker_id": claim.speaker.id, "speaker_role": role,
            "claimed_on": (START + dt.timedelta(days=claim.day)).date(), "venue": venue,
            "dispute_id": dispute.id if dispute else None,
            "dispute_stance": rng.choice(DISPUTE_STANCES) if dispute else "",
            "published_at": None, "published_by_id": None, "created_by_id": story.journalist,
            "created_at": created, "updated_at": created,
            "withdrawn_at": None, "withdrawn_by_id": None, "withdrawn_reason": "",
        }  # fmt: skip
        return row, where

    def _quotes(self, claim: PendingClaim, story: Story) -> tuple[list[int], list[str]]:
        """The claim's quotes, one in each source that reports it, each an
        appearance of the claim. Returns their ids and exact words."""
        ids = self.ctx.ids
        texts = self.sources.texts
        quote_first = ids.take(Quote, len(claim.quotes))
        appearance_first = ids.take(Appearance, len(claim.quotes))
        journalist, created = story.journalist, story.created
        exacts: list[str] = []
        for k, (revision_id, start, end) in enumerate(claim.quotes):
            # The slices of sources.anchoring.selectors_for (and Quote.from_position),
            # taken here: building its frozen dataclass for every quote costs a
            # tenth of a batch. test_generating checks every quote against it.
            text = texts[revision_id - self.revision_first]
            exact = text[start:end]
            self.quotes.add(
                (
                    quote_first + k, revision_id, exact, text[max(0, start - SELECTOR_CONTEXT) : start],
                    text[end : end + SELECTOR_CONTEXT], start, end, False, journalist, created, created,
                )
            )  # fmt: skip
            self.appearances.add((appearance_first + k, claim.id, quote_first + k, journalist, created))
            exacts.append(exact)
        return list(range(quote_first, quote_first + len(claim.quotes))), exacts

    def _claim(self, claim: PendingClaim, row: dict[str, Any], exacts: list[str], story: Story) -> None:
        """The claim's row, with its search document, and its history: its
        creation and then its publication or, for a few, its withdrawal,
        each setting what ``claims.domain`` sets for that change."""
        speaker, dispute = claim.speaker, claim.dispute
        row["search_text"] = search_document(
            text=row["text"],
            speaker_name=speaker.name,
            speaker_aliases=speaker.aliases,
            role=row["speaker_role"],
            venue=row["venue"],
            # An unpublished dispute's words must find nothing.
            dispute_question=dispute.question if dispute and dispute.published else "",
            quotes=exacts,
        )
        changes = []
        if story.published:
            published_at = at(story.published_s)
            fields = workflow.publication_fields(published=True, by=story.editor, at=published_at)
            changes.append(Change(fields, story.editor, published_at))
        elif story.withdrawn:
            withdrawn_at = at(story.published_s + DAY)
            fields = editing.withdrawal_fields(reason=WITHDRAWAL_REASON, by=story.journalist, at=withdrawn_at)
            changes.append(Change(fields, story.journalist, withdrawn_at))
        add_with_history(
            self.claims, self.history, row, by=story.journalist, at=story.created, changes=changes
        )

    def _figure(self, claim: PendingClaim, quote_id: int, story: Story) -> None:
        """A figure, for some of the claims whose statement has a number."""
        rng = self.ctx.rng
        if not (claim.counted and rng.random() < FIGURES):
            return
        qualifier = rng.choice(QUALIFIERS)
        if rng.random() < 0.8:
            value, low, high = Decimal(claim.number), None, None
        else:
            value, low, high = None, Decimal(claim.number), Decimal(claim.number + rng.randint(1, 40))
        self.figures.add(
            (
                self.ctx.ids.take(Figure), claim.id, claim.counted, value, low, high, "", qualifier,
                quote_id, story.created,
            )
        )  # fmt: skip

    def _evidence(self, claim: PendingClaim, story: Story, where: Place) -> list[int]:
        """None, one or two pieces of evidence about ``where``; returns their ids."""
        ctx, rng = self.ctx, self.ctx.rng
        n_sources = len(self.sources.texts)
        made: list[int] = []
        for _ in range(rng.choices(EVIDENCE_PER_CLAIM[0], cum_weights=EVIDENCE_PER_CLAIM[1])[0]):
            evidence_id = ctx.ids.take(Evidence)
            from_source = rng.random() < 0.3
            added = at(story.created_s + rng.uniform(HOUR, DAY))
            self.evidence.add(
                (
                    evidence_id, 1, claim.id, rng.choice(EVIDENCE_TITLES).format(place=where[0]),
                    rng.choice(EVIDENCE_STANCES), rng.choice(EVIDENCE_KINDS),
                    self.source_first + rng.randrange(n_sources) if from_source else None,
                    "" if from_source else f"https://example.org/evidence/{evidence_id}",
                    f"<p>Collected by the desk on {added:%-d %B %Y}.</p>",
                    rng.choice(RELIABILITIES), story.journalist, added, added,
                )
            )  # fmt: skip
            made.append(evidence_id)
        return made

    def _relation(self, claim: PendingClaim, story: Story) -> None:
        """For half the claims, a relation to an earlier claim, of the same
        dispute when there is one."""
        ctx, rng = self.ctx, self.ctx.rng
        if not (claim.id > ctx.first_claim and rng.random() < RELATIONS):
            return
        dispute = claim.dispute
        earlier = [c for c in (dispute.recent_claims if dispute else []) if c != claim.id]
        target = rng.choice(earlier) if earlier else rng.randrange(ctx.first_claim, claim.id)
        kind = rng.choices(RELATION_CHOICES[0], cum_weights=RELATION_CHOICES[1])[0]
        self.relations.add(
            (
                ctx.ids.take(ClaimRelation), 1, claim.id, target, kind, "", story.journalist, story.created,
                story.created,
            )
        )  # fmt: skip
