"""What the API's public endpoints cost on the demo data, in process: the
time of a request through the whole Django stack (middleware, the view,
JSON rendering, the ETag) and its database queries, against the matching
HTML page.

Run with ``.venv/bin/python bench/api.py``. It builds a throwaway test
database (SQLite in memory unless DATABASE_URL says otherwise), loads the
demo, and prints medians; it asserts nothing (a timing assertion fails on a
slow machine, not on slow code).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
# The throttle would answer 429 long before the runs are done.
os.environ.setdefault("COUNTERCLAIM_API_RATE_ANONYMOUS", "1000000/min")

import django  # noqa: E402

RUNS = 50


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from claims.devdata.demo import load_demo

    setup_test_environment()
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    demo = load_demo()
    claim, dispute, speaker = demo.khoja_claim, demo.dispute, demo.khoja_claim.speaker
    pairs = [
        ("claims, first page", "/api/v1/claims/?limit=20", reverse("claims:browse")),
        ("claims, searched", "/api/v1/claims/?q=civilians", reverse("claims:browse") + "?q=civilians"),
        ("a claim", f"/api/v1/claims/{claim.pk}/", claim.get_absolute_url()),
        ("a dispute", f"/api/v1/disputes/{dispute.slug}/", reverse("claims:dispute", args=[dispute.slug])),
        ("a speaker", f"/api/v1/speakers/{speaker.slug}/", reverse("claims:speaker", args=[speaker.slug])),
        ("a source", f"/api/v1/sources/{demo.source.pk}/", reverse("claims:source", args=[demo.source.pk])),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'':<20} {'API ms':>8} {'queries':>8}   {'page ms':>8} {'queries':>8}   (median of {RUNS})")
    for label, api_url, page_url in pairs:
        api_ms, api_queries = measure(client, api_url, CaptureQueriesContext, connection)
        # The page uncached, as the API is: the page cache would answer from memory.
        page_ms, page_queries = measure(client, page_url, CaptureQueriesContext, connection, nocache=True)
        print(f"{label:<20} {api_ms:8.2f} {api_queries:8d}   {page_ms:8.2f} {page_queries:8d}")
    etag = client.get(pairs[2][1])["ETag"]
    start = time.perf_counter()
    for _ in range(RUNS):
        assert client.get(pairs[2][1], headers={"If-None-Match": etag}).status_code == 304
    print(f"{'a claim, 304':<20} {(time.perf_counter() - start) * 1000 / RUNS:8.2f}")
    connection.creation.destroy_test_db(test_name, verbosity=0)


def measure(client, url, capture, connection, *, nocache: bool = False) -> tuple[float, int]:
    from django.test import override_settings

    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0 if nocache else 600):
        client.get(url)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with capture(connection) as queries:
            client.get(url)
    return statistics.median(times), len(queries)


if __name__ == "__main__":
    main()
