"""Each claim's search document: one text of everything a reader may look
for it by (the wording, the speaker's name and other names, their role, the
venue, the question of its dispute when published, and the exact words of
every quote that is an appearance of it). ``search_document`` builds it;
``refresh_search_text`` writes it, and ``claims.search.signals`` calls that
on every write that changes one of those parts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.models import Claim


def search_document(
    *,
    text: str,
    speaker_name: str,
    speaker_aliases: list[str],
    role: str,
    venue: str,
    dispute_question: str,
    quotes: list[str],
) -> str:
    """The text a claim is found by, one part per line. Pure: bulk loaders
    call it to fill ``Claim.search_text`` without going through the ORM's
    saves. Pass ``dispute_question=""`` when the dispute is not published,
    so that its words find nothing while it is unpublished."""
    parts = [text, speaker_name, *speaker_aliases, role, venue, dispute_question, *quotes]
    return "\n".join(" ".join(part.split()) for part in parts if part and part.strip())


def _document_of(claim: Claim, quotes: list[str]) -> str:
    """``search_document`` for a claim loaded with its speaker and dispute."""
    dispute = claim.dispute
    return search_document(
        text=claim.text,
        speaker_name=claim.speaker.name,
        speaker_aliases=[alias for alias in claim.speaker.aliases or () if isinstance(alias, str)],
        role=claim.speaker_role,
        venue=claim.venue,
        dispute_question=dispute.question if dispute is not None and dispute.published_at else "",
        quotes=quotes,
    )


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def refresh_search_text(claim_ids: Iterable[int], *, batch_size: int = 500) -> dict[int, str]:
    """Recompute ``search_text`` of the given claims from what is stored now,
    write the ones that changed, and return every claim's document by id.

    Writes with a queryset update (``bulk_update``), never ``save()``: the
    claim's ``version``, which tells two editors apart, does not move, and
    no history row is written for what is only an index."""
    from claims.models import Appearance, Claim

    ids = sorted({int(pk) for pk in claim_ids if pk is not None})
    documents: dict[int, str] = {}
    for batch in _batches(ids, batch_size):
        claims = list(
            Claim.objects.filter(pk__in=batch)
            .select_related("speaker", "dispute")
            .only(
                "text",
                "speaker_role",
                "venue",
                "search_text",
                "speaker__name",
                "speaker__aliases",
                "dispute__question",
                "dispute__published_at",
            )
        )
        quotes: dict[int, list[str]] = {}
        for claim_id, exact in (
            Appearance.objects.filter(claim_id__in=batch)
            .order_by("claim_id", "added_at", "pk")
            .values_list("claim_id", "quote__exact")
        ):
            quotes.setdefault(claim_id, []).append(exact)
        stale = []
        for claim in claims:
            documents[claim.pk] = _document_of(claim, quotes.get(claim.pk, []))
            if documents[claim.pk] != claim.search_text:
                claim.search_text = documents[claim.pk]
                stale.append(claim)
        if stale:
            Claim.objects.bulk_update(stale, ["search_text"])
    return documents
