"""The one place user HTML is cleaned before it is stored.

Every rich-text field (evidence descriptions, verdict rationales, imported
source HTML) passes through :func:`clean_html` on save, so templates may mark
those fields ``|safe``. Swapping bleach for another library is a change to
this file only.
"""

import bleach
from bleach.css_sanitizer import CSSSanitizer

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
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "*": ["dir", "lang"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
EXTERNAL_LINK_REL = "noopener noreferrer nofollow"


def _external_rel(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if href.startswith(("http://", "https://")):
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


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allowlist above; safe to render as is."""
    if not html:
        return ""
    return _cleaner.clean(html).strip()
