"""The one place user HTML is cleaned before it is stored.

Every rich-text field (evidence descriptions, verdict rationales, imported
source HTML) passes through :func:`clean_html` on save, so templates may mark
those fields ``|safe``. Swapping bleach for another library is a change to
this file only.
"""

import bleach
import html5lib
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import convert_entities
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE, INVISIBLE_REPLACEMENT_CHAR

from sources.hrefs import BrowserURL, browser_url
from sources.nesting import flatten_deep_nesting

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)


def _read_href(value: str) -> BrowserURL | None:
    # bleach hands attribute values over with their character references
    # still in them ("java&#x09;script:"); the browser decodes them first.
    return browser_url(convert_entities(value))


# Attributes every allowed element may have: text direction and language,
# for Arabic, Russian and English side by side.
GLOBAL_ATTRIBUTES = ("dir", "lang")


def _allowed_href(value: str) -> bool:
    url = _read_href(value)
    return url is not None and (url.is_web_address or url.is_on_page_host)


def _link_attribute(tag: str, name: str, value: str) -> bool:
    # Links to our own pages ("/claims/3/", "#evidence") stay; links to
    # other sites must be http or https as the browser reads them (see
    # ALLOWED_PROTOCOLS), never protocol-relative ("//host", "/\\host"),
    # where neither the scheme rule nor the rel of external links would
    # apply. bleach asks this function alone about an <a>'s attributes, the
    # global ones too, before its own check of the scheme.
    if name == "href":
        return _allowed_href(value)
    return name == "title" or name in GLOBAL_ATTRIBUTES


ALLOWED_ATTRIBUTES = {
    "a": _link_attribute,
    "abbr": ["title"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "*": list(GLOBAL_ATTRIBUTES),
}
# Only web addresses: the issue that set the rules reads "only http and https
# anywhere a URL is stored or rendered as a link", mail links included.
ALLOWED_PROTOCOLS = frozenset({"http", "https"})
EXTERNAL_LINK_REL = "noopener noreferrer nofollow"


def _external_rel(attrs: dict, new: bool = False) -> dict | None:
    href_key = (None, "href")
    # Links linkify makes from text ("mailto:desk@example.org") come after
    # the sanitizer, so they meet its rule here; None leaves the text as is.
    if new and not _allowed_href(attrs.get(href_key, "")):
        return None
    # Read as a browser reads it: " HTTPS://…" and "https:/\\host" lead off
    # the site too. The href is left as written: the rel is what matters,
    # and rewriting it here would have to re-escape what bleach escaped.
    url = _read_href(attrs.get(href_key, ""))
    if url is not None and url.host:
        attrs[(None, "rel")] = EXTERNAL_LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
    filters=[lambda source: bleach.linkifier.LinkifyFilter(source, callbacks=[_external_rel])],
)


# Elements whose content is code or markup, not text for readers. bleach
# strips their tags but keeps what is inside as escaped text, which would put
# "alert(1)" into a published rationale. They are removed, content and all,
# from a tree parsed the way a browser parses; this is about what readers see,
# not the safety, which is bleach's allowlist below.
CODE_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
        # Obsolete elements whose content is raw text, not markup: bleach
        # would keep an "&#x09;" in it as written, which reads as a tab when
        # the stored HTML is parsed again, so a second cleaning would differ.
        "xmp",
        "plaintext",
        "noembed",
        "noframes",
    }
)


def _replace_invisible(element) -> None:
    """Control characters in the text replaced as bleach replaces them, here
    rather than by bleach alone: a form feed that ends up beside a dropped
    comment reaches bleach as a separate whitespace token it leaves alone,
    so it would survive the first cleaning and not the second, and cleaning
    would not be idempotent. Attribute values are bleach's to judge."""
    if element.text:
        element.text = INVISIBLE_CHARACTERS_RE.sub(INVISIBLE_REPLACEMENT_CHAR, element.text)
    if element.tail:
        element.tail = INVISIBLE_CHARACTERS_RE.sub(INVISIBLE_REPLACEMENT_CHAR, element.tail)


def _drop_elements(html: str, names: frozenset[str]) -> str:
    # html5lib's time grows with the square of the nesting depth: the
    # document is flattened to a depth no real page reaches first.
    fragment = html5lib.parseFragment(
        flatten_deep_nesting(html), treebuilder="etree", namespaceHTMLElements=False
    )
    for parent in fragment.iter():
        previous = None
        for child in list(parent):
            # SVG and MathML elements come with their namespace: "{…/svg}svg".
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1].lower() in names:
                # Keep the text that followed the removed element.
                if child.tail:
                    if previous is None:
                        parent.text = (parent.text or "") + child.tail
                    else:
                        previous.tail = (previous.tail or "") + child.tail
                parent.remove(child)
            else:
                previous = child
    # After the removals, which move the text that followed a removed element
    # into its neighbour: replaced before, that text would escape.
    for element in fragment.iter():
        _replace_invisible(element)
    return html5lib.serialize(fragment, tree="etree", omit_optional_tags=False)


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allowlist above; safe to render as is."""
    if not html:
        return ""
    return _cleaner.clean(_drop_elements(html, CODE_ELEMENTS)).strip()


# Imported documents: the same walls, with the structure a document's text is
# read from (sections, headings, tables) kept so that paragraphs survive.
# Elements that are not text for readers (code, the head, navigation, form
# controls, media) go with their content.
NON_TEXT_ELEMENTS = CODE_ELEMENTS | {
    "head",
    "title",
    "meta",
    "link",
    "nav",
    "button",
    "input",
    "canvas",
    "audio",
    "video",
    "map",
    "dialog",
}
# Elements that start and end a paragraph, as a browser lays them out as
# blocks. Table cells are not among them: a row reads as one line.
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
DOCUMENT_TAGS = (
    ALLOWED_TAGS
    | BLOCK_ELEMENTS
    | {
        "del",
        "ins",
        "mark",
        "small",
        "span",
        "td",
        "th",
        "time",
        "u",
    }
)
_document_cleaner = bleach.Cleaner(
    tags=DOCUMENT_TAGS,
    attributes={"*": ["dir", "lang"]},
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def clean_document_html(html: str) -> str:
    """An imported HTML document reduced to safe structural markup, from
    which its canonical plain text is extracted (``sources.text``)."""
    if not html:
        return ""
    return _document_cleaner.clean(_drop_elements(html, NON_TEXT_ELEMENTS))
