"""An article's text and metadata, read from the bytes of a captured web page.

trafilatura finds the article (its paragraphs, without the site's navigation,
advertisements, newsletter boxes, related links, comments and footer) and the
metadata a news page declares. The article comes out of trafilatura as HTML
and becomes canonical text through ``sources.text.html_to_text``, the same
function a pasted page goes through, so a captured article and the same
article pasted have their paragraphs split the same way. The whole page's
text is kept beside it, for when no article is found.

Nothing here imports Django, and nothing fetches: it runs in a child process
(``sources.capture.bounded``) on bytes the fetcher already holds. trafilatura
and htmldate download a page when handed a string that looks like a URL, so
they are only ever handed the parsed tree.
"""

import codecs
import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from charset_normalizer import from_bytes
from lxml.html import HtmlElement

from sources.capture.metadata import names, primary_language, single_line
from sources.text import html_to_text

# Extraction finds an article when its text has at least this many words:
# about two paragraphs of news copy. A section front, a search page or an
# error page yields headlines and labels, and fewer than this.
MIN_ARTICLE_WORDS = 40
# Letters, digits and the marks that join them, in any script: English,
# Arabic and Russian all separate words with spaces. Scripts written without
# spaces (Chinese, Japanese, Thai) count a run of text as one word, so their
# articles may be judged not found; whole_page_text is there for them.
_WORD = re.compile(r"\w+")

# trafilatura's settings, chosen once so that the same page always gives the
# same text. Precision over recall: a paragraph of boilerplate in a source's
# text is worse than a missed one, because quotes are made from the text and
# the whole page's text remains for anything missed. Comments are not the
# article. Tables stay: in news copy they hold the figures a fact-checker
# checks (casualties by town, poll results), html_to_text already reads a
# table row as one paragraph, and trafilatura's precision mode leaves out
# the link-heavy layout tables. Links and images are dropped because only
# text is stored.
_EXTRACTION = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,  # its cache outlives a call, so output would depend on earlier pages
    "output_format": "html",
}
# A published date from the page's markup (meta tags, JSON-LD, <time>, the
# URL), never a date guessed from the prose: a page that quotes "15 April
# 2015" in a caption was not published that day.
_DATES = {"original_date": True, "extensive_search": False}

# The encoding a page declares in a <meta> tag, in either form:
# <meta charset="windows-1251"> and <meta http-equiv="Content-Type"
# content="text/html; charset=windows-1251">.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([a-zA-Z0-9._:-]+)", re.IGNORECASE)
# Browsers look for it in the first 1024 bytes; pages whose head starts with
# long inline scripts declare it later, and browsers then decode again, so
# a little more is read here.
_META_SCAN_BYTES = 8192
# What charset-normalizer reads to guess an encoding nobody declared: enough
# text to tell Cyrillic code pages apart, without reading megabytes.
_DETECTION_BYTES = 65536
# Labels that browsers read as another encoding (the WHATWG Encoding
# Standard): pages labelled Latin-1 or ASCII are decoded as windows-1252,
# and a page that says UTF-16 in a meta tag cannot be UTF-16, since the tag
# was readable as ASCII.
_BROWSER_ENCODINGS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "utf_16": "utf-8",
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
}
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Extraction:
    """What a web page said: its metadata, its article's canonical text, and
    the canonical text of the whole page, for when no article was found."""

    title: str
    outlet: str  # the site's name, as the page gives it
    authors: tuple[str, ...]
    published_on: date | None
    language: str  # a lowercase primary language subtag ("en", "ar", "ru"), or "" when unknown
    text: str  # the article's canonical text: paragraphs separated by one blank line
    whole_page_text: str  # html_to_text of the whole page
    useful: bool  # whether an article was found: at least MIN_ARTICLE_WORDS words of text


def extract_article(body: bytes, *, url: str, charset: str | None = None) -> Extraction:
    """The article in a web page's bytes, and the page's metadata.

    ``charset`` is the encoding the server declared in its Content-Type
    header, if any; ``url`` is the address the page was read from (for the
    site's name and dates in the address). Bytes that do not decode never
    raise: undecodable bytes become U+FFFD, as in a browser.
    """
    html = decode_page(body, charset)
    whole_page_text = html_to_text(html)
    tree = trafilatura.load_html(html)
    if tree is None:  # not HTML at all, or nothing in it
        return Extraction(
            title="",
            outlet="",
            authors=(),
            published_on=None,
            language="",
            text="",
            whole_page_text=whole_page_text,
            useful=False,
        )
    # Both get the tree, never the string (see above), so lxml parses the
    # page once: extraction works on a copy, and metadata only reads it.
    text = _article_text(tree, url)
    metadata = trafilatura.extract_metadata(tree, default_url=url, date_config=dict(_DATES))
    return Extraction(
        title=single_line(metadata.title),
        outlet=single_line(metadata.sitename),
        authors=names(metadata.author),
        published_on=_date(metadata.date),
        language=_page_language(tree) or primary_language(metadata.language),
        text=text,
        whole_page_text=whole_page_text,
        useful=len(_WORD.findall(text)) >= MIN_ARTICLE_WORDS,
    )


def decode_page(body: bytes, charset: str | None = None) -> str:
    """A web page's bytes as text, decoded as a browser would decode them.

    A byte order mark wins, then the encoding the server declared
    (``charset``), then the one the page declares in a meta tag; a page that
    declares nothing is UTF-8 if it is valid UTF-8, and otherwise whatever
    charset-normalizer finds most likely. Bytes invalid in the chosen
    encoding become U+FFFD rather than an error.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if body.startswith(mark):
            return body[len(mark) :].decode(encoding, errors="replace")
    declared = _codec(charset) or _codec(_meta_charset(body))
    if declared:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(body[:_DETECTION_BYTES]).best()
    encoding = _codec(guess.encoding if guess is not None else None) or "cp1252"
    return body.decode(encoding, errors="replace")


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match[1].decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for an encoding label, as browsers read the label, or
    None for a label no codec answers to (``charset=none``, typos)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None
    return _BROWSER_ENCODINGS.get(name, name)


def _article_text(tree: HtmlElement, url: str) -> str:
    """The article's canonical text, or "" when trafilatura finds none."""
    article_html = trafilatura.extract(tree, url=url, **_EXTRACTION)
    return html_to_text(article_html) if article_html else ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page_language(tree: HtmlElement) -> str:
    """The language the page declares: <html lang>, else a Content-Language
    meta tag, else Open Graph's locale ("ar_AR")."""
    declared = [tree.get("lang"), tree.get("xml:lang")]
    declared += tree.xpath(
        "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content"
    )
    declared += tree.xpath("//meta[@property='og:locale']/@content")
    return next((code for code in map(primary_language, declared) if code), "")
