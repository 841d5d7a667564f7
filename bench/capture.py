"""What a capture costs: extraction of a news page and of PDFs, in the
worker's process and in the bounded child process that production uses, and
the size of the archive against the bytes received.

Run with ``.venv/bin/python bench/capture.py``. Prints timings; asserts
nothing (a timing assertion fails on a slow machine, not on slow code). The
inputs are the tests' own: the Homs article with its boilerplate
(``tests/sources/capture/pages.py``) and generated text PDFs
(``tests/sources/capture/pdfs.py``). Nothing is fetched.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

# Only when run, not when the extraction child processes import this script
# again as their main module (multiprocessing does): a Django set up at the
# top of a main script would be set up again in every child, which
# production's main scripts (manage.py, gunicorn) never do.
if __name__ == "__main__":
    django.setup()

from sources.capture.archive import archive_fetch, read_document  # noqa: E402
from sources.capture.bounded import run_bounded  # noqa: E402
from sources.capture.exchange import Exchange, FetchResult  # noqa: E402
from sources.capture.extracting import extract_article  # noqa: E402
from sources.capture.pdf import extract_pdf  # noqa: E402
from tests.sources.capture import pages, pdfs  # noqa: E402

RUNS = 10
LIMITS = {"timeout": 60, "max_memory_mb": 1024}


def timed(label: str, work: Callable[[], object], runs: int = RUNS) -> None:
    work()  # warm: imports, the forkserver
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms")


def report_pdf(page_count: int) -> bytes:
    lines = [
        f"Paragraph {n} of the commission's findings on strikes in northern Homs, 30 September 2015."
        for n in range(30)
    ]
    return pdfs.make_pdf([lines for _ in range(page_count)])


def main() -> None:
    body = pages.HOMS_ARTICLE_BYTES
    url = "https://news.example.org/homs"
    print(f"News page: {len(body):,} bytes of HTML")
    timed("extract_article, in process", lambda: extract_article(body, url=url))
    timed(
        "extract_article, in the bounded child process",
        lambda: run_bounded(extract_article, body, url=url, **LIMITS),
    )
    for count in (10, 100, 500):
        data = report_pdf(count)
        print(f"PDF of {count} pages: {len(data):,} bytes")
        runs = RUNS if count < 500 else 3
        timed(f"  extract_pdf, {count} pages, in process", lambda d=data: extract_pdf(d, max_pages=500), runs)
        timed(
            f"  extract_pdf, {count} pages, bounded",
            lambda d=data: run_bounded(extract_pdf, d, max_pages=500, **LIMITS),
            runs,
        )

    exchange = Exchange(
        url=url,
        address="203.0.113.10",
        method="GET",
        request_headers=(("Host", "news.example.org"), ("User-Agent", "Counterclaim/1.0")),
        http_version="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))),
        body=body,
    )
    result = FetchResult(
        requested_url=url,
        exchanges=(exchange,),
        fetched_at=datetime.now(UTC),
        content_type="text/html",
        charset="utf-8",
    )
    copy = archive_fetch(result)
    print(f"WARC of the news page: {copy.size:,} bytes (gzipped) for {len(body):,} bytes received")
    timed("archive_fetch (WARC, gzip, digests)", lambda: archive_fetch(result))
    timed("read_document (parse, verify SHA-256)", lambda: read_document(copy.data))


if __name__ == "__main__":
    main()
