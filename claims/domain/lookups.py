"""Finding speakers and claims by what a journalist types: one folding rule,
one tokenizer, one speaker lookup and one claim lookup, used by every page.

Why it is built this way:

* **Folding in Python, on both sides.** SQLite's ``LIKE`` and ``lower()``
  fold only ASCII letters, so ``icontains`` misses "лавров" for "Лавров"
  there while PostgreSQL finds it; and neither database ignores accents or
  Arabic letter variants. ``fold`` does it all in Python, once: for a
  speaker, ``Speaker.save()`` stores the folded name and aliases in
  ``Speaker.lookup_names`` (one per line), and a query's words are folded
  the same way, so a plain ``LIKE`` (``__contains``) compares two folded
  texts and behaves the same on every database.
* **Claims through the search index.** A claim's words live in
  ``Claim.search_text``, which ``claims.search`` keeps in step and indexes
  on each database (a GIN index on PostgreSQL, FTS5 on SQLite); the claim
  lookup asks that index instead of scanning every claim's text, so it stays
  fast at a million claims. Its words are the tokenizer's, lower-cased as
  the index reads them (``claims.search.search_terms``).
* **Bounded queries.** A query is at most ``MAX_TERMS`` words of at most
  ``MAX_TERM_LENGTH`` characters, read from its first ``MAX_QUERY_LENGTH``
  characters: a pasted page costs no more than a name. The tokenizer keeps
  only letters and digits, so NUL (which PostgreSQL refuses in text) and
  every operator of either database's search syntax are never passed on.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet, TextField, Value
from django.db.models.functions import Concat

from claims.models import Claim, Speaker

# A query's words: at most this many, each cut to this length. Longer queries
# are almost always pasted paragraphs; the first words find what is meant.
MAX_TERMS = 8
MAX_TERM_LENGTH = 64
# How much of a query is read: room for MAX_TERMS words with any spacing and
# punctuation a person types, never a whole pasted page.
MAX_QUERY_LENGTH = 2000

# --- Folding ---------------------------------------------------------------------------

TATWEEL = "\u0640"
# Arabic marks that are not all combining characters (Quranic annotation
# signs, small letters) and the tatweel, which only stretches a word.
_ARABIC_MARKS = frozenset(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670])
_ARABIC_MARKS |= frozenset(chr(c) for c in range(0x06D6, 0x06EE)) | {TATWEEL}
# Letters written more than one way. Alef with hamza or madda, waw and yeh
# with hamza, and ё lose their marks to NFKD already; these have no
# decomposition: alef wasla, alef maksura (written for final yeh), teh
# marbuta (written as heh), and the Persian yeh and keh typed on Persian
# keyboards for Arabic ي and ك. Arabic-Indic digits are the same numbers.
_LETTERS = {"ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
_LETTERS |= {chr(0x0660 + n): str(n) for n in range(10)} | {chr(0x06F0 + n): str(n) for n in range(10)}


@functools.lru_cache(maxsize=65536)
def _folded_char(char: str) -> str:
    if char in _LETTERS:
        return _LETTERS[char]
    if char in _ARABIC_MARKS:
        return ""
    category = unicodedata.category(char)
    # Combining marks are accents and vowel signs; format characters
    # (direction marks, zero-width joiners, soft hyphens) are invisible.
    if category in ("Mn", "Me", "Cf"):
        return ""
    # Control characters, NUL among them, separate words like a space.
    if category == "Cc":
        return " "
    return char


def _bare(text: str) -> str:
    return "".join(map(_folded_char, unicodedata.normalize("NFKD", text)))


def fold(text: str) -> str:
    """``text`` as lookups compare it: case folded (Unicode ``casefold``:
    "Straße" and "STRASSE" alike), compatibility forms and accents gone
    (NFKD without its combining marks: "Khōja" is "khoja", "Ёлка" is
    "елка"), Arabic diacritics and tatweel gone and letter variants made one
    (أ إ آ ٱ → ا, ى → ي, ة → ه), control and invisible characters dropped,
    whitespace collapsed. Never holds a newline or NUL."""
    # Folding the case can give back a character that decomposes ("İ"), so
    # marks are stripped again after it; NFC puts back together what NFKD
    # took apart without a mark (Hangul syllables).
    folded = _bare(_bare(text or "").casefold())
    return " ".join(unicodedata.normalize("NFC", folded).split())


# --- Tokenizing ------------------------------------------------------------------------

# A word is a run of letters and digits: everything else (spaces, punctuation,
# the operators of every search syntax, quotes, underscores) separates words.
# FTS5's unicode61 and PostgreSQL's parser split text the same way.
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str, *, normal: Callable[[str], str] | None = fold) -> list[str]:
    """The words of ``text`` after ``normal`` (``fold`` unless told; None
    keeps them as written), in order, every one. For a query, use
    ``query_terms``, which bounds them."""
    text = text or ""
    return _WORD.findall(normal(text) if normal is not None else text)


def query_terms(query: str, *, normal: Callable[[str], str] | None = fold) -> list[str]:
    """The words of a query, each once, in order: at most ``MAX_TERMS`` of
    at most ``MAX_TERM_LENGTH`` characters, from the first
    ``MAX_QUERY_LENGTH`` characters typed. Folded by ``fold`` unless told
    otherwise (``claims.search`` lower-cases them only, as its index does)."""
    terms: list[str] = []
    for word in tokens((query or "")[:MAX_QUERY_LENGTH], normal=normal):
        term = word[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
            if len(terms) == MAX_TERMS:
                break
    return terms


# --- Speakers --------------------------------------------------------------------------


def _names(name: str, aliases: Iterable[object]) -> list[str]:
    """A speaker's folded names, the name first, each once, none empty."""
    folded = [fold(name or ""), *(fold(alias) for alias in aliases or () if isinstance(alias, str))]
    return [n for n in dict.fromkeys(folded) if n]


def speaker_lookup_names(name: str, aliases: Iterable[object]) -> str:
    """What ``Speaker.lookup_names`` holds for this name and these aliases:
    each folded, one per line. ``Speaker.save()`` writes it; so must any
    code that writes speakers without ``save()`` (bulk loads, migrations)."""
    return "\n".join(_names(name, aliases))


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
        if folded in _names(speaker.name, speaker.aliases):
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
    # claims.search takes its tokenizer from this module, so it is imported
    # here rather than at the top.
    from claims.search import matching, search_terms

    found = claims if claims is not None else Claim.objects.active()
    if not search_terms(query):
        return found.none()
    return matching(found, query, every_word=every_word).select_related("speaker")
