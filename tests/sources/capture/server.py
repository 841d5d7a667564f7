"""A local news site for the capture tests: real-looking pages with
boilerplate, redirects, a slow response, a huge one, a file that is not a
document, a page that changes between two fetches, a 404, a flaky server and
PDFs. It listens on 127.0.0.1 only; nothing in the tests leaves the machine.

Pages are a table the test may change while the server runs
(``site.publish(path, body)``), which is how an outlet "changes its story".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.sources.capture import pages, pdfs

HTML = "text/html; charset=utf-8"


@dataclass
class Page:
    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


class NewsSite:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.failures_left: dict[str, int] = {}  # path -> 500s still to answer
        self.base = ""
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, path: str, body: bytes | str, *, content_type: str = HTML, status: int = 200) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            self.pages[path] = Page(data, content_type, status)
        return self.url(path)

    def unpublish(self, path: str, *, status: int = 404) -> None:
        self.publish(path, b"<!doctype html><title>Not found</title><h1>Page not found</h1>", status=status)

    def fail_next(self, path: str, times: int) -> None:
        """Answer ``path`` with a 500 the next ``times`` requests."""
        with self.lock:
            self.failures_left[path] = times

    def hits(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)


class NewsHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: NewsSite

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.site.requests.append((self.path, dict(self.headers.items())))
        special = {"/slow": self._slow, "/huge": self._huge, "/redirect": self._redirect}
        if self.path in special:
            special[self.path]()
            return
        with self.site.lock:
            failures = self.site.failures_left.get(self.path, 0)
            if failures:
                self.site.failures_left[self.path] = failures - 1
            page = self.site.pages.get(self.path)
        if failures:
            self._send(Page(b"<h1>Internal Server Error</h1>", status=500))
        elif page is None:
            self._send(Page(b"<!doctype html><title>Not found</title><h1>Not found</h1>", status=404))
        else:
            self._send(page)

    def _send(self, page: Page) -> None:
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        self._write(page.body)

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def _slow(self) -> None:
        time.sleep(5)
        self._send(Page(pages.HOMS_ARTICLE_BYTES))

    def _huge(self) -> None:
        chunk = b"<p>" + b"words " * 10_000 + b"</p>\n"
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(chunk) * 10_000))
        self.end_headers()
        for _ in range(10_000):
            if not self._write(chunk):
                return

    def _redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/news/homs")
        self.send_header("Content-Length", "0")
        self.end_headers()


def standard_pages(site: NewsSite) -> None:
    site.publish("/news/homs", pages.HOMS_ARTICLE_BYTES)
    site.publish("/index", pages.INDEX_PAGE_BYTES)
    site.publish("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    site.publish("/report.pdf", pdfs.make_pdf(pdfs.REPORT_PAGES), content_type="application/pdf")
    site.publish("/scan.pdf", pdfs.make_scanned_pdf(3), content_type="application/pdf")


@pytest.fixture
def news_site(settings) -> Iterator[NewsSite]:
    site = NewsSite()
    standard_pages(site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (NewsHandler,), {"site": site}))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_SECONDS = 2
    settings.FETCH_MAX_BYTES = 5 * 1024 * 1024
    settings.TASK_RETRY_SECONDS = 0
    yield site
    server.shutdown()
    server.server_close()
