"""Where a quote sits in a source's text: the browser's offsets converted to
ours, typed words found, and quotes re-anchored when a text is revised.

Pure functions over strings, with no database, so that they can be tested
exhaustively (tests/sources/test_anchoring.py) and timed (bench/anchoring.py).
Offsets count Unicode code points, as Python's ``str`` does; the browser
counts UTF-16 code units, and the two differ after any character outside the
Basic Multilingual Plane (emoji, mathematical letters, many CJK extensions).

Re-anchoring follows the order the product promises, each step tried only
when the one before it fails:

1. **position**: the old offsets still hold the exact words, and no other
   occurrence of those words has surroundings that agree better with the
   stored prefix and suffix;
2. **quote**: the exact words occur elsewhere; the occurrence whose
   surroundings agree best with the prefix and suffix wins, and a tie goes to
   the occurrence nearest the old position. A short quote (fewer than
   ``DISTINCTIVE_LENGTH`` characters) also needs at least
   ``MIN_CONTEXT_AGREEMENT`` of its context to agree, because a few common
   words found anywhere in the text are no evidence that they are the same
   passage;
3. **fuzzy**: the passage was edited. Fragments (12 to 32 characters) of
   the prefix, the quote and the suffix that still occur literally vote for
   where the passage now is. For the best-supported places, each edge is
   taken from a fragment that touched it (of the context, of the quote's own
   words) or from aligning the quote's first or last 32 characters near it,
   and the pair of edges whose passage differs least from the old words wins.
   It is accepted when its similarity to the old words (difflib's ratio,
   whitespace collapsed) is at least ``FUZZY_THRESHOLD`` and it still sits
   among the old surroundings: the old prefix and suffix still border it on
   both sides, and no distinctive piece of them has moved inside it. That
   second rule keeps a deleted sentence from being re-anchored to a similar
   neighbour ("the army said that 12 people..." and "the army said that 21
   people..."). A quote whose words and surroundings were both rewritten is
   therefore orphaned: a wrong anchor is silently wrong, an orphan is listed
   for repair.

Nothing here runs an edit distance over the whole text: every search over the
text is a ``str.find``, alignments run over windows of at most a couple of
hundred characters with a bit-parallel algorithm, and long passages are
compared word by word before character by character. bench/anchoring.py
times 50 quotes over a 100,000-character text.
"""

from __future__ import annotations

from sources.anchoring.context import Context, Match, find_exact, occurrences
from sources.anchoring.fuzzy import FUZZY_THRESHOLD, by_fuzzy_match
from sources.anchoring.selectors import (
    Anchor,
    HasSelectors,
    Method,
    Selectors,
    codepoint_to_utf16,
    selectors_for,
    utf16_to_codepoint,
)

__all__ = [
    "DISTINCTIVE_LENGTH",
    "FUZZY_THRESHOLD",
    "MIN_CONTEXT_AGREEMENT",
    "Anchor",
    "HasSelectors",
    "Match",
    "Method",
    "Selectors",
    "codepoint_to_utf16",
    "find_exact",
    "reanchor",
    "selectors_for",
    "utf16_to_codepoint",
]

# Quotes shorter than this many code points ("36", "civilians") are too common
# to be trusted away from their old position on their words alone...
DISTINCTIVE_LENGTH = 20
# ...so they also need this share of their prefix and suffix characters to
# agree with the text around the new occurrence.
MIN_CONTEXT_AGREEMENT = 0.25


# Re-anchoring


def reanchor(old: Selectors, new_text: str) -> Anchor | None:
    """Where the passage ``old`` selected in an earlier text is in
    ``new_text``, or None when it cannot be found with confidence (the caller
    then marks the quote orphaned for a journalist to re-select)."""
    if not old.exact or not new_text:
        return None
    return _by_position_or_quote(old, new_text) or by_fuzzy_match(old, new_text)


def _by_position_or_quote(old: Selectors, new_text: str) -> Anchor | None:
    exact = old.exact
    context = Context(old.prefix, old.suffix)
    at_position = new_text[old.start : old.end] == exact
    # The common case, and the cheap one: nothing around the quote changed.
    if at_position and context.agreement(new_text, old.start, old.end) == context.possible:
        return Anchor(old.start, old.end, "position")

    scored = [
        (context.agreement(new_text, start, start + len(exact)), start)
        for start in occurrences(new_text, exact)
    ]
    if not scored:
        return None
    best = max(matched for matched, _ in scored)
    start = min(
        (start for matched, start in scored if matched == best), key=lambda s: (abs(s - old.start), s)
    )
    if start == old.start:
        return Anchor(old.start, old.end, "position")
    if len(exact.strip()) < DISTINCTIVE_LENGTH and context.score(best) < MIN_CONTEXT_AGREEMENT:
        return None
    return Anchor(start, start + len(exact), "quote")
