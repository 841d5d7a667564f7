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

The package has one module per concern: ``selectors`` (the browser's offsets,
the selectors and the anchor), ``context`` (scoring an occurrence by its
surroundings, and typed words), ``reanchor`` (the order of the steps, and the
position and quote steps) and ``fuzzy`` (the fuzzy match). Callers import from
the package; what its modules share only with each other is not exported here.
"""

from sources.anchoring.context import Match, find_exact
from sources.anchoring.fuzzy import FUZZY_THRESHOLD
from sources.anchoring.reanchor import DISTINCTIVE_LENGTH, MIN_CONTEXT_AGREEMENT, reanchor
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
