"""HTTP heads (the start line and the headers) as exact bytes, both ways.

The archive writes each request's and response's head itself rather than
through warcio, which re-encodes header values it takes for non-ASCII
(percent-encoding them) and so would change what the server sent. Header
values are strings decoded as ISO-8859-1 (as http.client decodes them), so
encoding them back as ISO-8859-1 gives the bytes received, with order, case
and duplicates kept. A value outside ISO-8859-1 can only come from a decoder
that read UTF-8, so it is written back as UTF-8.

A body the archive holds is de-chunked (``Exchange.body``), so a
``Transfer-Encoding`` header would make a replay tool de-chunk it a second
time, and a ``Content-Length`` that is not the body's length (after a HEAD,
or beside chunking) would cut or pad it. ``replayable`` keeps such headers,
in place and case, under pywb's ``X-Archive-Orig-`` prefix, the name replay
tools give an original header they had to set aside. Nothing is added in
their place: without them the stored response is delimited by its record,
which HTTP allows for a response. ``Content-Encoding`` stays, as the body is
kept compressed, exactly as sent.
"""

import re
from urllib.parse import urlsplit

Headers = tuple[tuple[str, str], ...]

# The prefix pywb gives an original header it had to set aside for replay.
ORIGINAL_HEADER_PREFIX = "X-Archive-Orig-"
# A CR, LF or NUL would end a header line early, and the rest would read as
# another header.
LINE_BREAK = re.compile(r"[\r\n\x00]")
STATUS_CODE = re.compile(r"[0-9]{3}")


def one_line(text: str) -> str:
    """``text``, refused (ValueError) if it holds a line break: written into
    a header, it would end the line and start a header of the sender's
    choosing."""
    if LINE_BREAK.search(text):
        raise ValueError(f"{text!r} has a line break and cannot be written as one header line")
    return text


def head_bytes(start: str, headers: Headers) -> bytes:
    """The head's exact bytes: the start line, one ``Name: value`` line a
    header, and the blank line that ends the head."""
    lines = [_line(start)]
    for name, value in headers:
        if not name or ":" in name:
            raise ValueError(f"{name!r} is not a header name that can be written")
        lines.append(_line(f"{name}: {value}"))
    return b"".join(lines) + b"\r\n"


def _line(text: str) -> bytes:
    text = one_line(text)
    try:
        encoded = text.encode("latin-1")
    except UnicodeEncodeError:
        encoded = text.encode("utf-8")
    return encoded + b"\r\n"


def request_target(url: str) -> str:
    """The request line's target (origin form: path and query). An Exchange
    keeps the URL, not the line, so the line is rebuilt as an HTTP client
    writes it; the fragment is never sent."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def replayable(headers: Headers, *, body_length: int) -> Headers:
    """The response headers, with those that do not describe the body held
    set aside under ORIGINAL_HEADER_PREFIX, in place and case: any
    Transfer-Encoding, and a Content-Length that is not the body's length."""
    kept = []
    for name, value in headers:
        lowered = name.lower()
        stale = lowered == "transfer-encoding" or (
            lowered == "content-length" and value.strip() != str(body_length)
        )
        kept.append((ORIGINAL_HEADER_PREFIX + name if stale else name, value))
    return tuple(kept)


def parse_response_head(head: bytes) -> tuple[int, Headers]:
    """The status and headers of a response head that ``head_bytes`` wrote
    (without its blank line); ValueError for anything else."""
    start, *lines = head.decode("latin-1").split("\r\n")
    parts = start.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not STATUS_CODE.fullmatch(parts[1]):
        raise ValueError(f"not an HTTP status line: {start[:80]!r}")
    headers = []
    for line in lines:
        name, separator, value = line.partition(":")
        if not separator:
            raise ValueError(f"a header line without a colon: {line[:80]!r}")
        # head_bytes writes exactly one space after the colon.
        headers.append((name, value.removeprefix(" ")))
    return int(parts[1]), tuple(headers)


def header(headers: Headers, name: str) -> str | None:
    """The first header called ``name`` (any case), or None."""
    lowered = name.lower()
    return next((value for key, value in headers if key.lower() == lowered), None)


def parse_content_type(value: str) -> tuple[str, str | None]:
    """The lowercase media type and the charset parameter of a Content-Type."""
    media_type, *parameters = value.split(";")
    charset = None
    for parameter in parameters:
        key, _, raw = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("\"'") or None
    return media_type.strip().lower(), charset
