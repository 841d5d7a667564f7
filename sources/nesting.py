"""Flattening HTML nested deeper than any real page, before it is parsed.

html5lib, the browser-grade parser the sanitizer and ``sources.text`` read
imported documents with, checks the stack of open elements on most start
tags ("is a <p> open in button scope?" for every <div>), and that check
walks the whole stack when the answer is no. So parsing costs time growing
with the square of the nesting depth: 16,000 nested <div> (172 KB) took a
minute of one core, and a 5 MB file would take days. No article nests
anything like this deeply, so start tags beyond ``MAX_DEPTH`` are cut out,
with their end tags, before html5lib sees the document. Only tags go: every
character of text between them stays, so no text is lost, only the
paragraph breaks of elements that deep.

The depth is estimated with a single linear scan that errs on the deep
side: elements that close themselves implicitly (<p>, <li>, <td>) and
cannot nest without a container between them are not counted, and
formatting elements (<b>, <i>) that an end tag of their parent closed are
still counted, because html5lib reopens them ("reconstructs the active
formatting elements") at the next text. A mistake in the estimate costs
paragraph breaks in a document already nested past ``MAX_DEPTH``, never
text; and nothing here decides what is safe, which stays the sanitizer's.
"""

import re
from collections import Counter

# Real pages nest a few dozen elements deep; the cost of each tag is at most
# proportional to this.
MAX_DEPTH = 128

# Start tags that never open an element (void), or that close the previous
# one of their kind instead of nesting in it (html, body and head merge).
_UNCOUNTED = frozenset(
    [
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "html",
        "head",
        "body",
        "p",
        "li",
        "dd",
        "dt",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
        "rtc",
    ]
)
# Elements an end tag of their parent leaves in the list html5lib reopens.
_FORMATTING = frozenset(
    ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"]
)
# Elements whose content is raw text up to their end tag (outside SVG and
# MathML), and the one that runs to the end of the document.
_RAW_TEXT = frozenset(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]
)
_FOREIGN = frozenset({"svg", "math"})

# A comment, a doctype or other markup declaration, or a tag with its
# attributes (a quote only starts a value after "="), each possibly cut
# short by the end of the document. Possessive, so the scan stays linear.
_MARKUP = re.compile(
    r"<!--.*?(?:--!?>|\Z)"
    r"|<[!?][^>]*+(?:>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*+)(?:=\s*+(?:\"[^\"]*+\"|'[^']*+')|[^>])*+(?:>|\Z)",
    re.DOTALL,
)


class _Depth:
    """The estimated stack of open elements, with the tags to cut."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.open = Counter()  # names on the stack
        self.lingering = 0  # formatting elements closed by a parent's end tag
        self.cut = Counter()  # start tags cut whose end tags are still to come
        self.foreign = 0  # open <svg> and <math>

    def depth(self) -> int:
        return len(self.stack) + self.lingering

    def start(self, name: str) -> bool:
        """Whether to keep the start tag of ``name``."""
        if name in _UNCOUNTED or (name in _RAW_TEXT and not self.foreign):
            # A raw text element holds only text, so it adds no depth.
            return True
        if self.depth() >= MAX_DEPTH:
            self.cut[name] += 1
            return False
        self.stack.append(name)
        self.open[name] += 1
        self.foreign += name in _FOREIGN
        return True

    def end(self, name: str) -> bool:
        """Whether to keep the end tag of ``name``."""
        if self.cut[name]:
            self.cut[name] -= 1
            return False
        if not self.open[name]:
            return True
        # Pop up to the element; each element is pushed and popped once.
        while True:
            top = self.stack.pop()
            self.open[top] -= 1
            self.foreign -= top in _FOREIGN
            if top == name:
                return True
            self.lingering += top in _FORMATTING


def _raw_text_end(html: str, name: str, start: int) -> int:
    """Where the raw text of a ``name`` element that starts at ``start`` ends:
    at its end tag, or at the end of the document."""
    match = re.compile(rf"</{name}[\s/>]", re.IGNORECASE).search(html, start)
    return match.start() if match else len(html)


def flatten_deep_nesting(html: str) -> str:
    """``html`` with start tags nested deeper than ``MAX_DEPTH`` (and their
    end tags) removed, and everything else, text included, as it was. Linear
    in the length of ``html``."""
    depth = _Depth()
    kept: list[str] = []
    position = scan = 0
    while match := _MARKUP.search(html, scan):
        scan = match.end()
        if match.group(2) is None:  # a comment or a declaration
            continue
        name = match.group(2).lower()
        keep = depth.end(name) if match.group(1) else depth.start(name)
        if not keep:
            kept.append(html[position : match.start()])
            position = match.end()
        elif name == "plaintext" and not match.group(1):
            break  # the rest of the document is text
        elif name in _RAW_TEXT and not match.group(1) and not depth.foreign:
            scan = _raw_text_end(html, name, scan)
    kept.append(html[position:])
    return "".join(kept)
