"""A source's canonical text: the one way HTML and plain text become it.

The canonical text is what quotes point into: every TextPositionSelector
counts its characters (code points), and its SHA-256 tells one imported text
from another. So it is made the same way every time, and plain: nothing of a
page's HTML is stored. That is also why HTML is read here from the original
document rather than from ``sources.sanitize.clean_html``'s output: the
sanitizer's allowlist drops ``div``, ``h1``, ``table`` and the like while
keeping their text, which would run paragraphs together. Nothing unsanitized
is stored either way, and templates escape the text like any other.

Nothing here imports Django or the models, so that capture can make canonical
text in a child process that never sets Django up (``sources.capture.bounded``).
"""

import re
import unicodedata
from typing import Any

import html5lib

from sources.sanitize import BLOCK_ELEMENTS, NON_TEXT_ELEMENTS, clean_document_html

# A line break ends a paragraph too: articles pasted from some CMSs separate
# paragraphs with <br><br> and nothing else.
BREAK_ELEMENTS = frozenset({"br"})
CELL_ELEMENTS = frozenset({"td", "th"})

# Any run of whitespace, Unicode's included: &nbsp; and thin spaces in HTML
# are layout, and a journalist typing a quote's words types plain spaces.
# Zero-width characters (ZWJ in emoji and Arabic, ZWNJ in Persian) are not
# whitespace and are kept.
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH = object()  # marks a paragraph boundary in the stream of text


def _tag_name(element: Any) -> str | None:
    """The lowercase local name of an element, or None for comments and
    processing instructions (whose ``tag`` is not a string)."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _text_pieces(root: Any) -> list[Any]:
    """Text and paragraph marks in document order.

    Walks the tree with an explicit stack rather than recursion, so that a
    page nested thousands of elements deep cannot exhaust Python's stack.
    An element's ``tail`` (the text after it, up to its next sibling) belongs
    to its parent's flow, so it is emitted even when the element is skipped.
    """
    pieces: list[Any] = []
    # Each entry is an element to open, or a string/mark to emit on the way out.
    stack: list[Any] = [("open", root)]
    while stack:
        action, item = stack.pop()
        if action == "emit":
            pieces.append(item)
            continue
        name = _tag_name(item)
        later: list[tuple[str, Any]] = []
        if name is not None and name not in NON_TEXT_ELEMENTS:
            if name in BREAK_ELEMENTS:
                pieces.append(_PARAGRAPH)
            elif name in BLOCK_ELEMENTS:
                pieces.append(_PARAGRAPH)
                later.append(("emit", _PARAGRAPH))
            elif name in CELL_ELEMENTS:
                pieces.append(" ")
                later.append(("emit", " "))
            if item.text:
                pieces.append(item.text)
            # Children in order, each followed by its tail; pushed reversed.
            inner: list[tuple[str, Any]] = []
            for child in item:
                inner.append(("open", child))
                if child.tail:
                    inner.append(("emit", child.tail))
            later = inner + later
        stack.extend(reversed(later))
    return pieces


def html_to_text(html: str) -> str:
    """The canonical plain text of an HTML document or fragment.

    Parsed as a browser parses (html5lib), so entities are decoded and broken
    markup is repaired the way readers saw it. Scripts, styles, the head and
    navigation are left out; block elements (p, div, h1–h6, li, blockquote,
    tr, section, ...) and ``br`` become paragraph breaks. The paragraphs are
    separated by exactly one blank line, whitespace inside each is collapsed
    to single spaces, and the result is NFC-normalized (see ``normalize_text``).
    """
    # The one sanitizer sees every imported document first; the text is read
    # from what it lets through.
    document = html5lib.parse(clean_document_html(html), treebuilder="etree", namespaceHTMLElements=False)
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        paragraph = _WHITESPACE.sub(" ", "".join(current)).strip()
        if paragraph:
            paragraphs.append(paragraph)
        current.clear()

    for piece in _text_pieces(document):
        if piece is _PARAGRAPH:
            close_paragraph()
        else:
            current.append(piece)
    close_paragraph()
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The canonical form of pasted or uploaded plain text.

    Newlines become ``\\n`` whatever system the text came from, trailing
    spaces go, runs of blank lines shrink to one, and leading and trailing
    whitespace is stripped. Single newlines and every other character stay
    as given: line breaks in a transcript carry meaning.

    The text is NFC-normalized because the same words can arrive as different
    code points: "é" typed on one system is one character, pasted from
    another it is "e" plus a combining accent. Without normalization the two
    would hash differently (a duplicate import would not be recognised) and
    a quote selected in one would not be found by its words in the other.
    Arabic and Cyrillic letters are unchanged by NFC.
    """
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
