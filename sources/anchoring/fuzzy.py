"""The fuzzy match, the last step of re-anchoring: where an edited passage now
is, found from the fragments of it and of its surroundings that still occur
literally, and accepted only if it is similar enough to the old words and
still bordered by their old surroundings (the package's docstring describes
the algorithm)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from sources.anchoring.context import Context, squash
from sources.anchoring.selectors import Anchor, Selectors
from sources.models import SELECTOR_CONTEXT

# A fuzzy match must be at least this similar to the old words, as difflib's
# ratio (2 × matching characters / total characters) after collapsing runs of
# whitespace. 0.8 accepts a fixed typo or one changed word in a sentence-long
# quote, and refuses a rewritten sentence: a newsroom would rather repair an
# orphaned quote by hand than have it silently point at different words.
FUZZY_THRESHOLD = 0.8

# Fragments used to locate an edited passage. Longer fragments are more
# distinctive, shorter ones survive denser edits.
_MIN_FRAGMENT = 12
_MAX_FRAGMENT = 32
# At most this many fragments of the quote itself, so that a quote of several
# paragraphs costs no more than a sentence.
_MAX_QUOTE_FRAGMENTS = 16
# A fragment found more often than this is not distinctive (a repeated
# boilerplate line); it is ignored rather than scanned to the end.
_MAX_FRAGMENT_SCAN = 256
# Of a fragment's occurrences, only those nearest its old place vote.
_VOTES_PER_FRAGMENT = 8
# The best-supported candidate places that are measured for similarity, and
# of those only the ones with at least half the support of the best: a place
# that one stray fragment points at is not worth an alignment.
_CANDIDATES = 4
# Passages up to this many characters (both together) are compared character
# by character; longer ones word by word first.
_CHARACTERWISE_LIMIT = 600
# The quote's first or last characters aligned to find an edge, and how far
# either side of a fragment's estimate the alignment looks.
_EDGE_PATTERN = 32
_MAX_EDGE_SLACK = 96
# How far a fragment of the old context may sit from a candidate's edge and
# still count as bordering it (an edit between them, a whitespace change).
_BORDER_TOLERANCE = 16
# Only context fragments found at most this often count for or against a
# candidate: a phrase repeated through the text ("said on Tuesday that")
# borders many passages and proves nothing about any of them.
_DISTINCTIVE_HITS = 2

# Words, each with the spaces and punctuation after it; joined, they give the
# text back. (A lone space as a token would be so common that difflib's
# matching turns quadratic again.)
_WORDS = re.compile(r"\w+\W*|\W+")


@dataclass(frozen=True)
class _Vote:
    """One literal occurrence of a fragment of the old prefix + quote + suffix."""

    offset: int  # where the fragment started in the old prefix + quote + suffix
    length: int
    hit: int  # where it occurs in the new text
    hits: int  # how often the fragment occurs in the new text

    def place_of(self, boundary: int) -> int:
        """Where an old offset (such as the quote's start) is in the new text,
        if nothing between it and this fragment changed length."""
        return self.hit + boundary - self.offset

    def distance_to(self, boundary: int) -> int:
        """Old characters between this fragment and a boundary (0: touching)."""
        if self.offset + self.length <= boundary:
            return boundary - self.offset - self.length
        return max(0, self.offset - boundary)


def _fragments(old: Selectors) -> list[tuple[int, str]]:
    """(offset, fragment) pieces of prefix + exact + suffix, laid out from the
    quote's edges outwards so that the fragments touching its edges exist."""
    whole = old.prefix + old.exact + old.suffix
    quote_start, quote_end = len(old.prefix), len(old.prefix) + len(old.exact)
    size = max(_MIN_FRAGMENT, min(_MAX_FRAGMENT, len(old.exact) // 4))
    offsets = set(range(quote_start - size, -1, -size))  # prefix, backwards from the quote
    offsets.update(range(quote_end, len(whole) - size + 1, size))  # suffix
    if len(old.exact) >= size:
        inside = list(range(quote_start, quote_end - size + 1, size))
        if len(inside) > _MAX_QUOTE_FRAGMENTS:
            step = len(inside) / _MAX_QUOTE_FRAGMENTS
            inside = [inside[int(i * step)] for i in range(_MAX_QUOTE_FRAGMENTS)]
        offsets.update(inside)
        offsets.add(quote_start)
        offsets.add(quote_end - size)
    fragments = []
    for offset in sorted(offsets):
        fragment = whole[offset : offset + size]
        if fragment.strip():  # whitespace is found everywhere and says nothing
            fragments.append((offset, fragment))
    return fragments


def _votes(old: Selectors, new_text: str) -> list[_Vote]:
    votes = []
    quote_start = len(old.prefix)
    for offset, fragment in _fragments(old):
        hits = []
        index = new_text.find(fragment)
        while index != -1 and len(hits) <= _MAX_FRAGMENT_SCAN:
            hits.append(index)
            index = new_text.find(fragment, index + 1)
        if len(hits) > _MAX_FRAGMENT_SCAN:
            continue
        expected = old.start + offset - quote_start
        hits.sort(key=lambda hit: abs(hit - expected))
        votes.extend(_Vote(offset, len(fragment), hit, len(hits)) for hit in hits[:_VOTES_PER_FRAGMENT])
    return votes


def _clusters(votes: list[_Vote], old: Selectors) -> list[list[_Vote]]:
    """Votes grouped by the quote start they imply, best supported first."""
    quote_start = len(old.prefix)
    tolerance = max(SELECTOR_CONTEXT, len(old.exact) // 2)
    ordered = sorted(votes, key=lambda vote: vote.place_of(quote_start))
    clusters: list[list[_Vote]] = []
    for vote in ordered:
        if clusters and vote.place_of(quote_start) - clusters[-1][-1].place_of(quote_start) <= tolerance:
            clusters[-1].append(vote)
        else:
            clusters.append([vote])

    def rank(cluster: list[_Vote]) -> tuple[int, int]:
        middle = cluster[len(cluster) // 2].place_of(quote_start)
        return (-_support(cluster), abs(middle - old.start))

    return sorted(clusters, key=rank)


def _support(cluster: list[_Vote]) -> int:
    """How many different fragments point at a place."""
    return len({vote.offset for vote in cluster})


def best_end(pattern: str, window: str, *, last: bool = False) -> int:
    """Where in ``window`` the substring closest to ``pattern`` (fewest
    insertions, deletions and substitutions) ends: of equally close ones,
    the leftmost end, or the rightmost when ``last``.

    Myers' bit-parallel algorithm (J. ACM 46(3), 1999): one column of the
    edit-distance table per character of the window, held in two integers
    whose bits are the pattern's rows, so a window costs a few integer
    operations per character whatever the pattern's length.
    """
    if not pattern:
        return 0
    mask = (1 << len(pattern)) - 1
    last_row = 1 << (len(pattern) - 1)
    positions: dict[str, int] = {}
    for row, char in enumerate(pattern):
        positions[char] = positions.get(char, 0) | (1 << row)
    plus, minus, score = mask, 0, len(pattern)  # vertical deltas; distance at the last row
    best_score, best_end = score, 0
    for column, char in enumerate(window, 1):
        equal = positions.get(char, 0)
        x_vertical = equal | minus
        x_horizontal = (((equal & plus) + plus) ^ plus) | equal
        plus_horizontal = minus | (~(x_horizontal | plus) & mask)
        minus_horizontal = plus & x_horizontal
        if plus_horizontal & last_row:
            score += 1
        elif minus_horizontal & last_row:
            score -= 1
        # Shifting in zeros leaves the top row at 0: a match may start anywhere.
        plus_horizontal = (plus_horizontal << 1) & mask
        minus_horizontal = (minus_horizontal << 1) & mask
        plus = minus_horizontal | (~(x_vertical | plus_horizontal) & mask)
        minus = plus_horizontal & x_vertical
        if score < best_score or (last and score == best_score):
            best_score, best_end = score, column
    return best_end


def _best_start(pattern: str, window: str) -> int:
    """Where in ``window`` the substring closest to ``pattern`` starts (the
    same search run backwards): of equally close ones, the leftmost."""
    return len(window) - best_end(pattern[::-1], window[::-1], last=True)


def _edges(
    cluster: list[_Vote], boundary: int, old: Selectors, new_text: str, *, is_start: bool
) -> list[int]:
    """Where one edge of the quote may now be, the likeliest first: where a
    fragment of the context that touched the edge puts it, where a fragment
    of the quote's own words that touched it puts it, and where the quote's
    first or last words align best near the nearest fragment's estimate.

    They differ when the text changed at the edge. Words inserted between
    the quote and its suffix push the suffix away, so the context's edge
    takes them in and the alignment's does not; a first word replaced ("said"
    by "stated") is taken in by the context's edge and may be left out by
    the alignment. The caller keeps whichever pair of edges differs least
    from the old words.
    """
    quote_start, quote_end = len(old.prefix), len(old.prefix) + len(old.exact)

    def inside(vote: _Vote) -> bool:
        return quote_start <= vote.offset < quote_end

    def trust(vote: _Vote) -> tuple[bool, int]:
        # A fragment repeated through the text may be a stray occurrence
        # that happens to fall into this cluster: distinctive ones first.
        return (vote.hits > _DISTINCTIVE_HITS, vote.distance_to(boundary))

    edges = []
    for own_words in (False, True):
        touching = [v for v in cluster if inside(v) == own_words and v.distance_to(boundary) == 0]
        if touching:
            edges.append(min(touching, key=trust).place_of(boundary))
            if own_words and touching[0].hits <= _DISTINCTIVE_HITS:
                # The quote's own first or last words are there, unchanged
                # and distinctive: nothing for an alignment to improve on.
                return list(dict.fromkeys(edges))

    nearest = min(cluster, key=trust)
    estimate = nearest.place_of(boundary)
    slack = min(_MAX_EDGE_SLACK, 32 + nearest.distance_to(boundary) // 2)
    # Windows are clamped to the text: an estimate from a fragment far from
    # the edge can fall before its start or after its end.
    if is_start:
        pattern = old.exact[:_EDGE_PATTERN]
        low = min(len(new_text), max(0, estimate - slack))
        window = new_text[low : max(low, estimate + len(pattern) + slack)]
        aligned = low + _best_start(pattern, window)
        at_word_edge = _is_word_char(old.exact[0]) and not (old.prefix and _is_word_char(old.prefix[-1]))
    else:
        pattern = old.exact[-_EDGE_PATTERN:]
        low = min(len(new_text), max(0, estimate - len(pattern) - slack))
        window = new_text[low : max(low, estimate + slack)]
        aligned = low + best_end(pattern, window, last=True)
        at_word_edge = _is_word_char(old.exact[-1]) and not (old.suffix and _is_word_char(old.suffix[0]))
    # Of equally close alignments the widest is taken: a word replaced at
    # the edge ("the strike" by "a strike") is part of the passage, not left
    # out of it. An alignment can also start or end a few letters into a
    # neighbouring word; a quote that began or ended on a word boundary is
    # moved to the nearest one.
    if at_word_edge:
        aligned = _nearest_word_boundary(new_text, aligned, prefer_later=is_start)
    edges.append(aligned)
    return list(dict.fromkeys(edges))


def _is_word_char(char: str) -> bool:
    # Combining marks count as letters: Arabic vowel signs (harakat) and
    # tanwin are marks, and a word does not end before them.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _nearest_word_boundary(text: str, position: int, *, prefer_later: bool) -> int:
    """``position`` if no word goes on across it, otherwise the nearer end
    of that word. On a tie the quote shrinks rather than takes in a word it
    did not have: a start (``prefer_later``) moves forward, an end back."""
    if not (0 < position < len(text) and _is_word_char(text[position - 1]) and _is_word_char(text[position])):
        return position
    before = position
    while before > 0 and _is_word_char(text[before - 1]):
        before -= 1
    after = position
    while after < len(text) and _is_word_char(text[after]):
        after += 1
    if position - before == after - position:
        return after if prefer_later else before
    return before if position - before < after - position else after


def _compare(a: str, b: str) -> tuple[int, float]:
    """How far apart two passages are, with runs of whitespace collapsed: the
    characters to delete and insert to turn one into the other, and
    difflib's ratio (2 × matching characters / total characters).

    The distance chooses between edges, because the ratio rewards leaving
    out a changed word at an edge; the ratio is held to ``FUZZY_THRESHOLD``,
    because it scales with the quote. When even difflib's cheap upper bound
    is below the threshold, the passages are not compared further.
    """
    a, b = squash(a), squash(b)
    if not a or not b:
        return len(a) + len(b), 0.0
    bound = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if bound.real_quick_ratio() < FUZZY_THRESHOLD or bound.quick_ratio() < FUZZY_THRESHOLD:
        return len(a) + len(b), 0.0
    matched = _matching_characters(a, b)
    return len(a) + len(b) - 2 * matched, 2 * matched / (len(a) + len(b))


def _matching_characters(a: str, b: str) -> int:
    """How many characters difflib matches between ``a`` and ``b``.

    Character by character, difflib is quadratic on a paragraph-long quote
    (15 ms for 900 characters), so long passages are matched word by word
    first and only the runs of words that differ are matched character by
    character. For passages that are mostly alike, as candidates for a
    re-anchored quote are, this counts almost exactly what the character
    comparison would.
    """
    if len(a) + len(b) <= _CHARACTERWISE_LIMIT:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return sum(block.size for block in matcher.get_matching_blocks())
    words_a, words_b = _WORDS.findall(a), _WORDS.findall(b)
    matched = 0
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            matched += sum(len(word) for word in words_a[i1:i2])
        elif tag == "replace":
            piece_a, piece_b = "".join(words_a[i1:i2]), "".join(words_b[j1:j2])
            # A long differing run is a rewrite; its few chance matches do
            # not decide anything, and comparing it would be slow.
            if len(piece_a) + len(piece_b) <= _CHARACTERWISE_LIMIT:
                matched += _matching_characters(piece_a, piece_b)
    return matched


def _bordered(votes: list[_Vote], old: Selectors, start: int, end: int, new_text: str) -> bool:
    """Whether a candidate passage still sits among the quote's old
    surroundings, on both sides.

    A side is bordered when its old context (whitespace and case aside)
    agrees, reading outwards from the candidate, for at least half its length,
    or when a distinctive fragment of it lies within ``_BORDER_TOLERANCE`` of
    the candidate's edge. An empty side (a quote at an end of the text) has
    nothing to disagree with. And no distinctive fragment of the old context
    may have moved inside the candidate or to its wrong side.

    Both sides are required because a deleted passage often has a neighbour
    that resembles it ("...said that 12 people..." and "...said that 21
    people..."): once the passage is gone, the neighbour is bordered by the
    deleted passage's context on one side, never on both.
    """
    context = Context(old.prefix, old.suffix)
    before = not context.prefix or 2 * context.before_agreement(new_text, start) >= len(context.prefix)
    after = not context.suffix or 2 * context.after_agreement(new_text, end) >= len(context.suffix)
    quote_start, quote_end = len(old.prefix), len(old.prefix) + len(old.exact)
    # Where each distinctive context fragment says the quote's edge is: the
    # start for a piece of the prefix, the end for a piece of the suffix.
    # Boilerplate context says nothing about this place and is left out.
    said: dict[int, list[int]] = {}
    for vote in votes:
        if vote.hits <= _DISTINCTIVE_HITS and vote.offset + vote.length <= quote_start:
            said.setdefault(vote.offset, []).append(vote.place_of(quote_start))
        elif vote.hits <= _DISTINCTIVE_HITS and vote.offset >= quote_end:
            said.setdefault(vote.offset, []).append(vote.place_of(quote_end))
    for offset, places in said.items():
        # A fragment found twice may border the candidate at one place and
        # fall inside it at the other; only a fragment that does not border
        # it anywhere contradicts it.
        if offset < quote_start:
            if any(abs(place - start) <= _BORDER_TOLERANCE for place in places):
                before = True
            elif any(start + _BORDER_TOLERANCE < place <= end + _BORDER_TOLERANCE for place in places):
                return False
        else:
            if any(abs(place - end) <= _BORDER_TOLERANCE for place in places):
                after = True
            elif any(start - _BORDER_TOLERANCE <= place < end - _BORDER_TOLERANCE for place in places):
                return False
    return before and after


def by_fuzzy_match(old: Selectors, new_text: str) -> Anchor | None:
    quote_start, quote_end = len(old.prefix), len(old.prefix) + len(old.exact)
    best: tuple[tuple[float, int, int], Anchor] | None = None
    votes = _votes(old, new_text)
    clusters = _clusters(votes, old)[:_CANDIDATES]
    if not clusters:
        return None
    top_support = _support(clusters[0])
    for cluster in clusters:
        if 2 * _support(cluster) < top_support:
            break
        spans = {
            _trimmed(old, new_text, start, end)
            for start in _edges(cluster, quote_start, old, new_text, is_start=True)
            for end in _edges(cluster, quote_end, old, new_text, is_start=False)
        }
        # The pair of edges whose passage differs least from the old words;
        # on a tie the earlier, likelier edges (sorted() keeps their order).
        scored = sorted(
            ((_compare(old.exact, new_text[start:end]), start, end) for start, end in spans if start < end),
            key=lambda item: item[0][0],
        )
        if not scored:
            continue  # the context closed up around a deleted passage
        (_, similarity), start, end = scored[0]
        if similarity < FUZZY_THRESHOLD or not _bordered(votes, old, start, end, new_text):
            continue
        key = (similarity, _support(cluster), -abs(start - old.start))
        if best is None or key > best[0]:
            best = (key, Anchor(start, end, "fuzzy", similarity))
    return best[1] if best is not None else None


def _trimmed(old: Selectors, new_text: str, start: int, end: int) -> tuple[int, int]:
    """The span clamped to the text, without whitespace at an edge where the
    old quote had none: that whitespace belongs to the surroundings."""
    start, end = max(0, start), min(len(new_text), end)
    if not old.exact[0].isspace():
        while start < end and new_text[start].isspace():
            start += 1
    if not old.exact[-1].isspace():
        while end > start and new_text[end - 1].isspace():
            end -= 1
    return start, end
