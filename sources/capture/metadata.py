"""A captured document's metadata as a source stores it, whatever it was read
from: a web page's meta tags (``extracting``) or a PDF's info dictionary
(``pdf``). One rule each for a title's whitespace, a list of names and a
language tag, so that a page and a PDF of the same report agree."""

import re

# A primary language subtag (ISO 639): two or three letters. "und" is
# BCP 47's "undetermined", which says nothing.
_PRIMARY_LANGUAGE = re.compile(r"[a-z]{2,3}")
_SUBTAG_SEPARATOR = re.compile(r"[-_,;\s]")


def single_line(value: object) -> str:
    """``value`` as one line of text with single spaces, "" for None: titles
    in meta tags and PDFs carry line breaks and runs of spaces from layout."""
    return " ".join(str(value or "").split())


def names(value: object) -> tuple[str, ...]:
    """The names in an author field, in order. Names are separated by
    semicolons (trafilatura joins the authors it finds with "; ", and PDFs
    list theirs so); a comma is as often inside one name ("Khoja, Khaled")
    as between two, so it does not separate."""
    return tuple(name for name in map(single_line, str(value or "").split(";")) if name)


def primary_language(tag: object) -> str:
    """The primary subtag of a language tag, lowercase: "en-GB" is "en",
    Open Graph's "ar_AR" is "ar"; "" for no tag, "und", or anything that is
    not a language tag. Sources store the language a text is written in,
    not its regional variant."""
    primary = _SUBTAG_SEPARATOR.split(str(tag or "").strip().lower(), maxsplit=1)[0]
    return primary if _PRIMARY_LANGUAGE.fullmatch(primary) and primary != "und" else ""
