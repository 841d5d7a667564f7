"""Split a revision's text into paragraphs and highlighted segments.

Pure on purpose: it knows nothing of claims or templates. The reader gives it
a revision's canonical text and the spans to highlight, and renders what comes
back; the browser then maps a selection back to code-point offsets by walking
the rendered paragraphs, so every character of the text must be rendered,
exactly once and in order, inside the paragraph that ``start`` names. The one
exception is the run of newlines between two paragraphs, which is not rendered
at all: the browser rebuilds it from the gap between one paragraph's ``end``
and the next one's ``start``.

Offsets count Unicode code points, as Python's ``str`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

# A paragraph ends at a blank line. Two or more newlines in a row separate
# paragraphs; a single newline is a line break inside one.
PARAGRAPH_BREAK = re.compile(r"\n{2,}")


class Placed(Protocol):
    """Anything that says where its words are: a quote."""

    start: int
    end: int
    exact: str


def on_its_words(text: str, quote: Placed) -> bool:
    """Whether ``quote``'s words are at its place in ``text``, the rule for
    drawing its highlight. A quote flagged orphaned may still sit on its old
    words in the revision it stayed on, and a quote read from history may
    have moved since: either is highlighted only where the words really are,
    never over whatever text its offsets now cover."""
    return text[quote.start : quote.end] == quote.exact


@dataclass(frozen=True)
class Span:
    """A passage to highlight: ``text[start:end]``, with where its highlight
    links to, a title for it (shown as a tooltip) and a short label for the
    link at its end (its number in a list of quotes)."""

    start: int
    end: int
    quote_id: int
    href: str = ""
    title: str = ""
    label: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Segment:
    """A stretch of a paragraph covered by the same set of spans (none for
    plain text). ``spans`` are ordered innermost first: shortest, then the
    later-starting one, so ``spans[0]`` is the most specific quote."""

    start: int
    end: int
    text: str
    spans: tuple[Span, ...] = ()
    # Spans that begin or end exactly here, so that two adjacent quotes show
    # where one stops and the next starts.
    starts: tuple[Span, ...] = ()
    ends: tuple[Span, ...] = ()

    @property
    def lines(self) -> list[str]:
        """The text cut at single newlines; the template puts a <br> between
        the pieces."""
        return self.text.split("\n")

    @property
    def highlighted(self) -> bool:
        return bool(self.spans)

    @property
    def depth(self) -> int:
        """How many quotes cover this segment."""
        return len(self.spans)

    @property
    def overlap(self) -> bool:
        return len(self.spans) > 1

    @property
    def primary(self) -> Span | None:
        return self.spans[0] if self.spans else None

    @property
    def quote_ids(self) -> list[int]:
        return [span.quote_id for span in self.spans]

    @property
    def data_quotes(self) -> str:
        """The covering quotes' ids for a ``data-quotes`` attribute, ``"3 7"``."""
        return " ".join(str(quote_id) for quote_id in sorted(self.quote_ids))

    @property
    def title(self) -> str:
        return "\n".join(span.title for span in self.spans if span.title)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    # In a paged document (a PDF), the page this paragraph begins, when it is
    # the first paragraph of that page; the pages shown between paragraphs.
    page: int | None = None

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


def mark_pages(paragraphs: list[Paragraph], page_starts: list[int]) -> list[Paragraph]:
    """``paragraphs`` with the first paragraph of each page marked with its
    page number (``page_starts`` as ``SourceRevision.page_starts``). A page
    with no text of its own gets no mark; the next page's paragraph does."""
    if not page_starts:
        return paragraphs
    marked, page = [], 0
    for paragraph in paragraphs:
        first_page = None
        while page < len(page_starts) and page_starts[page] <= paragraph.start:
            page += 1
            first_page = page
        marked.append(replace(paragraph, page=first_page) if first_page else paragraph)
    return marked


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph; the newlines between paragraphs
    belong to none. Leading and trailing blank lines make no paragraph."""
    bounds = []
    position = 0
    for separator in PARAGRAPH_BREAK.finditer(text):
        if separator.start() > position:
            bounds.append((position, separator.start()))
        position = separator.end()
    if position < len(text):
        bounds.append((position, len(text)))
    return bounds


def _innermost_first(span: Span) -> tuple[int, int, int]:
    return (span.length, -span.start, span.quote_id)


def highlight(text: str, spans: Iterable[Span]) -> list[Paragraph]:
    """The text as paragraphs of segments, each segment carrying the spans
    that cover it. Spans outside the text or empty are ignored (a caller
    that passes them has a bug elsewhere, but the reader must still render);
    a span that runs past the end of the text is cut there."""
    length = len(text)
    usable: list[Span] = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start >= end:
            continue
        if (start, end) != (span.start, span.end):
            span = replace(span, start=start, end=end)
        usable.append(span)

    return [_paragraph(text, p_start, p_end, usable) for p_start, p_end in split_paragraphs(text)]


def _paragraph(text: str, p_start: int, p_end: int, spans: Sequence[Span]) -> Paragraph:
    inside = [span for span in spans if span.start < p_end and span.end > p_start]
    # Every place where the set of covering spans can change.
    cuts = {p_start, p_end}
    for span in inside:
        cuts.add(max(span.start, p_start))
        cuts.add(min(span.end, p_end))
    ordered = sorted(cuts)

    segments = []
    for seg_start, seg_end in zip(ordered, ordered[1:], strict=False):
        covering = tuple(
            sorted(
                (span for span in inside if span.start <= seg_start and span.end >= seg_end),
                key=_innermost_first,
            )
        )
        segments.append(
            Segment(
                start=seg_start,
                end=seg_end,
                text=text[seg_start:seg_end],
                spans=covering,
                starts=tuple(span for span in covering if span.start == seg_start),
                ends=tuple(span for span in covering if span.end == seg_end),
            )
        )
    return Paragraph(start=p_start, end=p_end, segments=tuple(segments))
