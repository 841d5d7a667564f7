"""Without a shared cache, each server process keeps its pages in its own
memory, and the generation that makes them stale lives in the database, where
every process sees it. These tests run the local-memory cache whatever the
test run was given (CI's second run has Redis); the real processes are
tests/claims/test_caching_processes.py."""

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from claims.domain.editing import save_versioned
from claims.models import Claim, PageGeneration
from claims.public import caching
from tests.factories import make_claim, make_user

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
GENERATION_TABLE = '"public_page_generation"'


@pytest.fixture(autouse=True)
def no_shared_cache(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    caching.recent_pages.clear()
    assert not caching.generation_in_cache()


def read(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def unnoticed_write(monkeypatch, claim: Claim, text: str) -> None:
    """Change the claim's text as a write made in another process looks to
    this one: the data changes, and this process notices no write."""
    with monkeypatch.context() as patched:
        patched.setattr(caching, "is_content_write", lambda sql: False)
        Claim.objects.filter(pk=claim.pk).update(text=text)


def edited_by_another_process(monkeypatch, claim: Claim, text: str) -> None:
    """What this process sees of an editor's correction made in another
    server process: the claim's new text, and, once that process committed,
    a new value in the generation's row."""
    unnoticed_write(monkeypatch, claim, text)
    PageGeneration.objects.filter(pk=PageGeneration.ROW).update(value="committed-elsewhere")


def test_a_cached_page_costs_one_primary_key_read_of_the_generation(client) -> None:
    url = make_claim(published_at=PUBLISHED).get_absolute_url()
    read(client, url)

    _, queries = read(client, url)

    assert len(queries) == 1
    assert GENERATION_TABLE in queries[0] and "WHERE" in queries[0]


def test_a_correction_made_by_another_process_is_served_at_once(client, monkeypatch) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    read(client, url)
    read(client, url)  # now from this process's memory

    edited_by_another_process(monkeypatch, claim, "Thirty-three civilians were killed.")

    page, _ = read(client, url)
    assert "Thirty-three civilians" in page
    assert "Thirty-six civilians" not in page


def test_the_row_is_written_after_the_commit_never_inside_the_writing_transaction(
    django_capture_on_commit_callbacks,
) -> None:
    # Inside the transaction the row's lock would be held until the commit,
    # and every other writer would queue behind it (or deadlock with it).
    before = caching.current_generation()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as inside,
    ):
        claim = make_claim(published_at=PUBLISHED)
        claim.text = "Thirty-three civilians were killed."
        save_versioned(claim, fields=["text"], expected_version=claim.version, by=make_user())
    moved_at_once = caching.current_generation()
    assert not [q for q in inside if GENERATION_TABLE in q["sql"]]
    assert moved_at_once != before  # this process's part: its own next read is fresh

    with CaptureQueriesContext(connection) as after:
        for callback in callbacks:
            callback()

    assert [q["sql"].split()[0] for q in after if GENERATION_TABLE in q["sql"]] == ["UPDATE"]
    assert caching.current_generation() not in {before, moved_at_once}


def test_a_missing_row_is_made_again_by_the_first_reader(client) -> None:
    PageGeneration.objects.all().delete()  # a flushed database
    url = make_claim(published_at=PUBLISHED).get_absolute_url()

    read(client, url)
    assert PageGeneration.objects.count() == 1
    assert len(read(client, url)[1]) == 1


def test_a_missing_row_is_made_again_by_the_next_commit() -> None:
    PageGeneration.objects.all().delete()

    caching.move_generation_everywhere()

    assert PageGeneration.objects.count() == 1


def test_pages_render_while_the_generation_cannot_be_read(client, monkeypatch, caplog) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    read(client, url)

    def unreachable() -> str:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(caching, "_database_generation", unreachable)
    page, queries = read(client, url)

    assert "Thirty-six civilians" in page and queries  # rendered, not served from memory
    assert "page cache could not be reached" in caplog.text


def test_a_committed_write_is_not_failed_by_an_unwritable_row(client, monkeypatch, caplog) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    read(client, url)

    def unwritable() -> None:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(caching, "_move_database_generation", unwritable)
    unnoticed_write(monkeypatch, claim, "Thirty-three civilians were killed.")
    caching.move_generation_everywhere()  # as at the commit: no error reaches the writer

    assert "page cache could not be reached to invalidate it" in caplog.text
    # Other processes may serve the old page until it expires; this one does not.
    assert "Thirty-three civilians" in read(client, url)[0]
