"""Scoring an occurrence of a quote's words by how well the text around it
agrees with the quote's old prefix and suffix, and finding words a journalist
typed (the path without JavaScript).

``Context`` and ``occurrences`` also serve re-anchoring, and ``squash`` the
fuzzy matcher: whitespace is collapsed by one rule everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")


# Scoring an occurrence by its surroundings


def _fold(text: str) -> str:
    """Runs of whitespace made one space, and case folded: a line break
    re-wrapped or a capital changed does not make context disagree."""
    return _WHITESPACE.sub(" ", text).casefold()


def squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _common_prefix_length(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix_length(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


class Context:
    """A prefix and suffix, folded once, for scoring many occurrences.

    An occurrence scores the number of folded context characters that agree,
    read outwards from the occurrence: the prefix backwards from its start, the
    suffix forwards from its end. Agreement near the quote therefore counts
    even when the far end of the context was edited. At the quote's own place
    in an unchanged text every character agrees, so nothing can outscore it.
    """

    def __init__(self, prefix: str, suffix: str) -> None:
        self.prefix = _fold(prefix).rstrip()
        self.suffix = _fold(suffix).lstrip()
        # Read twice as much raw text as the context holds: folding can only
        # shorten it, and typed context may have less whitespace than the text.
        self.prefix_window = 2 * len(prefix) + 8
        self.suffix_window = 2 * len(suffix) + 8
        self.possible = len(self.prefix) + len(self.suffix)

    def agreement(self, text: str, start: int, end: int) -> int:
        return self.before_agreement(text, start) + self.after_agreement(text, end)

    def before_agreement(self, text: str, start: int) -> int:
        if not self.prefix:
            return 0
        before = _fold(text[max(0, start - self.prefix_window) : start]).rstrip()
        return _common_suffix_length(self.prefix, before)

    def after_agreement(self, text: str, end: int) -> int:
        if not self.suffix:
            return 0
        after = _fold(text[end : end + self.suffix_window]).lstrip()
        return _common_prefix_length(self.suffix, after)

    def score(self, matched: int) -> float:
        """Agreement as a share of the context; 1.0 when there is no context
        to disagree with."""
        return matched / self.possible if self.possible else 1.0


def occurrences(text: str, words: str) -> list[int]:
    """Every start of ``words`` in ``text``, overlapping ones included."""
    starts = []
    index = text.find(words)
    while index != -1:
        starts.append(index)
        index = text.find(words, index + 1)
    return starts


# Typed words (the path without JavaScript)


@dataclass(frozen=True)
class Match:
    """An occurrence of typed words, scored 0–1 by how much of the typed
    context agrees with the text around it."""

    start: int
    end: int
    score: float


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[Match]:
    """The occurrences of ``exact`` whose surroundings agree best with
    ``prefix`` and ``suffix``, in text order.

    Made for a journalist typing a quote without JavaScript: one match anchors
    the quote; several mean the words are ambiguous and the journalist should
    type some words before or after them, which narrows the list on the next
    call. Context is compared with whitespace collapsed and case folded, and
    if the words do not occur literally they are looked for again with any run
    of whitespace standing for any other (a line break typed as a space).
    """
    if not exact.strip():
        return []
    spans = [(start, start + len(exact)) for start in occurrences(text, exact)]
    if not spans:
        pattern = r"\s+".join(re.escape(word) for word in exact.split())
        spans = [match.span() for match in re.finditer(pattern, text)]
    if not spans:
        return []
    context = Context(prefix, suffix)
    scored = [(context.agreement(text, start, end), start, end) for start, end in spans]
    best = max(matched for matched, _, _ in scored)
    return [Match(start, end, context.score(matched)) for matched, start, end in scored if matched == best]
