"""A PDF's text layer as canonical text, page by page, and its metadata.

Each page's text is what pypdf reads from the page's text layer, in canonical
form (``sources.text.normalize_text``), and the pages are joined with one
blank line. ``page_starts`` records where each page begins in that text, so a
quote's code-point offset tells which page it is on (``page_of``): a journalist
cites "page 14", not "character 31,207".

A PDF that cannot give a text is refused with a reason in plain words
(``PdfRefused``): not a PDF, password-protected, too long, a scan without a
text layer, or broken. Nothing here imports Django: it runs in a child process
(``sources.capture.bounded``), and a refusal crosses back to the parent
pickled.
"""

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from sources.capture.errors import CodedError
from sources.capture.metadata import names, primary_language, single_line
from sources.text import normalize_text

# A page of a text PDF holds hundreds of letters; a scanned page holds none,
# or a running header and a page number an OCR-less scanner stamped on it. A
# document averaging fewer letters a page than this is taken for a scan.
MIN_LETTERS_PER_PAGE = 20
# The PDF format allows junk before the "%PDF-" header, and readers look for
# it in the first kilobyte.
_HEADER_WITHIN = 1024
_PAGE_SEPARATOR = "\n\n"

REFUSAL_MESSAGES = {
    "not_a_pdf": "This file is not a PDF, whatever its name says.",
    "encrypted": "This PDF is password-protected, so its text cannot be read. "
    "Ask for a copy without a password, or paste its text.",
    "too_many_pages": "This PDF has {pages} pages, and Counterclaim reads at most {limit}. "
    "Upload the pages you need as a shorter PDF, or paste their text.",
    "no_text_layer": "This PDF has no text layer: it looks like a scanned image. "
    "Run it through OCR first, or paste its text.",
    "unreadable": "This PDF is damaged and cannot be read. "
    "Try saving it again from the program that made it, or paste its text.",
}


class PdfRefused(CodedError):
    """A PDF whose text cannot be read, with a code from REFUSAL_MESSAGES and
    a message a journalist can act on; raised in the extraction child
    process and re-raised in the parent."""

    MESSAGES = REFUSAL_MESSAGES


@dataclass(frozen=True)
class PdfText:
    """A PDF's canonical text and where each of its pages starts in it."""

    text: str
    # One offset a page, in code points: where that page's text starts. An
    # empty page gets the offset where the next text starts (the end of the
    # text for empty pages at the end).
    page_starts: tuple[int, ...]
    page_count: int
    title: str
    authors: tuple[str, ...]
    published_on: date | None
    language: str  # the primary subtag of the catalog's /Lang, lowercase, or ""


def extract_pdf(body: bytes, *, max_pages: int) -> PdfText:
    """The text and metadata of the PDF in ``body``.

    Raises PdfRefused when ``body`` is not a PDF, needs a password (a PDF
    encrypted with an empty user password, which opens without asking, is
    read), has more than ``max_pages`` pages, averages fewer than
    MIN_LETTERS_PER_PAGE letters a page, or is too broken to read.
    """
    if b"%PDF-" not in body[:_HEADER_WITHIN]:
        raise PdfRefused.because("not_a_pdf")
    reader = _open(body)
    page_count = _read(lambda: len(reader.pages))
    if page_count > max_pages:
        raise PdfRefused.because("too_many_pages", pages=f"{page_count:,}", limit=f"{max_pages:,}")
    if page_count == 0:
        raise PdfRefused.because("unreadable")
    texts = _read(lambda: [normalize_text(page.extract_text()) for page in reader.pages])
    letters = sum(character.isalpha() for text in texts for character in text)
    if letters < MIN_LETTERS_PER_PAGE * page_count:
        raise PdfRefused.because("no_text_layer")
    text, page_starts = _join_pages(texts)
    return PdfText(text=text, page_starts=page_starts, page_count=page_count, **_metadata(reader))


def page_of(page_starts: tuple[int, ...], offset: int) -> int:
    """The page (1-based) that the code-point ``offset`` of a PDF's text is
    on, given its ``PdfText.page_starts``. The blank line between two pages
    counts as the end of the first; empty pages hold no offset."""
    if offset < 0 or not page_starts:
        raise ValueError(f"No page holds offset {offset}.")
    return bisect_right(page_starts, offset)


def _open(body: bytes) -> PdfReader:
    """A reader for ``body``, decrypted with the empty password if that is
    all it needs."""
    try:
        reader = PdfReader(BytesIO(body))
        # pypdf tries the empty password itself; asking again tells whether it worked.
        locked = reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except DependencyError as error:
        # AES needs pypdf's optional ``cryptography``, which requirements.txt
        # pins; without it an AES PDF is refused rather than misread.
        raise PdfRefused.because("encrypted") from error
    except MemoryError:
        raise
    except Exception as error:
        raise PdfRefused.because("unreadable") from error
    if locked:
        raise PdfRefused.because("encrypted")
    return reader


def _read[T](step: Callable[[], T]) -> T:
    """The result of ``step``, a read from the PDF, or PdfRefused("unreadable").

    pypdf meets a broken file with errors of many kinds (its own, but also
    KeyError, TypeError, ValueError, zlib.error, RecursionError): to a
    journalist they all mean the same thing. A MemoryError is the memory
    limit of ``sources.capture.bounded`` at work, not a broken file, so it
    goes on up to report itself.
    """
    try:
        return step()
    except MemoryError:
        raise
    except Exception as error:
        raise PdfRefused.because("unreadable") from error


def _join_pages(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' texts joined with one blank line, skipping empty pages
    (two separators in a row would make a run of blank lines, which is not
    canonical), and each page's start offset."""
    parts: list[str] = []
    starts: list[int] = []
    waiting = 0  # empty pages whose start is where the next text starts
    length = 0
    for text in texts:
        if not text:
            waiting += 1
            continue
        if parts:
            length += len(_PAGE_SEPARATOR)
        starts.extend([length] * (waiting + 1))
        waiting = 0
        parts.append(text)
        length += len(text)
    starts.extend([length] * waiting)
    return _PAGE_SEPARATOR.join(parts), tuple(starts)


def _metadata(reader: PdfReader) -> dict[str, Any]:
    """Title, authors, creation date and language from the document's info
    dictionary and catalog. Metadata is often malformed in real PDFs; a field
    that cannot be read is left empty rather than refusing a readable text."""
    info = _lenient(lambda: reader.metadata)
    title = _lenient(lambda: info.title) if info else None
    author = _lenient(lambda: info.author) if info else None
    created = _lenient(lambda: info.creation_date) if info else None
    language = _lenient(lambda: reader.root_object.get("/Lang"))
    return {
        "title": single_line(title),
        "authors": names(author),
        "published_on": created.date() if created else None,
        "language": primary_language(language),
    }


def _lenient[T](read: Callable[[], T]) -> T | None:
    try:
        return read()
    except MemoryError:
        raise
    except Exception:
        return None
