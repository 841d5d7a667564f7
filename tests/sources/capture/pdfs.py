"""PDFs for capture's tests, written byte by byte.

``make_pdf`` writes a valid PDF 1.4 file with a text layer (Helvetica, one
``Tj`` a line) and no dependency, so a test states exactly what each page
says; ``make_scanned_pdf`` writes pages that are only images, as a scanner
makes them. The encrypted variants go through pypdf's own writer, which is
what encrypts real files.
"""

import zlib
from datetime import datetime
from io import BytesIO

from pypdf import PdfWriter

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_FONT_RESOURCES = b"<< /Font << /F1 %d 0 R >> >>"


def _literal(text: str) -> bytes:
    """A PDF literal string: backslashes and parentheses escaped, in the
    Latin-1 range that WinAnsiEncoding covers for these tests."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _text_stream(lines: list[str]) -> bytes:
    """A content stream that writes each line below the previous one."""
    ops = [b"BT", b"/F1 12 Tf", b"16 TL", b"72 720 Td"]
    for line in lines:
        ops.append(_literal(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def _image_stream() -> bytes:
    """A content stream that paints the page's image over the whole page."""
    return f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im1 Do Q".encode()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _info(title: str | None, author: str | None, created: datetime | None) -> bytes:
    entries = []
    if title is not None:
        entries.append(b"/Title " + _literal(title))
    if author is not None:
        entries.append(b"/Author " + _literal(author))
    if created is not None:
        entries.append(b"/CreationDate " + _literal(created.strftime("D:%Y%m%d%H%M%S")))
    return b"<< " + b" ".join(entries) + b" >>"


def _write(objects: list[bytes], *, info: int | None) -> bytes:
    """A whole PDF file: header, numbered objects, cross-reference table and
    trailer, with every object's byte offset recorded as the format requires.
    Object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _document(
    contents: list[bytes],
    *,
    resources: bytes,
    extra: list[bytes],
    title: str | None,
    author: str | None,
    created: datetime | None,
    language: str | None,
    compressed: bool = False,
) -> bytes:
    """Objects: 1 catalog, 2 page tree, then each page and its content
    stream (``compressed`` with FlateDecode: ``contents`` are then already
    compressed), then ``extra`` (fonts, images; referenced from
    ``resources`` by their numbers, which start after the pages), then the
    info dictionary."""
    count = len(contents)
    first_extra = 3 + 2 * count
    info_number = first_extra + len(extra)
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if language is not None:
        catalog += b" /Lang " + _literal(language)
    objects = [catalog + b" >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, resources % first_extra, 4 + 2 * i)
        )
        objects.append(_stream(b"/Filter /FlateDecode" if compressed else b"", content))
    objects.extend(extra)
    objects.append(_info(title, author, created))
    return _write(objects, info=info_number)


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    language: str | None = None,
) -> bytes:
    """A PDF whose pages hold these lines of text, in Helvetica."""
    return _document(
        [_text_stream(lines) for lines in pages],
        resources=_FONT_RESOURCES,
        extra=[_HELVETICA],
        title=title,
        author=author,
        created=created,
        language=language,
    )


def make_scanned_pdf(page_count: int = 3) -> bytes:
    """A PDF of pages that are only pictures of text, as a scanner makes:
    each page paints one grey image and has no text layer."""
    pixels = bytes([0x20, 0xE0, 0xE0, 0x20])
    image = _stream(
        b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        pixels,
    )
    return _document(
        [_image_stream()] * page_count,
        resources=b"<< /XObject << /Im1 %d 0 R >> >>",
        extra=[image],
        title=None,
        author=None,
        created=None,
        language=None,
    )


def make_many_pages_pdf(page_count: int) -> bytes:
    """A PDF with ``page_count`` pages of one short line each."""
    return make_pdf([[f"This is page {number} of the annex."] for number in range(1, page_count + 1)])


def make_decompression_bomb(inflated_megabytes: int) -> bytes:
    """A one-page PDF of a few hundred kilobytes whose content stream
    inflates to ``inflated_megabytes`` of drawing operators. The stream is
    compressed a megabyte at a time, so the test never holds it inflated."""
    chunk = b"0 0 m " * (1024 * 1024 // 6)
    compressor = zlib.compressobj(9)
    stream = b"".join(compressor.compress(chunk) for _ in range(inflated_megabytes)) + compressor.flush()
    return _document(
        [stream],
        resources=_FONT_RESOURCES,
        extra=[_HELVETICA],
        title=None,
        author=None,
        created=None,
        language=None,
        compressed=True,
    )


def encrypt(
    pdf: bytes, *, user_password: str, owner_password: str = "owner-secret", algorithm: str = "RC4-128"
) -> bytes:
    """``pdf`` encrypted (RC4-128 by default; "AES-256" as recent software
    writes it). An empty ``user_password`` makes a PDF that opens without a
    password (only its permissions are restricted), as many published
    reports are."""
    writer = PdfWriter(clone_from=BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# A three-page report, for the capture tests that fetch or upload a PDF.
REPORT_PAGES = [
    [
        "Report of the Independent Commission of Inquiry on Syria",
        "Attacks on civilians in northern Homs, 30 September 2015",
    ],
    [
        "The commission received accounts that air strikes hit Talbiseh and Zafaraniyeh.",
        "Witnesses described the destruction of homes and a bakery.",
    ],
    ["Annex: the sources the commission relied on, by date."],
]
