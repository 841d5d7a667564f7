"""The safe fetcher, against a server on 127.0.0.1 and a fake DNS: nothing
these tests do leaves the machine, and no real name is ever looked up."""

import gzip
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from sources.capture.addresses import is_public_address
from sources.capture.exchange import Exchange, FetchRefused, FetchResult
from sources.capture.fetching import ACCEPT, decoded_body, fetch, fetch_with_settings

NEWS_PAGE = (
    b"<!DOCTYPE html><html><head><title>Minister resigns</title></head>"
    b"<body><article><p>The minister resigned on Tuesday.</p></article></body></html>"
)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BOMB = gzip.compress(b"\0" * 8_000_000)
STREAMED_TOTAL = 64 * 1024 * 1024


class FakeDNS:
    """A resolver with getaddrinfo's signature that answers from a table and
    remembers every name it was asked."""

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self.table = table or {}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in self.table[host]
        ]


class LocalServer(http.server.ThreadingHTTPServer):
    """The test server, which counts connections and keeps every request's
    path and headers (as received, in order)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.connections = 0
        self.seen: list[tuple[str, list[tuple[str, str]]]] = []
        self.client_went_away = threading.Event()
        self.streamed_bytes = 0

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        self.connections += 1
        super().process_request(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # the tests' output stays readable

    def do_GET(self) -> None:
        self.server.seen.append((self.path, list(self.headers.raw_items())))
        name = self.path.strip("/").split("/")[0].replace("-", "_")
        getattr(self, f"route_{name}", self.route_missing)()

    def reply(self, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_news(self) -> None:
        self.reply(
            200,
            [
                ("Content-Type", "text/html; charset=UTF-8"),
                ("X-Zeta", "first"),
                ("x-alpha", "second"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
            ],
            NEWS_PAGE,
        )

    def route_hop1(self) -> None:
        self.reply(302, [("Location", "/hop2")], b"moved")

    def route_hop2(self) -> None:
        self.reply(301, [("Location", "news")])  # relative to /hop2

    def route_loop(self) -> None:
        step = int(self.path.rsplit("/", 1)[1])
        self.reply(302, [("Location", f"/loop/{step + 1}")])

    def route_to_cyrillic(self) -> None:
        # Raw UTF-8 in the header, as some servers send it (send_header writes Latin-1).
        self.reply(302, [("Location", "/news/новости".encode().decode("latin-1"))])

    def route_to_blocked(self) -> None:
        self.reply(302, [("Location", f"http://127.0.0.1:{self.server.port}/news")])

    def route_slow(self) -> None:
        time.sleep(2)
        self.write_or_give_up(lambda: self.reply(200, [("Content-Type", "text/html")], NEWS_PAGE))

    def route_trickle(self) -> None:
        def trickle() -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)

        self.write_or_give_up(trickle)

    def route_huge_declared(self) -> None:
        self.reply(200, [("Content-Type", "text/html"), ("Content-Length", str(10**9))], NEWS_PAGE)

    def route_huge_streamed(self) -> None:
        def stream() -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            while self.server.streamed_bytes < STREAMED_TOTAL:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.server.streamed_bytes += len(chunk)
            self.wfile.write(b"0\r\n\r\n")

        self.write_or_give_up(stream)

    def route_image(self) -> None:
        self.reply(200, [("Content-Type", "image/png")], PNG)

    def route_text(self) -> None:
        self.reply(200, [("Content-Type", "text/plain; charset=utf-8")], b"Minister resigns")

    def route_pdf(self) -> None:
        self.reply(200, [("Content-Type", "application/octet-stream")], PDF)

    def route_octet(self) -> None:
        self.reply(200, [("Content-Type", "application/octet-stream")], b"\x00\x01\x02 not a document")

    def route_untyped(self) -> None:
        self.reply(200, [], b"\xef\xbb\xbf\n  " + NEWS_PAGE)

    def route_gone(self) -> None:
        self.reply(410, [("Content-Type", "text/html")], b"gone")

    def route_missing(self) -> None:
        self.reply(404, [("Content-Type", "text/html")], b"not here")

    def route_broken(self) -> None:
        self.reply(500, [("Content-Type", "text/html")], b"oops")

    def route_gzip(self) -> None:
        self.reply(
            200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], gzip.compress(NEWS_PAGE)
        )

    def route_bomb(self) -> None:
        self.reply(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], BOMB)

    def write_or_give_up(self, write: Callable[[], None]) -> None:
        try:
            write()
        except (BrokenPipeError, ConnectionResetError):
            self.server.client_went_away.set()
            self.close_connection = True


@pytest.fixture
def server() -> Iterator[LocalServer]:
    httpd = LocalServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def fetch_local(url: str, **overrides: object) -> FetchResult:
    """fetch with the local server allowed, a short timeout, and a DNS that knows no name."""
    options = {"allowed_hosts": ["127.0.0.1"], "timeout": 5.0, "resolve": FakeDNS()} | overrides
    return fetch(url, **options)


def refusal(url: str, **overrides: object) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        fetch_local(url, **overrides)
    return caught.value


@contextmanager
def one_connection(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A bare listener on 127.0.0.1 that hands its first connection to ``handle``."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.settimeout(5)
            # The client hanging up mid-handshake is what some of these tests expect.
            with suppress(OSError):
                handle(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        thread.join(5)
        listener.close()


# --- A document, and what was exchanged for it -----------------------------


def test_a_news_page_is_fetched_with_its_type_and_charset(server: LocalServer) -> None:
    result = fetch_local(server.url("/news"))

    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert not result.is_pdf
    assert result.requested_url == result.final_url == server.url("/news")
    assert result.document.body == NEWS_PAGE
    assert (result.document.status, result.document.reason) == (200, "OK")
    assert result.document.http_version == "HTTP/1.1"
    assert result.document.address == "127.0.0.1"


def test_the_request_headers_recorded_are_exactly_those_the_server_received(server: LocalServer) -> None:
    result = fetch_local(server.url("/news"), user_agent="Counterclaim-test/1")

    [(path, received)] = server.seen
    assert path == "/news"
    assert list(result.document.request_headers) == received
    assert dict(received) == {
        "Host": f"127.0.0.1:{server.port}",
        "User-Agent": "Counterclaim-test/1",
        "Accept": ACCEPT,
        "Accept-Encoding": "identity",
        "Connection": "close",
    }
    assert result.document.method == "GET"


def test_response_headers_are_kept_in_order_with_their_case_and_duplicates(server: LocalServer) -> None:
    headers = fetch_local(server.url("/news")).document.response_headers

    ours = [(name, value) for name, value in headers if name.lower().startswith(("x-", "set-cookie"))]
    assert ours == [("X-Zeta", "first"), ("x-alpha", "second"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    assert [name for name, _ in headers][:2] == ["Server", "Date"]


def test_the_connection_goes_to_the_validated_address_with_the_real_host_name(server: LocalServer) -> None:
    dns = FakeDNS({"news.test": ["127.0.0.1"]})

    result = fetch_local(server.url("/news", host="NEWS.test"), allowed_hosts=["news.test"], resolve=dns)

    assert dns.asked == ["news.test"]  # resolved once, by the fetcher
    assert result.document.address == "127.0.0.1"
    assert result.final_url == f"http://news.test:{server.port}/news"
    assert dict(server.seen[0][1])["Host"] == f"news.test:{server.port}"


def test_an_uppercase_scheme_is_fetched(server: LocalServer) -> None:
    result = fetch_local(server.url("/news").replace("http:", "HTTP:"))

    assert result.document.body == NEWS_PAGE


# --- Redirects ---------------------------------------------------------------


def test_a_two_hop_redirect_chain_is_followed_and_every_hop_recorded(server: LocalServer) -> None:
    result = fetch_local(server.url("/hop1"))

    assert [exchange.status for exchange in result.exchanges] == [302, 301, 200]
    assert [exchange.url for exchange in result.exchanges] == [
        server.url("/hop1"),
        server.url("/hop2"),
        server.url("/news"),
    ]
    assert result.requested_url == server.url("/hop1")
    assert result.final_url == server.url("/news")
    assert result.exchanges[0].body == b"moved"
    assert result.document.body == NEWS_PAGE


def test_a_redirect_in_raw_utf8_is_followed_percent_encoded(server: LocalServer) -> None:
    result = fetch_local(server.url("/to-cyrillic"))

    encoded = "/news/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"
    assert [path for path, _ in server.seen] == ["/to-cyrillic", encoded]
    assert result.final_url == server.url(encoded)


def test_a_pasted_url_with_spaces_is_trimmed_and_encoded(server: LocalServer) -> None:
    result = fetch_local(f"  {server.url('/news/minister resigns')}\n")

    assert [path for path, _ in server.seen] == ["/news/minister%20resigns"]
    assert result.requested_url == f"  {server.url('/news/minister resigns')}\n"
    assert result.final_url == server.url("/news/minister%20resigns")


def test_a_redirect_loop_is_refused_after_five_redirects(server: LocalServer) -> None:
    refused = refusal(server.url("/loop/0"))

    assert refused.code == "too_many_redirects"
    assert [path for path, _ in server.seen] == [f"/loop/{step}" for step in range(6)]


def test_a_redirect_to_an_address_not_allowed_is_blocked(server: LocalServer) -> None:
    dns = FakeDNS({"localhost": ["127.0.0.1"]})

    refused = refusal(server.url("/to-blocked", host="localhost"), allowed_hosts=["localhost"], resolve=dns)

    assert refused.code == "blocked_address"
    assert [path for path, _ in server.seen] == ["/to-blocked"]


# --- Time and size -------------------------------------------------------------


def test_a_server_slower_than_the_timeout_times_out(server: LocalServer) -> None:
    started = time.monotonic()

    refused = refusal(server.url("/slow"), timeout=0.5)

    assert refused.code == "timed_out"
    assert refused.transient
    assert time.monotonic() - started < 1.5


def test_the_timeout_bounds_a_body_that_trickles_in(server: LocalServer) -> None:
    started = time.monotonic()

    refused = refusal(server.url("/trickle"), timeout=1.0)

    # Each byte comes well within the timeout; only the whole fetch's deadline stops it.
    assert refused.code == "timed_out"
    assert time.monotonic() - started < 2.0


def test_a_declared_length_above_the_limit_is_refused_at_once(server: LocalServer) -> None:
    refused = refusal(server.url("/huge-declared"), max_bytes=1_000_000)

    assert refused.code == "too_large"
    assert str(10**9) in refused.message


def test_a_streamed_body_is_cut_off_once_it_passes_the_limit(server: LocalServer) -> None:
    refused = refusal(server.url("/huge-streamed"), max_bytes=256 * 1024)

    assert refused.code == "too_large"
    assert server.client_went_away.wait(5)
    assert server.streamed_bytes < STREAMED_TOTAL / 4


# --- What kind of document ---------------------------------------------------


@pytest.mark.parametrize("path", ["/image", "/text", "/octet"])
def test_files_that_are_not_pages_or_pdfs_are_refused(server: LocalServer, path: str) -> None:
    assert refusal(server.url(path)).code == "not_a_document"


def test_a_pdf_served_as_octet_stream_is_sniffed(server: LocalServer) -> None:
    result = fetch_local(server.url("/pdf"))

    assert result.content_type == "application/pdf"
    assert result.is_pdf
    assert result.charset is None
    assert result.document.body == PDF


def test_a_page_served_without_a_type_is_sniffed_as_html(server: LocalServer) -> None:
    result = fetch_local(server.url("/untyped"))

    assert result.content_type == "text/html"
    assert result.document.header("Content-Type") is None


# --- Statuses -------------------------------------------------------------------


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/gone", 410)])
def test_404_and_410_are_not_found(server: LocalServer, path: str, status: int) -> None:
    refused = refusal(server.url(path))

    assert (refused.code, refused.status) == ("not_found", status)


def test_a_server_error_is_an_http_error_with_its_status(server: LocalServer) -> None:
    refused = refusal(server.url("/broken"))

    assert (refused.code, refused.status) == ("http_error", 500)


def test_a_server_error_is_worth_retrying_and_a_missing_page_is_not(server: LocalServer) -> None:
    assert refusal(server.url("/broken")).transient
    assert not refusal(server.url("/missing")).transient


# --- Content-Encoding -----------------------------------------------------------


def test_a_gzip_page_is_kept_as_received_and_decoded_on_demand(server: LocalServer) -> None:
    result = fetch_local(server.url("/gzip"))

    assert result.document.body == gzip.compress(NEWS_PAGE)
    assert decoded_body(result.document, max_bytes=1_000_000) == NEWS_PAGE


def test_a_gzip_bomb_is_refused_as_too_large(server: LocalServer) -> None:
    refused = refusal(server.url("/bomb"), max_bytes=1_000_000)

    assert refused.code == "too_large"


def exchange_with(body: bytes, encoding: str | None) -> Exchange:
    headers = (("Content-Type", "text/html"),) + ((("Content-Encoding", encoding),) if encoding else ())
    return Exchange("http://news.test/", "203.0.113.1", "GET", (), "HTTP/1.1", 200, "OK", headers, body)


def test_an_unencoded_body_is_returned_unchanged() -> None:
    assert decoded_body(exchange_with(NEWS_PAGE, None), max_bytes=10) == NEWS_PAGE
    assert decoded_body(exchange_with(NEWS_PAGE, "identity"), max_bytes=10) == NEWS_PAGE


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_is_decoded_wrapped_or_raw(wbits: int) -> None:
    compressor = zlib.compressobj(wbits=wbits)
    body = compressor.compress(NEWS_PAGE) + compressor.flush()

    assert decoded_body(exchange_with(body, "deflate"), max_bytes=1_000) == NEWS_PAGE


def test_decoding_stops_at_the_limit() -> None:
    with pytest.raises(FetchRefused) as caught:
        decoded_body(exchange_with(BOMB, "gzip"), max_bytes=100_000)

    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    ("body", "encoding"),
    [(b"anything", "br"), (b"anything", "zstd"), (gzip.compress(NEWS_PAGE)[:-20], "gzip"), (b"junk", "gzip")],
    ids=["br", "zstd", "truncated", "damaged"],
)
def test_an_encoding_we_cannot_read_is_not_a_document(body: bytes, encoding: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        decoded_body(exchange_with(body, encoding), max_bytes=1_000_000)

    assert caught.value.code == "not_a_document"


def test_br_is_named_in_the_refusal() -> None:
    with pytest.raises(FetchRefused, match=r"compressed as br"):
        decoded_body(exchange_with(b"anything", "br"), max_bytes=1_000)


# --- Addresses that are refused before any connection ---------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "javascript:alert(1)",
        "FILE:///etc/passwd",
        "data:text/html,hi",
        "example.com",
    ],
)
def test_schemes_other_than_http_and_https_are_refused(url: str) -> None:
    assert refusal(url).code == "scheme"


@pytest.mark.parametrize("url", ["http://user:secret@example.com/", "https://user@example.com/"])
def test_credentials_in_the_url_are_refused(url: str) -> None:
    assert refusal(url).code == "credentials"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://",
        "http:///path",
        "http://example.com:99999/",
        "http://example.com:port/",
        "http://example.com:0/",
        "http://[::1/",
        "http://[not-ipv6]/",
        "http://exa mple.com/",
        "http://example.com/\r\nX-Injected: yes",
        "http://example.com/\tpage",
        "http://a..b/",
        "http://exa!mple.com/",
        "http://" + "ü" * 70 + ".test/",
    ],
)
def test_urls_that_cannot_be_fetched_are_invalid(url: str) -> None:
    assert refusal(url).code == "invalid_url"


def test_a_name_that_does_not_resolve_is_no_such_host() -> None:
    assert refusal("https://no-such-host.test/page", resolve=FakeDNS()).code == "no_such_host"


INTERNAL_ADDRESSES = [
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "127.0.0.1",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "224.0.0.1",
    "ff02::1",
    "100.64.0.1",
    "0.0.0.0",
    "::",
    "fc00::1",
    "fe80::1",
    "240.0.0.1",
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
]


@pytest.mark.parametrize("address", INTERNAL_ADDRESSES)
def test_a_name_resolving_to_an_internal_address_is_blocked(address: str) -> None:
    dns = FakeDNS({"innocent.test": [address]})

    refused = refusal("https://innocent.test/", resolve=dns, allowed_hosts=[])

    assert refused.code == "blocked_address"
    assert not is_public_address(address)


@pytest.mark.parametrize("address", INTERNAL_ADDRESSES)
def test_an_internal_ip_literal_is_blocked_without_a_lookup(address: str) -> None:
    dns = FakeDNS()
    host = f"[{address}]" if ":" in address else address

    refused = refusal(f"http://{host}/latest/meta-data/", resolve=dns, allowed_hosts=[])

    assert refused.code == "blocked_address"
    assert dns.asked == []


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.0.0.1", "017700000001"])
def test_other_spellings_of_localhost_are_blocked_once_resolved(host: str) -> None:
    def numeric_only(*args: object, **kwargs: object) -> list[tuple]:
        # The system resolver reads these as 127.0.0.1; numeric only, it asks no name server.
        return socket.getaddrinfo(*args, flags=socket.AI_NUMERICHOST, **kwargs)

    assert refusal(f"http://{host}/", resolve=numeric_only, allowed_hosts=["127.0.0.1"]).code == (
        "blocked_address"
    )


def test_a_name_with_one_internal_address_among_public_ones_is_blocked() -> None:
    dns = FakeDNS({"mixed.test": ["8.8.8.8", "10.0.0.1"]})

    assert refusal("https://mixed.test/", resolve=dns).code == "blocked_address"


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::200e"]
)
def test_public_addresses_are_fetchable(address: str) -> None:
    assert is_public_address(address)


def test_dns_rebinding_to_localhost_is_blocked_before_any_connection(server: LocalServer) -> None:
    dns = FakeDNS({"rebound.test": ["127.0.0.1"]})

    refused = refusal(server.url("/news", host="rebound.test"), resolve=dns)

    assert refused.code == "blocked_address"
    assert server.connections == 0


# --- Connections that fail ---------------------------------------------------------


def test_a_port_with_nothing_listening_is_refused() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]

    refused = refusal(f"http://127.0.0.1:{port}/")

    assert refused.code == "refused"
    assert refused.transient


def test_https_sends_the_real_host_name_in_sni_to_the_validated_address() -> None:
    hello = bytearray()

    def read_hello_and_hang_up(connection: socket.socket) -> None:
        hello.extend(connection.recv(65536))

    dns = FakeDNS({"news.test": ["127.0.0.1"]})
    with one_connection(read_hello_and_hang_up) as port:
        refused = refusal(f"https://news.test:{port}/", allowed_hosts=["news.test"], resolve=dns)

    assert hello[:1] == b"\x16"  # a TLS handshake record
    assert b"news.test" in hello
    assert refused.code == "refused"


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    """A self-signed certificate for news.test (cert.pem, key.pem in the returned folder)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a certificate")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-nodes", "-days", "1", "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test"),
            *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    return tmp_path


@pytest.fixture
def trusted(certificate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the fetcher's default TLS context trust the test certificate, and only it."""
    create_default_context = ssl.create_default_context
    monkeypatch.setattr(
        ssl, "create_default_context", lambda: create_default_context(cafile=certificate / "cert.pem")
    )


def tls_page(certificate: Path, received: bytearray) -> Callable[[socket.socket], None]:
    """A one-shot https server's handler: it keeps the request and answers with the news page."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")

    def serve(connection: socket.socket) -> None:
        with context.wrap_socket(connection, server_side=True) as tls:
            while b"\r\n\r\n" not in received:
                data = tls.recv(65536)
                if not data:
                    return
                received.extend(data)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
            tls.sendall(head % len(NEWS_PAGE) + NEWS_PAGE)

    return serve


def test_https_is_fetched_from_the_validated_address_with_the_certificate_of_the_name(
    certificate: Path, trusted: None
) -> None:
    received = bytearray()
    dns = FakeDNS({"news.test": ["127.0.0.1"]})

    with one_connection(tls_page(certificate, received)) as port:
        result = fetch_local(f"https://news.test:{port}/news", allowed_hosts=["news.test"], resolve=dns)

    assert result.document.body == NEWS_PAGE
    assert result.document.address == "127.0.0.1"
    assert f"Host: news.test:{port}\r\n".encode() in received


def test_a_certificate_for_another_name_is_insecure(certificate: Path, trusted: None) -> None:
    dns = FakeDNS({"other.test": ["127.0.0.1"]})

    with one_connection(tls_page(certificate, bytearray())) as port:
        refused = refusal(f"https://other.test:{port}/news", allowed_hosts=["other.test"], resolve=dns)

    assert refused.code == "insecure"
    assert "other.test" in refused.message


def test_a_self_signed_certificate_is_insecure(certificate: Path) -> None:
    dns = FakeDNS({"news.test": ["127.0.0.1"]})

    with one_connection(tls_page(certificate, bytearray())) as port:
        refused = refusal(f"https://news.test:{port}/", allowed_hosts=["news.test"], resolve=dns)

    assert refused.code == "insecure"
    assert not refused.transient


# --- Settings ----------------------------------------------------------------------


def test_fetch_with_settings_takes_the_allowed_hosts_and_user_agent(server: LocalServer, settings) -> None:
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_USER_AGENT = "Counterclaim-settings/2"

    result = fetch_with_settings(server.url("/news"))

    assert result.document.body == NEWS_PAGE
    assert dict(server.seen[0][1])["User-Agent"] == "Counterclaim-settings/2"


def test_fetch_with_settings_takes_the_limits(server: LocalServer, settings) -> None:
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_MAX_BYTES = 100
    settings.FETCH_TIMEOUT_SECONDS = 1

    with pytest.raises(FetchRefused) as too_large:
        fetch_with_settings(server.url("/news"))
    started = time.monotonic()
    with pytest.raises(FetchRefused) as timed_out:
        fetch_with_settings(server.url("/slow"))

    assert too_large.value.code == "too_large"
    assert timed_out.value.code == "timed_out"
    assert time.monotonic() - started < 1.8


def test_fetch_with_settings_blocks_the_local_server_unless_allowed(server: LocalServer, settings) -> None:
    settings.FETCH_ALLOWED_HOSTS = []

    with pytest.raises(FetchRefused) as caught:
        fetch_with_settings(server.url("/news"))

    assert caught.value.code == "blocked_address"
    assert server.connections == 0
