"""Fetching the page or PDF a user named, without letting the name reach our own network.

The server fetches what a journalist types, so the address is hostile until
proven otherwise (server-side request forgery): a name may resolve to the
cloud's metadata service, to localhost, or to the newsroom's intranet. Every
hop is therefore checked from scratch: the scheme, the absence of credentials,
and every address the name resolves to. The connection then goes to the very
address that was checked, never to the name, so a DNS server that answers
differently the second time (DNS rebinding) gains nothing; the real host name
still travels in the Host header and, for https, in SNI and the certificate
check. No proxy from the environment is used, as it would resolve again.

Every failure is a ``FetchRefused`` with a code the journalist can be told,
never a socket, TLS or http.client error.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Buffer, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from sources.capture.addresses import Target, is_public_address, join, parse
from sources.capture.exchange import Exchange, FetchRefused, FetchResult

DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_USER_AGENT = "Counterclaim/1.0"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1"

# The media types captured as they are declared, and the generic ones (or
# none at all) whose body is looked at to tell a page or a PDF apart.
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/pdf"})
SNIFFED_TYPES = frozenset({"", "application/octet-stream"})

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A redirect's own body is archived when it is this small, dropped otherwise.
REDIRECT_BODY_LIMIT = 64 * 1024

_CHUNK = 64 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_HTML_STARTS = (b"<!doctype html", b"<html")

Resolver = Callable[..., Iterable[tuple]]
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Options:
    allowed_hosts: frozenset[str]
    max_bytes: int
    user_agent: str
    resolve: Resolver
    deadline: float  # time.monotonic() past which the whole fetch has timed out


def fetch(
    url: str,
    *,
    allowed_hosts: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str = DEFAULT_USER_AGENT,
    resolve: Resolver = socket.getaddrinfo,
) -> FetchResult:
    """Fetch ``url``, following up to five redirects, and return every exchange.

    ``allowed_hosts`` lists host names (or IP literals) that may resolve to
    internal addresses, for a newsroom's own servers; a name is matched
    exactly and without regard to case, and a non-ASCII name in its xn-- form.
    ``timeout`` bounds the whole fetch, every hop and the body included, except
    the name lookups themselves, which the system resolver bounds.
    ``resolve`` has ``socket.getaddrinfo``'s signature, so tests can say what
    a name resolves to. Raises FetchRefused for every failure.
    """
    options = _Options(
        allowed_hosts=frozenset(host.lower().strip("[]") for host in allowed_hosts),
        max_bytes=max_bytes,
        user_agent=user_agent,
        resolve=resolve,
        deadline=time.monotonic() + timeout,
    )
    fetched_at = datetime.now(UTC)
    exchanges: list[Exchange] = []
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        exchange, location = _visit(parse(current), options)
        exchanges.append(exchange)
        if location is None:
            content_type, charset = _document_type(exchange, max_bytes)
            return FetchResult(url, tuple(exchanges), fetched_at, content_type, charset)
        current = join(exchange.url, location)
    raise FetchRefused("too_many_redirects", f"the sixth redirect pointed to {current}")


def fetch_with_settings(url: str) -> FetchResult:
    """``fetch`` with the limits and allowed hosts the settings give (FETCH_*)."""
    return fetch(
        url,
        allowed_hosts=settings.FETCH_ALLOWED_HOSTS,
        timeout=float(settings.FETCH_TIMEOUT_SECONDS),
        max_bytes=settings.FETCH_MAX_BYTES,
        user_agent=settings.FETCH_USER_AGENT,
    )


def decoded_body(exchange: Exchange, *, max_bytes: int) -> bytes:
    """The exchange's body with its Content-Encoding undone.

    The exchange keeps the bytes as received, for the archive; readers call
    this. Decompression stops once ``max_bytes`` are out, as a few kilobytes
    of gzip can expand to gigabytes. An encoding other than gzip or deflate
    (br, zstd) is refused, as we asked for none and cannot read it.
    """
    encoding = (exchange.header("Content-Encoding") or "identity").strip().lower()
    if encoding in ("", "identity"):
        return exchange.body
    if encoding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        # "deflate" means zlib-wrapped data (RFC 1950: method 8, a header
        # that is a multiple of 31), but some servers send it raw.
        head = exchange.body[:2]
        wrapped = len(head) == 2 and head[0] & 0x0F == 8 and int.from_bytes(head) % 31 == 0
        wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
    else:
        raise FetchRefused("not_a_document", f"compressed as {encoding}")
    try:
        return _inflate(exchange.body, wbits, max_bytes)
    except zlib.error as error:
        raise FetchRefused("not_a_document", f"the {encoding} body is damaged") from error


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    """Decompress in bounded steps, refusing as soon as the output passes max_bytes."""
    inflater = zlib.decompressobj(wbits)
    pieces, size, pending = [], 0, data
    while True:
        piece = inflater.decompress(pending, _CHUNK)
        size += len(piece)
        if size > max_bytes:
            raise FetchRefused("too_large", f"more than {max_bytes} bytes once decompressed")
        pieces.append(piece)
        pending = inflater.unconsumed_tail
        if inflater.eof or not (piece or pending):
            break
    if not inflater.eof:
        raise zlib.error("the compressed stream ends early")
    return b"".join(pieces)


def _addresses(target: Target, options: _Options) -> list[tuple[int, str]]:
    """The (family, address) pairs to try, each one checked, for this hop.

    The name is resolved once here and never again: the connection goes to
    one of these addresses. If any address is internal the host is refused,
    as a name with one public and one private address is a rebinding trick.
    """
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        found = _resolve(target, options)
    else:
        found = [(socket.AF_INET6 if literal.version == 6 else socket.AF_INET, target.host)]
    if target.host not in options.allowed_hosts:
        blocked = [address for _family, address in found if not is_public_address(address)]
        if blocked:
            where = blocked[0] if blocked[0] == target.host else f"{target.host} is at {blocked[0]}"
            raise FetchRefused("blocked_address", where)
    return found


def _resolve(target: Target, options: _Options) -> list[tuple[int, str]]:
    try:
        results = options.resolve(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno == socket.EAI_AGAIN:
            raise FetchRefused("timed_out", f"the name server did not answer for {target.host}") from error
        raise FetchRefused("no_such_host", target.host) from error
    except (OSError, UnicodeError) as error:
        raise FetchRefused("no_such_host", target.host) from error
    found: list[tuple[int, str]] = []
    for family, _type, _proto, _canonname, sockaddr in results:
        pair = (family, str(sockaddr[0]))
        if family in (socket.AF_INET, socket.AF_INET6) and pair not in found:
            found.append(pair)
    if not found:
        raise FetchRefused("no_such_host", target.host)
    return found


# --- One request and its response -------------------------------------------


def _visit(target: Target, options: _Options) -> tuple[Exchange, str | None]:
    """Request one URL: the exchange, and the Location to follow if it redirects.

    Only a redirect or a 2xx document comes back; an error status, a type we
    do not capture or a body too large is refused before the rest is read.
    """
    addresses = _addresses(target, options)
    headers = (
        ("Host", target.host_header),
        ("User-Agent", options.user_agent),
        ("Accept", ACCEPT),
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    )
    with _refusals(options.deadline):
        sock, address = _connect(target, addresses, options.deadline)
        try:
            _send(sock, target, headers, options.deadline)
            response = http.client.HTTPResponse(_DeadlineStream(sock, options.deadline), method="GET")
            response.begin()
            location, body = _read(response, options.max_bytes)
        finally:
            sock.close()
    exchange = Exchange(
        url=target.url,
        address=address,
        method="GET",
        request_headers=headers,
        http_version="HTTP/1.0" if response.version == 10 else "HTTP/1.1",
        status=response.status,
        reason=response.reason,
        response_headers=tuple(response.msg.raw_items()),
        body=body,
    )
    return exchange, location


def _connect(target: Target, addresses: list[tuple[int, str]], deadline: float) -> tuple[socket.socket, str]:
    """Connect to the first address that answers, by address, never by name."""
    error: OSError = ConnectionRefusedError("no address to connect to")
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_remaining(deadline))
            sock.connect((address, target.port))
            if target.scheme == "https":
                # SNI and the certificate check use the name the user gave.
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
        except ssl.SSLCertVerificationError:
            sock.close()
            raise
        except OSError as failure:
            sock.close()
            error = failure
            continue
        return sock, address
    raise error


def _send(sock: socket.socket, target: Target, headers: Headers, deadline: float) -> None:
    lines = [f"GET {target.request_target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
    sock.settimeout(_remaining(deadline))
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def _read(response: http.client.HTTPResponse, max_bytes: int) -> tuple[str | None, bytes]:
    """The Location to follow (None for a document) and the body, read as far as allowed."""
    status = response.status
    if status in REDIRECT_STATUSES:
        location = response.getheader("Location")
        if not location:
            raise FetchRefused("http_error", f"a {status} redirect without a Location", status=status)
        try:
            return location, _read_body(response, min(max_bytes, REDIRECT_BODY_LIMIT))
        except (FetchRefused, http.client.IncompleteRead):
            # Only the Location matters; a large or broken redirect body is not kept.
            return location, b""
    if status in (404, 410):
        raise FetchRefused("not_found", f"{status} {response.reason}", status=status)
    if not 200 <= status < 300:
        raise FetchRefused("http_error", f"{status} {response.reason}", status=status)
    declared = _declared_type(response.getheader("Content-Type"))
    if declared not in DOCUMENT_TYPES and declared not in SNIFFED_TYPES:
        raise FetchRefused("not_a_document", f"served as {declared}")
    if response.length is not None and response.length > max_bytes:
        raise FetchRefused("too_large", f"{response.length} bytes, more than {max_bytes}")
    return None, _read_body(response, max_bytes)


def _read_body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """Read the body chunk by chunk, stopping the moment it passes max_bytes.

    ``read1`` makes one read from the socket at a time, so the deadline is
    checked between reads even when a server trickles its bytes.
    """
    pieces, size = [], 0
    while piece := response.read1(_CHUNK):
        size += len(piece)
        if size > max_bytes:
            raise FetchRefused("too_large", f"more than {max_bytes} bytes")
        pieces.append(piece)
    if response.length:
        # http.client stops quietly when the connection closes before the
        # announced Content-Length; half a document is not the document.
        raise http.client.IncompleteRead(b"".join(pieces), response.length)
    return b"".join(pieces)


def _document_type(exchange: Exchange, max_bytes: int) -> tuple[str, str | None]:
    """The final document's media type and charset, sniffed when declared generic.

    The body is decoded here once, so a decompression bomb or an encoding we
    cannot read is refused by the fetch rather than by whoever reads it later.
    """
    declared = _declared_type(exchange.header("Content-Type"))
    document = decoded_body(exchange, max_bytes=max_bytes)
    message = http.client.HTTPMessage()  # for its parsing of the charset parameter
    message["Content-Type"] = exchange.header("Content-Type") or ""
    return _sniff(document) if declared in SNIFFED_TYPES else declared, message.get_content_charset()


def _declared_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _sniff(body: bytes) -> str:
    """Tell a PDF or an HTML page by its first bytes, as a browser would."""
    if body.startswith(b"%PDF-"):
        return "application/pdf"
    head = body[:1024].removeprefix(_UTF8_BOM).lstrip(b" \t\r\n\f").lower()
    if head.startswith(_HTML_STARTS):
        return "text/html"
    raise FetchRefused("not_a_document", "its content is neither a web page nor a PDF")


# --- The deadline, and failures in plain words -------------------------------


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the fetch's deadline has passed")
    return left


class _DeadlineStream(io.RawIOBase):
    """A socket's reading end that gives each read only the time left.

    http.client.HTTPResponse takes a socket and only calls ``makefile`` on
    it; handing it this instead bounds the status line, the headers and the
    body by the one deadline, however slowly the server sends them.
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Buffer) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv_into(buffer)


@contextmanager
def _refusals(deadline: float) -> Iterator[None]:
    """Turn what the network, TLS and http.client raise into refusals."""
    try:
        yield
    except FetchRefused:
        raise
    except ssl.SSLCertVerificationError as error:
        raise FetchRefused("insecure", error.verify_message or str(error)) from error
    except TimeoutError as error:
        raise FetchRefused("timed_out") from error
    except http.client.RemoteDisconnected as error:
        raise FetchRefused("refused", "the server closed the connection without answering") from error
    except http.client.HTTPException as error:
        raise FetchRefused("http_error", f"the answer was not valid HTTP ({type(error).__name__})") from error
    except OSError as error:
        if time.monotonic() >= deadline:
            raise FetchRefused("timed_out") from error
        raise FetchRefused("refused", str(error) or type(error).__name__) from error
