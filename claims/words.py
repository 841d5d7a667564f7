"""What a word is, and how names and queries are compared: one folding rule
and one tokenizer for every lookup and for search.

* ``fold`` makes two spellings of a name one: case (in every script, which
  SQLite's ``LIKE`` and ``lower()`` do not do beyond ASCII), accents, Arabic
  diacritics and letter variants, invisible characters, whitespace. Lookups
  store folded text and fold what is typed, so a plain ``LIKE`` compares two
  folded texts and behaves the same on every database.
* ``query_terms`` bounds a query: at most ``MAX_TERMS`` words of at most
  ``MAX_TERM_LENGTH`` characters, read from its first ``MAX_QUERY_LENGTH``
  characters, so a pasted page costs no more than a name. Only letters and
  digits survive, so NUL (which PostgreSQL refuses in text) and every
  operator of either database's search syntax are never passed on.

Pure functions over strings: the models, the search index and the domain's
lookups all build on this module, which imports nothing of theirs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

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


# --- A speaker's names -----------------------------------------------------------------


def folded_names(name: str, aliases: Iterable[object]) -> list[str]:
    """A speaker's folded names, the name first, each once, none empty."""
    folded = [fold(name or ""), *(fold(alias) for alias in aliases or () if isinstance(alias, str))]
    return [n for n in dict.fromkeys(folded) if n]


def speaker_lookup_names(name: str, aliases: Iterable[object]) -> str:
    """What ``Speaker.lookup_names`` holds for this name and these aliases:
    each folded, one per line. ``Speaker.save()`` writes it; so must any
    code that writes speakers without ``save()`` (bulk loads, migrations)."""
    return "\n".join(folded_names(name, aliases))
