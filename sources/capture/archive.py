"""The archive: every captured page and uploaded PDF, kept as WARC records.

A fact-check cites what a page said when it was read, so the archive keeps
the bytes the server sent, not a cleaned-up copy: one gzipped WARC 1.1 file a
capture (ISO 28500:2017, written with warcio), saved through Django's storage
API (``STORAGES["archive"]``) so that a newsroom can keep it on disk or in an
object store. Extraction reads the document back from here, and a reader of
the archived copy can open the file in any WARC replay tool.

What is written, and why:

- A ``warcinfo`` record first (the software, the format, the requested URL),
  then for every exchange of the fetch, redirects first, a ``request`` record
  and a ``response`` record that name each other in ``WARC-Concurrent-To``,
  with the URL, the IP address connected to and the fetch time.
- HTTP heads are written byte for byte as sent and received, and headers
  that would make a replay tool misread the body we hold (Transfer-Encoding,
  a Content-Length that is not the body's) are kept under another name:
  ``http_head`` says how and why.
- Digests are SHA-256, ``WARC-Payload-Digest: sha256:<hex>`` and
  ``WARC-Block-Digest: sha256:<hex>``, computed here. warcio's writer only
  computes SHA-1 (base32) itself but keeps digests it is given, and its
  checker (``warcio check``) verifies any hashlib algorithm, in hex too; hex
  is how warcio.js and Browsertrix write SHA-256, and it is the same hex as
  the document's ``sha256`` in the database.
- A fetch's content type may have been sniffed (a server that says
  ``application/octet-stream`` for a PDF), so the document's response carries
  it as ``WARC-Identified-Payload-Type``, the field WARC 1.1 has for it.

``read_document`` reads only files this module wrote: it wants SHA-256 digests
and refuses, as ``ArchiveCorrupt``, anything it cannot verify.
"""

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from io import BytesIO
from typing import BinaryIO
from urllib.parse import quote, unquote
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from sources.capture.exchange import Exchange, FetchResult
from sources.capture.http_head import (
    Headers,
    head_bytes,
    header,
    one_line,
    parse_content_type,
    parse_response_head,
    replayable,
    request_target,
)

STORAGE_ALIAS = "archive"
WARC_VERSION = "WARC/1.1"
SOFTWARE = "Counterclaim"
# Our own WARC field for an upload's file name. Not WARC-Filename, which
# names the WARC file itself; no WARC- prefix, which the standard reserves.
FILENAME_FIELD = "Counterclaim-Upload-Filename"
# A capture has at most six exchanges (five redirects, FetchRefused's
# too_many_redirects), two records each: fifty leaves room and still refuses
# a file that is not one capture.
MAX_RECORDS = 50
# The smallest payload limit read_document applies, so that lowering the
# fetch or PDF limit later does not make older archived copies unreadable.
MIN_MAX_PAYLOAD = 64 * 1024 * 1024
# Room for the HTTP head in a response record, past the payload limit.
MAX_HEAD_BYTES = 256 * 1024
# What warcio and the decompressor raise on a file that is not a WARC.
WARC_READ_FAILURES = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    ValueError,  # a bad number or date, an HTTP head that is not one, UnicodeDecodeError
    TypeError,  # a field that is missing, such as WARC-Date
)
# Characters of a file name that cannot stand in a header line, and the %
# that escapes them.
UNSAFE_IN_FIELD = re.compile(r"[\x00-\x1f\x7f%]")


class ArchiveCorrupt(Exception):
    """An archived copy that is not what this module wrote: unreadable,
    without a document, too large, or with a payload that no longer matches
    its recorded SHA-256."""


@dataclass(frozen=True)
class ArchivedCopy:
    """A WARC file built in memory, with what the database keeps about it."""

    data: bytes  # the gzipped WARC file
    sha256: str  # hex SHA-256 of the document's payload: the final body or the upload
    warc_sha256: str  # hex SHA-256 of ``data``
    record_id: str  # WARC-Record-ID of the document's record, as written ("<urn:uuid:…>")
    size: int  # len(data)


@dataclass(frozen=True)
class ArchivedDocument:
    """The document an archived copy holds: the last response of a capture,
    or the uploaded file, with its payload exactly as stored."""

    url: str  # the final URL, or urn:counterclaim:upload:<sha256>
    content_type: str  # lowercase media type without parameters
    charset: str | None
    status: int | None  # None for an upload
    # As stored: a header set aside for replay appears under its
    # X-Archive-Orig- name. Empty for an upload, which had no HTTP exchange.
    headers: Headers
    body: bytes
    date: datetime  # when it was fetched or received, in UTC
    filename: str | None = None  # the uploaded file's name


class _ExactHead(StatusAndHeaders):
    """An HTTP head whose bytes are fixed here. warcio's writer serialises
    ``http_headers`` again before writing (percent-encoding non-ASCII
    values); this keeps the bytes we built."""

    def __init__(self, start: str, headers: Headers, raw: bytes) -> None:
        protocol, _, rest = start.partition(" ")
        super().__init__(rest, list(headers), protocol=protocol)
        self.raw = raw

    def compute_headers_buffer(self, header_filter=None) -> None:
        self.headers_buff = self.raw


def archive_fetch(result: FetchResult, *, software: str = SOFTWARE) -> ArchivedCopy:
    """The capture as a gzipped WARC file: warcinfo, then a request and a
    response record for every exchange, the document's last."""
    if not result.exchanges:
        raise ValueError("a fetch result without exchanges has nothing to archive")
    date = _warc_date(result.fetched_at)
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version=WARC_VERSION)
    warcinfo_id = _write_warcinfo(writer, date=date, software=software, url=result.requested_url)
    last = len(result.exchanges) - 1
    for index, exchange in enumerate(result.exchanges):
        identified = result.content_type if index == last else None
        record_id = _write_exchange(
            writer, exchange, date=date, warcinfo_id=warcinfo_id, identified=identified
        )
    return _archived(out.getvalue(), payload=result.document.body, record_id=record_id)


def archive_upload(*, filename: str, content_type: str, body: bytes, received_at: datetime) -> ArchivedCopy:
    """An uploaded file as a gzipped WARC file: warcinfo and one resource
    record, named by the file's SHA-256 since it has no URL. The caller
    checks ``content_type`` (it is recorded, not trusted)."""
    date = _warc_date(received_at)
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version=WARC_VERSION)
    warcinfo_id = _write_warcinfo(writer, date=date, software=SOFTWARE, url=None)
    digest = _digest(body)
    uri = f"urn:counterclaim:upload:{sha256(body).hexdigest()}"
    record_id = StatusAndHeadersParser.make_warc_id()
    fields = {
        "WARC-Type": "resource",
        "WARC-Record-ID": record_id,
        "WARC-Date": date,
        "WARC-Target-URI": uri,
        "WARC-Warcinfo-ID": warcinfo_id,
        FILENAME_FIELD: _escape_field(filename),
        # With no HTTP head, the block is the payload.
        "WARC-Payload-Digest": digest,
        "WARC-Block-Digest": digest,
    }
    record = writer.create_warc_record(
        uri,
        "resource",
        payload=BytesIO(body),
        length=len(body),
        warc_content_type=one_line(content_type),
        warc_headers_dict=_checked(fields),
    )
    writer.write_record(record)
    return _archived(out.getvalue(), payload=body, record_id=record_id)


def store(copy: ArchivedCopy, *, when: datetime) -> str:
    """Save the copy in the archive storage and return the name it was saved
    under (a storage may change the name it is given, so keep this one).
    The random part keeps two captures of the same bytes apart."""
    month = when.astimezone(UTC) if when.tzinfo else when
    name = f"captures/{month:%Y}/{month:%m}/{copy.sha256[:16]}-{uuid4().hex[:8]}.warc.gz"
    return storages[STORAGE_ALIAS].save(name, ContentFile(copy.data))


def open_archive(name: str) -> File:
    """The stored WARC file, open for reading in binary; the caller closes it."""
    return storages[STORAGE_ALIAS].open(name, "rb")


def read_document(
    source: bytes | BinaryIO,
    *,
    expected_sha256: str | None = None,
    max_payload: int | None = None,
    max_records: int = MAX_RECORDS,
) -> ArchivedDocument:
    """The document record of an archived copy (the last response or
    resource record), its payload and block verified against the SHA-256
    digests recorded with it, and against ``expected_sha256`` (the
    ArchivedCopy's ``sha256``, as the database keeps it) when given.

    Anything else, garbage included, raises ArchiveCorrupt: more than
    ``max_records`` records, a payload over ``max_payload`` bytes (by default
    the larger of the fetch and PDF limits, and at least MIN_MAX_PAYLOAD), a
    digest that does not match, or a capture that ends before its document
    (a file cut between records reads as a shorter capture, whose last
    response is a redirect)."""
    limit = _default_max_payload() if max_payload is None else max_payload
    stream = BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    try:
        found = _last_document_record(stream, limit=limit, max_records=max_records)
        if found is None:
            raise ArchiveCorrupt("The archived copy holds no response or resource record.")
        document = _document(*found, limit=limit)
    except WARC_READ_FAILURES as error:
        raise ArchiveCorrupt(f"The archived copy cannot be read: {error}") from error
    if expected_sha256 is not None and sha256(document.body).hexdigest() != expected_sha256.lower():
        raise ArchiveCorrupt("The archived document is not the one recorded for it (its SHA-256 differs).")
    return document


# --- Writing ----------------------------------------------------------------


def _write_warcinfo(writer: WARCWriter, *, date: str, software: str, url: str | None) -> str:
    """Write the file's warcinfo record and return its id, which every
    other record names in WARC-Warcinfo-ID."""
    info = {
        "software": software,
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
    }
    if url is not None:
        info["requested-url"] = url
    body = "".join(f"{name}: {one_line(value)}\r\n" for name, value in info.items()).encode("utf-8")
    record_id = StatusAndHeadersParser.make_warc_id()
    fields = {
        "WARC-Type": "warcinfo",
        "WARC-Record-ID": record_id,
        "WARC-Date": date,
        "WARC-Block-Digest": _digest(body),
    }
    record = writer.create_warc_record(
        "", "warcinfo", payload=BytesIO(body), length=len(body), warc_headers_dict=fields
    )
    writer.write_record(record)
    return record_id


def _write_exchange(
    writer: WARCWriter, exchange: Exchange, *, date: str, warcinfo_id: str, identified: str | None
) -> str:
    """Write one exchange's request and response records, each naming the
    other, and return the response's record id."""
    request_id = StatusAndHeadersParser.make_warc_id()
    response_id = StatusAndHeadersParser.make_warc_id()
    common = {"WARC-Date": date, "WARC-Target-URI": exchange.url, "WARC-Warcinfo-ID": warcinfo_id}
    if exchange.address:
        common["WARC-IP-Address"] = exchange.address
    # The Exchange keeps the response's version, not the request's; an HTTP
    # client of the standard library (http.client, urllib3) always sends 1.1.
    request_start = f"{exchange.method} {request_target(exchange.url)} HTTP/1.1"
    request = _http_record(
        writer,
        "request",
        exchange.url,
        _head(request_start, exchange.request_headers),
        b"",
        {"WARC-Record-ID": request_id, **common, "WARC-Concurrent-To": response_id},
    )
    writer.write_record(request)
    response_fields = {"WARC-Record-ID": response_id, **common, "WARC-Concurrent-To": request_id}
    if identified is not None:
        # Also what marks this response as the document (see _document).
        response_fields["WARC-Identified-Payload-Type"] = identified
    response_start = f"{exchange.http_version} {exchange.status} {exchange.reason}"
    headers = replayable(exchange.response_headers, body_length=len(exchange.body))
    response = _http_record(
        writer, "response", exchange.url, _head(response_start, headers), exchange.body, response_fields
    )
    writer.write_record(response)
    return response_id


def _http_record(
    writer: WARCWriter, record_type: str, uri: str, head: _ExactHead, body: bytes, fields: dict[str, str]
):
    """A request or response record whose block is ``head`` then ``body``,
    with SHA-256 digests, which warcio keeps rather than computing SHA-1."""
    fields = {
        "WARC-Type": record_type,
        **fields,
        "WARC-Payload-Digest": _digest(body),
        "WARC-Block-Digest": _digest(head.raw + body),
    }
    return writer.create_warc_record(
        uri,
        record_type,
        payload=BytesIO(body),
        length=len(body),
        warc_headers_dict=_checked(fields),
        http_headers=head,
    )


def _head(start: str, headers: Headers) -> _ExactHead:
    return _ExactHead(start, headers, head_bytes(start, headers))


def _checked(fields: dict[str, str]) -> dict[str, str]:
    for value in fields.values():
        one_line(value)
    return fields


def _escape_field(text: str) -> str:
    """A file name as a WARC field value: control characters and % are
    percent-escaped (so ``unquote`` gives the name back exactly); the rest,
    any language's letters included, is written as UTF-8, as WARC allows."""
    return UNSAFE_IN_FIELD.sub(lambda match: quote(match.group()), text)


def _digest(data: bytes) -> str:
    return "sha256:" + sha256(data).hexdigest()


def _warc_date(when: datetime) -> str:
    """WARC-Date in UTC with microseconds (WARC 1.1). A naive time is
    refused: which zone it meant cannot be known here."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("the archive needs a timezone-aware time")
    return datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def _archived(data: bytes, *, payload: bytes, record_id: str) -> ArchivedCopy:
    return ArchivedCopy(
        data=data,
        sha256=sha256(payload).hexdigest(),
        warc_sha256=sha256(data).hexdigest(),
        record_id=record_id,
        size=len(data),
    )


# --- Reading ----------------------------------------------------------------


def _default_max_payload() -> int:
    return max(
        MIN_MAX_PAYLOAD,
        getattr(settings, "FETCH_MAX_BYTES", 0),
        getattr(settings, "PDF_MAX_BYTES", 0),
    )


def _last_document_record(
    stream: BinaryIO, *, limit: int, max_records: int
) -> tuple[StatusAndHeaders, bytes] | None:
    """The WARC headers and block of the last response or resource record.
    HTTP heads are left unparsed (``no_record_parse``) so that ``_document``
    reads them byte for byte; blocks are read with a bound."""
    found = None
    for count, record in enumerate(ArchiveIterator(stream, no_record_parse=True), start=1):
        if count > max_records:
            raise ArchiveCorrupt(f"The archived copy has more than {max_records} records.")
        if record.rec_type in ("response", "resource"):
            block = record.raw_stream.read(limit + MAX_HEAD_BYTES + 1)
            if len(block) > limit + MAX_HEAD_BYTES:
                raise ArchiveCorrupt(f"The archived document is larger than {limit} bytes.")
            found = (record.rec_headers, block)
    return found


def _document(fields: StatusAndHeaders, block: bytes, *, limit: int) -> ArchivedDocument:
    """The document from its record, once its digests have been checked."""
    identified = fields.get_header("WARC-Identified-Payload-Type")
    if fields.get_header("WARC-Type") == "response":
        if identified is None:
            raise ArchiveCorrupt("The archived capture ends before its document's response.")
        head, separator, body = block.partition(b"\r\n\r\n")
        if not separator:
            raise ArchiveCorrupt("The archived response has no HTTP head.")
        status, headers = parse_response_head(head)
        declared = header(headers, "Content-Type") or ""
    else:
        body, status, headers = block, None, ()
        declared = fields.get_header("Content-Type") or ""
    if len(body) > limit:
        raise ArchiveCorrupt(f"The archived document is larger than {limit} bytes.")
    _verify(fields, "WARC-Payload-Digest", body)
    _verify(fields, "WARC-Block-Digest", block)
    media_type, charset = parse_content_type(declared)
    filename = fields.get_header(FILENAME_FIELD)
    return ArchivedDocument(
        url=fields.get_header("WARC-Target-URI") or "",
        content_type=(identified or media_type).lower(),
        charset=charset,
        status=status,
        headers=headers,
        body=body,
        date=iso_date_to_datetime(fields.get_header("WARC-Date"), tz_aware=True),
        filename=unquote(filename) if filename is not None else None,
    )


def _verify(fields: StatusAndHeaders, name: str, data: bytes) -> None:
    recorded = fields.get_header(name)
    if recorded is None or recorded.lower() != _digest(data):
        raise ArchiveCorrupt(f"The archived document does not match its {name} ({recorded}).")
