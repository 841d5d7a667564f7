"""What in a page could run code or send the reader elsewhere, found by
parsing the page as a browser does (html5lib implements the HTML parsing
standard), not by searching its text: an escaped ``&lt;script&gt;`` is text,
and a ``<ScRiPt>`` is a script.

``active_content(html)`` lists every finding as a sentence; an empty list is
a clean page. The site's own scripts are allowed: files under /static/, a
script that carries a nonce (the Content Security Policy's), and JSON-LD data
blocks that parse as JSON (so nothing broke out of them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import html5lib

# Elements no page of ours has and user content must never bring in.
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "isindex", "bgsound"}
)
# Attributes a browser reads as a URL to load or follow.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "lowsrc",
        "dynsrc",
        "codebase",
        "classid",
        "longdesc",
        "ping",
        "srcset",
        "manifest",
        "icon",
        "archive",
        "usemap",
    }
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
_URL_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_URL_REMOVE = str.maketrans("", "", "\t\n\r")


def url_as_browser_reads(value: str) -> str:
    """The URL a browser resolves for an attribute value: leading and trailing
    C0 controls and spaces stripped, tabs and line breaks removed anywhere
    (so ``java\\tscript:`` is ``javascript:``), lowercased for the scheme."""
    return value.strip(_URL_STRIP).translate(_URL_REMOVE).lower()


def _local(name: Any) -> str:
    # Foreign (SVG, MathML) names come as "{namespace}name".
    return str(name).rsplit("}", 1)[-1].lower()


def _elements(html: str) -> Iterator[Any]:
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in document.iter():
        if isinstance(element.tag, str):
            yield element


def _script_finding(element: Any) -> str | None:
    attributes = {_local(k): v for k, v in element.attrib.items()}
    src = attributes.get("src")
    body = "".join(element.itertext())
    if src is not None and src.startswith("/static/") and not body.strip():
        return None
    if "nonce" in attributes:
        return None
    if attributes.get("type", "").lower() == "application/ld+json" and src is None:
        try:
            json.loads(body)
        except ValueError:
            return f"a JSON-LD block that is not JSON (something broke into it): {body[:120]!r}"
        return None
    return f"a <script> element that is not the site's own: src={src!r}, content {body[:120]!r}"


def active_content(html: str) -> list[str]:
    """Every script, event handler, dangerous URL or embedding element in
    ``html`` that is not the site's own, as a sentence each."""
    findings = []
    for element in _elements(html):
        tag = _local(element.tag)
        finding = _element_finding(tag, element)
        if finding:
            findings.append(finding)
        findings.extend(_attribute_findings(tag, element))
    return findings


def _element_finding(tag: str, element: Any) -> str | None:
    """Why the element itself is active content, if it is."""
    if tag == "script":
        return _script_finding(element)
    if tag in FORBIDDEN_ELEMENTS:
        return f"a <{tag}> element"
    if tag == "meta" and any(_local(k) == "http-equiv" for k in element.attrib):
        return f"a <meta http-equiv> element: {dict(element.attrib)!r}"
    if tag == "link" and not _is_own_link(element):
        return f"a <link> to somewhere else: {dict(element.attrib)!r}"
    return None


def _attribute_findings(tag: str, element: Any) -> list[str]:
    """The element's event handlers, inline styles and dangerous URLs."""
    findings = []
    for name, value in element.attrib.items():
        attribute = _local(name)
        if attribute.startswith("on"):
            findings.append(f"an event handler {attribute}={value[:80]!r} on <{tag}>")
        elif attribute in ("style", "srcdoc"):
            findings.append(f"a {attribute} attribute {value[:80]!r} on <{tag}>")
        elif attribute in URL_ATTRIBUTES and url_as_browser_reads(value).startswith(DANGEROUS_SCHEMES):
            findings.append(f"a {attribute}={value[:80]!r} on <{tag}>")
    return findings


def _is_own_link(element: Any) -> bool:
    """The site's own <link>s: its stylesheets and icon (same origin), and
    the page's canonical and feed addresses, which are not loaded."""
    rel = element.get("rel", "").lower().split()
    href = element.get("href", "")
    if "canonical" in rel or "alternate" in rel:
        return not url_as_browser_reads(href).startswith(DANGEROUS_SCHEMES)
    return href.startswith("/") and not href.startswith("//")


def text_of(html: str) -> str:
    """The page's text as a reader sees it, whitespace collapsed: what an
    escaped value must appear in."""
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    skipped = {"script", "style", "template", "head"}
    parts: list[str] = []
    # An explicit stack, in document order: an element's text, its children
    # (each followed by its tail, the text after it).
    stack: list[Any] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if not isinstance(item.tag, str) or _local(item.tag) in skipped:
            continue
        if _local(item.tag) == "br":
            parts.append(" ")
        if item.text:
            parts.append(item.text)
        later: list[Any] = []
        for child in item:
            later.append(child)
            if child.tail:
                later.append(child.tail)
        stack.extend(reversed(later))
    return " ".join("".join(parts).split())


def off_site_links(html: str, *, own_host: str = "testserver") -> list[tuple[str, str]]:
    """(href, rel) of every <a> that leads to another site."""
    links = []
    for element in _elements(html):
        if _local(element.tag) != "a":
            continue
        href = element.get("href")
        if href is None:
            continue
        address = url_as_browser_reads(href)
        if address.startswith(("http://", "https://", "//")):
            host = address.split("//", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0]
            if host != own_host:
                links.append((href, element.get("rel", "")))
    return links
