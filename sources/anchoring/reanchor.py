"""Re-anchoring a quote in a revised text: its old position, then its exact
words elsewhere, then the fuzzy match (fuzzy.py), each step tried only when
the one before it fails, as the package's docstring describes."""

from __future__ import annotations

from sources.anchoring.context import Context, occurrences
from sources.anchoring.fuzzy import by_fuzzy_match
from sources.anchoring.selectors import Anchor, Selectors

# Quotes shorter than this many code points ("36", "civilians") are too common
# to be trusted away from their old position on their words alone...
DISTINCTIVE_LENGTH = 20
# ...so they also need this share of their prefix and suffix characters to
# agree with the text around the new occurrence.
MIN_CONTEXT_AGREEMENT = 0.25


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
