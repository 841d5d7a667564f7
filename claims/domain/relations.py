"""A relation read from one claim's end: the one read model of a claim's
counter-claims and related claims, for the public claim page, the claim
editor and the review queue alike.

A relation is stored once, from one claim to another ("A contradicts B"). Read
from A it says "contradicts B"; read from B, "contradicted by A"
(``ClaimRelation.inverse_label``). The claim's outgoing relations come first,
then its incoming ones, each in the relations' own order (kind, then id).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, ClaimRelation, current_verdicts


@dataclass(frozen=True)
class RelatedClaim:
    """A relation as one claim reads it: its label from this end, and the
    claim at the other end."""

    relation: ClaimRelation
    label: str
    claim: Claim

    @property
    def note(self) -> str:
        return self.relation.note


def _relations(
    *, others: QuerySet[Claim] | None, withdrawn: bool, verdicts: bool
) -> tuple[QuerySet[ClaimRelation], QuerySet[ClaimRelation]]:
    """The relations to read, outgoing and incoming, not yet narrowed to a
    claim: see ``related_claims`` for the options."""
    relations = ClaimRelation.objects.all()
    if withdrawn:
        relations = relations.select_related("created_by", "withdrawn_by")
    else:
        relations = relations.filter(withdrawn_at__isnull=True)
    outgoing = relations.select_related("to_claim__speaker")
    incoming = relations.select_related("from_claim__speaker")
    if others is not None:
        outgoing = outgoing.filter(to_claim__in=others)
        incoming = incoming.filter(from_claim__in=others)
    if verdicts:
        outgoing = outgoing.prefetch_related(current_verdicts("to_claim__verdicts"))
        incoming = incoming.prefetch_related(current_verdicts("from_claim__verdicts"))
    return outgoing, incoming


def _read(outgoing, incoming) -> list[RelatedClaim]:
    related = [RelatedClaim(r, r.get_kind_display(), r.to_claim) for r in outgoing]
    related += [RelatedClaim(r, r.inverse_label, r.from_claim) for r in incoming]
    return related


def related_claims(
    claim: Claim,
    *,
    others: QuerySet[Claim] | None = None,
    withdrawn: bool = False,
    verdicts: bool = False,
) -> list[RelatedClaim]:
    """The claim's relations, read from its end, in two queries (two more
    with ``verdicts``).

    * ``others``: only relations whose other claim is among these, such as
      ``Claim.objects.public()`` for readers; by default any claim, withdrawn
      ones included, which the workspace marks.
    * ``withdrawn``: withdrawn relations too, with who added and who withdrew
      each (the claim editor lists them apart, to be restored); by default
      active relations only.
    * ``verdicts``: the other claims' current verdicts, prefetched into
      ``current_verdicts`` for their rating badges."""
    outgoing, incoming = _relations(others=others, withdrawn=withdrawn, verdicts=verdicts)
    return _read(outgoing.filter(from_claim=claim), incoming.filter(to_claim=claim))


def prefetch_related_claims(
    lookup: str = "",
    *,
    others: QuerySet[Claim] | None = None,
    withdrawn: bool = False,
    verdicts: bool = False,
) -> list[Prefetch]:
    """Prefetches that read ``related_claims`` for many claims at once: pass
    them to ``prefetch_related`` on a query of claims, or, with ``lookup``,
    of rows that reach claims (``"claim__"`` from verdicts); then read each
    claim's with ``prefetched_related_claims``. Options as for
    ``related_claims``."""
    outgoing, incoming = _relations(others=others, withdrawn=withdrawn, verdicts=verdicts)
    return [
        Prefetch(f"{lookup}relations_out", queryset=outgoing, to_attr="related_out"),
        Prefetch(f"{lookup}relations_in", queryset=incoming, to_attr="related_in"),
    ]


def prefetched_related_claims(claim: Claim) -> list[RelatedClaim]:
    """``related_claims`` for a claim fetched with ``prefetch_related_claims``,
    without a query."""
    return _read(claim.related_out, claim.related_in)
