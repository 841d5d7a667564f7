"""A word-level diff between two captures' texts: what an outlet changed.

Words, not characters or lines: a corrected death toll is one word, and a
journalist reads a sentence with the old word struck out and the new one
after it. Runs of unchanged words far from any change are folded, so a long
article with one edit shows that edit and a few words on either side.
"""

import bisect
import difflib
import re
from dataclasses import dataclass

# Words (letters and digits of any script), single punctuation marks, and
# the whitespace between them, so that joining the tokens gives the text back.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Above this many words a side, the diff is not attempted (difflib is
# quadratic in the worst case); the page says the texts are too long.
MAX_TOKENS = 60_000
# Unchanged words kept on each side of a change.
CONTEXT_WORDS = 12


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed", "added", or "gap" (unchanged text left out)
    text: str


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _folded(text: str, *, first: bool, last: bool) -> list[Piece]:
    """Unchanged text, with its middle left out when it is long."""
    words = tokens(text)
    keep = CONTEXT_WORDS * 2  # tokens: a word and the space after it
    if len(words) <= keep * 2 + 1:
        return [Piece("same", text)]
    head = "" if first else "".join(words[:keep])
    tail = "" if last else "".join(words[-keep:])
    pieces = [Piece("same", head)] if head else []
    pieces.append(Piece("gap", ""))
    if tail:
        pieces.append(Piece("same", tail))
    return pieces


def word_diff(old: str, new: str) -> list[Piece] | None:
    """The changes from ``old`` to ``new`` as pieces in reading order, or
    None when either text is too long to compare word by word."""
    before, after = tokens(old), tokens(new)
    if len(before) > MAX_TOKENS or len(after) > MAX_TOKENS:
        return None
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[Piece] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            first, last = index == 0, index == len(opcodes) - 1
            pieces.extend(_folded("".join(before[i1:i2]), first=first, last=last))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces


def counts(pieces: list[Piece]) -> tuple[int, int]:
    """How many words were removed and added."""
    removed = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == "removed")
    added = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == "added")
    return removed, added


def carry_offsets(old: str, new: str, offsets: list[int]) -> list[int] | None:
    """Where each offset (code points) of ``old`` falls in ``new``: a PDF's
    page starts, carried through a journalist's correction of its text. An
    offset inside text that was replaced goes to the start of the
    replacement. None when the texts are too long to compare."""
    before, after = tokens(old), tokens(new)
    if len(before) > MAX_TOKENS or len(after) > MAX_TOKENS:
        return None
    # The code-point offset where each token starts, and one past the end.
    starts_before = _starts(before)
    starts_after = _starts(after)
    blocks = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    carried = []
    for offset in offsets:
        token = bisect.bisect_right(starts_before, offset) - 1
        carried.append(_carry(token, offset - starts_before[max(token, 0)], blocks, starts_after))
    return carried


def _starts(words: list[str]) -> list[int]:
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word)
    starts.append(position)
    return starts


def _carry(token: int, within: int, blocks: list, starts_after: list[int]) -> int:
    for op, i1, i2, j1, _j2 in blocks:
        if i1 <= token < i2:
            if op == "equal":
                return starts_after[j1 + token - i1] + within
            return starts_after[j1]
    return starts_after[-1]
