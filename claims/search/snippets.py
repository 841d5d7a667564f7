"""The highlighted snippets of what a search found: the query's words marked
in the part of each claim that holds the most of them."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from claims.search.query import search_terms

if TYPE_CHECKING:
    from claims.models import Claim

SNIPPET_LENGTH = 200
# How much of the text before the first match a snippet keeps.
SNIPPET_LEAD = 60


@functools.lru_cache(maxsize=8192)
def _base(char: str) -> str:
    # The character without its accents, still one character, so that
    # positions in the folded text are positions in the original.
    return unicodedata.normalize("NFD", char)[0]


def _fold(text: str) -> str:
    return "".join(_base(char) for char in text)


@dataclass(frozen=True)
class Highlighter:
    """Finds the query's words in a text as the search does: at the start
    of a word, in any case, with or without accents; a match runs to the end
    of the word ("civil" marks "civilians")."""

    terms: tuple[str, ...]

    @classmethod
    def of(cls, query: str) -> Highlighter:
        return cls(tuple(search_terms(query)))

    @functools.cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        return [
            re.compile(r"(?<![^\W_])" + re.escape(_fold(term)) + r"[^\W_]*", re.IGNORECASE)
            for term in self.terms
        ]

    @functools.cached_property
    def _any(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        # Longest first, so that "civilians" wins over "civil" at the same place.
        alternatives = sorted({_fold(term) for term in self.terms}, key=len, reverse=True)
        return re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(term) for term in alternatives) + r")[^\W_]*",
            re.IGNORECASE,
        )

    def terms_found(self, text: str) -> int:
        """How many of the query's words ``text`` holds."""
        folded = _fold(text)
        return sum(1 for pattern in self._patterns if pattern.search(folded))

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._any is None:
            return []
        return [match.span() for match in self._any.finditer(_fold(text))]

    def mark(self, text: str, *, length: int = SNIPPET_LENGTH) -> SafeString:
        """``text`` escaped, cut to about ``length`` characters around its
        first match (at word boundaries, with an ellipsis where it goes on),
        with every match wrapped in ``<mark>``."""
        spans = self.spans(text)
        start, end = 0, len(text)
        if end > length:
            first = spans[0][0] if spans else 0
            start = max(0, first - SNIPPET_LEAD)
            if start > 0:
                space = text.find(" ", start, first)
                start = space + 1 if space != -1 else start
            end = min(len(text), start + length)
            if end < len(text):
                space = text.rfind(" ", start, end)
                end = space if space > start else end
        pieces: list[str] = ["…"] if start > 0 else []
        position = start
        for span_start, span_end in spans:
            if span_end <= start or span_start >= end:
                continue
            span_start, span_end = max(span_start, start), min(span_end, end)
            pieces.append(escape(text[position:span_start]))
            pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
            position = span_end
        pieces.append(escape(text[position:end]))
        if end < len(text):
            pieces.append("…")
        return format_html_join("", "{}", ((piece,) for piece in pieces))


@dataclass(frozen=True)
class Snippet:
    """The part of a claim a search found, with its words marked, and where
    that part is ("in a quote from …")."""

    html: SafeString
    where: str


def snippet(claim: Claim, highlighter: Highlighter) -> Snippet:
    """The part of ``claim`` holding the most of the query's words: a quote,
    its wording, its speaker's names, its published dispute's question, the
    speaker's role or the venue, preferred in that order on a tie (a quote
    first: the wording is on the page already, the source's words are not).

    Reads ``claim.appearances`` with their quotes and sources: prefetch them
    (and select the speaker and dispute) or this costs queries per claim."""
    parts: list[tuple[str, str]] = [
        (appearance.quote.exact, f"in a quote from “{appearance.quote.revision.source.title}”")
        for appearance in claim.appearances.all()
    ]
    parts.append((claim.text, "in the claim's wording"))
    speaker = claim.speaker
    parts.append((speaker.name, "in the speaker's name"))
    parts += [
        (alias, "in another name of the speaker") for alias in speaker.aliases or () if isinstance(alias, str)
    ]
    if claim.dispute is not None and claim.dispute.is_published:
        parts.append((claim.dispute.question, "in the dispute's question"))
    parts += [(claim.speaker_role, "in the speaker's role"), (claim.venue, "in the venue")]
    best_text, best_where, best_found = claim.text, "", 0
    for text, where in parts:
        found = highlighter.terms_found(text) if text else 0
        if found > best_found:
            best_text, best_where, best_found = text, where, found
    return Snippet(html=highlighter.mark(best_text), where=best_where)
