"""Finding markup that would swallow the rest of an imported document.

An element the import leaves out with its content (a <textarea>, a
<script>, a <nav>; ``sources.sanitize.NON_TEXT_ELEMENTS``) or a comment
that is never closed runs to the end of the document, so every paragraph
after it would be left out too, without a word. The journalist is told
instead, so that they can close it or paste the text as plain text. The
document is parsed here only to look: nothing of it is stored.
"""

import re

import html5lib
from html5lib.treebuilders import getTreeBuilder

from sources.nesting import flatten_deep_nesting
from sources.sanitize import NON_TEXT_ELEMENTS

COMMENT = "<!--"
UNCLOSED = (
    "The HTML has an unclosed {construct} at line {line}; everything after it would be lost. "
    "Close it or paste the text as plain text."
)


def _local_name(element) -> str | None:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else None


def _holds_text(element) -> bool:
    return any(piece.strip() for piece in element.itertext())


def _culprit(parser, fragment) -> str | None:
    """The name of the left-out element (or COMMENT) that the end of the
    document closed, when text was inside it."""
    for _position, code, data in parser.errors:
        if code.startswith("eof-in-comment"):
            return COMMENT
        if code == "expected-named-closing-tag-but-got-eof":  # raw text: <textarea>, <script>
            name = data["name"].lower()
            named = [element for element in fragment.iter() if _local_name(element) == name]
            if name in NON_TEXT_ELEMENTS and named and _holds_text(named[-1]):
                return name
    # Elements still open at the end, outermost first.
    # html5lib keeps its own wrappers on the stack; each holds its etree element.
    for element in (wrapper._element for wrapper in parser.tree.openElements):
        name = _local_name(element)
        if name in NON_TEXT_ELEMENTS and _holds_text(element):
            return name
    return None


def _line(html: str, opening: str, closing: str) -> int:
    """The line of the first ``opening`` after the last ``closing``."""
    last_close = max((match.end() for match in re.finditer(closing, html, re.IGNORECASE)), default=0)
    opened = re.compile(opening, re.IGNORECASE).search(html, last_close)
    return html.count("\n", 0, opened.start() if opened else len(html)) + 1


def unclosed_construct(html: str) -> str | None:
    """A message naming the construct in ``html`` that would swallow the rest
    of the document, and its line; None when there is none."""
    html = flatten_deep_nesting(html)
    parser = html5lib.HTMLParser(tree=getTreeBuilder("etree"), namespaceHTMLElements=False)
    fragment = parser.parseFragment(html)
    culprit = _culprit(parser, fragment)
    if culprit is None:
        return None
    if culprit == COMMENT:
        return UNCLOSED.format(construct=COMMENT, line=_line(html, "<!--", "-->"))
    name = re.escape(culprit)
    line = _line(html, rf"<{name}[\s/>]", rf"</{name}[\s/>]")
    return UNCLOSED.format(construct=f"<{culprit}>", line=line)
