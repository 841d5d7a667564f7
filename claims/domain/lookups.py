"""Finding speakers and claims by what a journalist types: one speaker
lookup and one claim lookup, used by every page (the reader's panel, the
claim editor, the speakers page, relations, dispute attachment, similar
claims).

* **Speakers by their folded names.** ``Speaker.save()`` stores the name and
  aliases folded by ``claims.words.fold`` in ``Speaker.lookup_names``, one
  per line, and a query's words are folded the same way, so a plain
  ``LIKE`` (``__contains``) compares two folded texts and behaves the same
  on SQLite (whose ``LIKE`` folds only ASCII) and PostgreSQL.
* **Claims through the search index.** A claim's words live in
  ``Claim.search_text``, which ``claims.search`` keeps in step and indexes
  on each database (a GIN index on PostgreSQL, FTS5 on SQLite); the claim
  lookup asks that index instead of scanning every claim's text, so it stays
  fast at a million claims.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet, TextField, Value
from django.db.models.functions import Concat

from claims.models import Claim, Speaker
from claims.search.query import matching, search_terms
from claims.words import fold, folded_names, query_terms, speaker_lookup_names

# --- Speakers --------------------------------------------------------------------------


def fill_lookup_names(speaker_model: type[Model] = Speaker, *, batch_size: int = 500) -> int:
    """Rewrite ``lookup_names`` of every speaker whose stored value is not
    what its name and aliases give, with a queryset update (no version
    bump, no history row: it is an index). For rows written without
    ``save()``; takes the model so that a migration can pass its own.
    Returns how many rows changed."""
    manager = speaker_model._default_manager
    stale = []
    for speaker in manager.only("pk", "name", "aliases", "lookup_names").order_by("pk").iterator():
        value = speaker_lookup_names(speaker.name, speaker.aliases)
        if value != speaker.lookup_names:
            speaker.lookup_names = value
            stale.append(speaker)
    manager.bulk_update(stale, ["lookup_names"], batch_size=batch_size)
    return len(stale)


def find_speakers(
    query: str = "",
    *,
    kind: str = "",
    exclude: Speaker | None = None,
    speakers: QuerySet[Speaker] | None = None,
) -> QuerySet[Speaker]:
    """Speakers (of ``speakers``, else all) with every word of ``query`` in
    their name or their aliases, in any case, script or accents ("лавров"
    finds "Сергей Лавров", "khoja" finds "Khōja"), of ``kind`` when given,
    ``exclude`` left out; by name. A query without words filters nothing."""
    found = speakers if speakers is not None else Speaker.objects.all()
    if kind:
        found = found.filter(kind=kind)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    for term in query_terms(query):
        # Both sides are folded, so LIKE's own case rules never matter.
        found = found.filter(lookup_names__contains=term)
    return found.order_by("name", "pk")


def speaker_with_name(name: str, *, among: Iterable[Speaker] | None = None) -> Speaker | None:
    """The speaker called exactly ``name``, compared folded (any case,
    spacing, accents or Arabic letter variants): one whose name it is,
    else one with it as an alias, the oldest first; None if there is none
    or ``name`` holds nothing. Looks among all speakers, or only among
    ``among`` (already loaded: no query)."""
    folded = fold(name or "")
    if not folded:
        return None
    if among is None:
        # A line of lookup_names is a whole name: padded with newlines, the
        # folded name matches only a line, never part of one.
        padded = Concat(Value("\n"), "lookup_names", Value("\n"), output_field=TextField())
        among = Speaker.objects.alias(padded_names=padded).filter(padded_names__contains=f"\n{folded}\n")
    ranked = []
    for speaker in among:
        if folded in folded_names(speaker.name, speaker.aliases):
            by_alias = fold(speaker.name) != folded
            ranked.append((by_alias, speaker.pk or 0, speaker))
    return min(ranked, key=lambda entry: entry[:2])[2] if ranked else None


# --- Claims ----------------------------------------------------------------------------


def find_claims(
    query: str, *, claims: QuerySet[Claim] | None = None, every_word: bool = True
) -> QuerySet[Claim]:
    """Claims (of ``claims``, else the active ones) holding every word of
    ``query`` (or, with ``every_word=False``, any of them) at the start of a
    word, in any case, in their wording, quotes, speaker's name or aliases,
    role, venue or published dispute's question: best match first, then
    newest, with their speaker. A query without words finds nothing."""
    found = claims if claims is not None else Claim.objects.active()
    if not search_terms(query):
        return found.none()
    return matching(found, query, every_word=every_word).select_related("speaker")
