"""What a capture exchanged with a web server, as plain data.

The fetcher (``fetching``) produces it, the archive (``archive``) writes it as
WARC records byte for byte, and extraction reads its body. Headers are kept
as sent and as received, in order and with their original case, because the
archive must show exactly what was read.
"""

from dataclasses import dataclass
from datetime import datetime

# The plain words a journalist reads when a capture fails, by refusal code.
REFUSAL_MESSAGES = {
    "scheme": "Only web addresses that start with http:// or https:// can be captured.",
    "credentials": "Web addresses with a user name or password in them are not captured.",
    "invalid_url": "This is not a web address that can be fetched.",
    "no_such_host": "No such host: the address's domain name does not exist.",
    "blocked_address": "Blocked address: the host is on a private or internal network, "
    "which Counterclaim does not fetch from.",
    "refused": "Refused: the server did not accept the connection.",
    "insecure": "Insecure: the site's security certificate could not be verified, "
    "so what it served cannot be trusted to come from it.",
    "timed_out": "Timed out: the server took too long to answer.",
    "not_found": "Not found: the server says there is no page at this address.",
    "http_error": "The server answered with an error.",
    "too_large": "Too large: the document is bigger than Counterclaim captures.",
    "not_a_document": "Not a web page or PDF: the address serves another kind of file.",
    "too_many_redirects": "Too many redirects: the address sends the fetch on more than five times.",
}

# Refusals that may pass if the capture is tried again later.
TRANSIENT_REFUSALS = frozenset({"refused", "timed_out", "http_error"})


class FetchRefused(Exception):
    """A fetch that was refused or failed, with a code from REFUSAL_MESSAGES,
    a message in plain words, and the HTTP status when a server answered."""

    def __init__(self, code: str, detail: str = "", *, status: int | None = None) -> None:
        self.code = code
        self.status = status
        self.message = REFUSAL_MESSAGES[code] + (f" ({detail})" if detail else "")
        super().__init__(self.message)

    @property
    def transient(self) -> bool:
        """Whether trying again later may succeed: a server error may, a 404 does not."""
        if self.code == "http_error":
            return self.status is None or self.status >= 500 or self.status == 429
        return self.code in TRANSIENT_REFUSALS


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as sent and as received."""

    url: str  # the URL this request asked for
    address: str  # the IP address actually connected to
    method: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str  # "HTTP/1.1" or "HTTP/1.0", as the server answered
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]
    body: bytes  # the exact bytes of the entity (de-chunked; never content-decoded)

    def header(self, name: str) -> str | None:
        """The first response header called ``name`` (any case), or None."""
        lowered = name.lower()
        return next((value for key, value in self.response_headers if key.lower() == lowered), None)


@dataclass(frozen=True)
class FetchResult:
    """A successful fetch: every exchange in order, the redirects first and
    the document last, with the document's type as served (or sniffed, when
    the server called it something generic)."""

    requested_url: str
    exchanges: tuple[Exchange, ...]
    fetched_at: datetime
    content_type: str  # lowercase media type without parameters: text/html, application/pdf
    charset: str | None  # from the Content-Type header, when it gave one

    @property
    def document(self) -> Exchange:
        return self.exchanges[-1]

    @property
    def final_url(self) -> str:
        return self.document.url

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
