"""Where a passage is: the browser's offsets converted to ours, the W3C
selectors that describe a quote in the text it was selected in, and the anchor
that says where it was found again in a revised text.

``Anchor`` sits here, below the steps of re-anchoring, because more than one
module builds one: the position and quote steps, and the fuzzy match they fall
back on. Beside either, it would make the two import each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from sources.models import SELECTOR_CONTEXT

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# Browser offsets


def codepoint_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset (what JavaScript's ``String`` indexes count) of the
    code point offset ``offset`` in ``text``: each astral character before it
    counts twice."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"Character offset {offset} is outside the text ({len(text)} characters).")
    return offset + len(_ASTRAL.findall(text, 0, offset))


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code point offset of the UTF-16 offset ``offset`` that a browser
    reported for ``text``.

    Raises ValueError when the offset falls between the two halves of a
    surrogate pair (no character boundary is there) or beyond the text.
    """
    if offset < 0:
        raise ValueError(f"UTF-16 offset {offset} is negative.")
    # Walk only the astral characters: before the first one, and between any
    # two, UTF-16 units and code points advance together.
    shift = 0
    for match in _ASTRAL.finditer(text):
        boundary = match.start() + shift  # UTF-16 offset just before this character
        if offset <= boundary:
            return offset - shift
        if offset == boundary + 1:
            raise ValueError(
                f"UTF-16 offset {offset} falls inside the surrogate pair of "
                f"{match.group()!r} at character {match.start()}."
            )
        shift += 1
    if offset - shift > len(text):
        raise ValueError(
            f"UTF-16 offset {offset} is beyond the end of the text ({len(text) + shift} UTF-16 code units)."
        )
    return offset - shift


# Selectors


class HasSelectors(Protocol):
    """Anything carrying both W3C selectors, such as a ``Quote``."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Selectors:
    """A W3C TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector
    (start, end) over one text, in code points."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of(cls, annotation: HasSelectors) -> Selectors:
        return cls(
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            start=annotation.start,
            end=annotation.end,
        )


def selectors_for(text: str, start: int, end: int) -> Selectors:
    """Both selectors for ``text[start:end]``, with ``SELECTOR_CONTEXT``
    characters of context each side: the same slices as
    ``Quote.from_position``, so a quote and its re-anchored copy agree."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{start}:{end} is not a non-empty range of a text of {len(text)} characters.")
    return Selectors(
        exact=text[start:end],
        prefix=text[max(0, start - SELECTOR_CONTEXT) : start],
        suffix=text[end : end + SELECTOR_CONTEXT],
        start=start,
        end=end,
    )


# Anchors


Method = Literal["position", "quote", "fuzzy"]


@dataclass(frozen=True)
class Anchor:
    """Where a quote now is in a revised text, and how that was found.
    ``similarity`` is 1.0 unless the words were matched approximately."""

    start: int
    end: int
    method: Method
    similarity: float = 1.0
