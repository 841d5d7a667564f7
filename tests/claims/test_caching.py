"""Anonymous readers get public pages from the cache, and every page is fresh
right after anything it shows changes: an edit, an approval, a publication."""

from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.domain import workflow
from claims.domain.editing import save_versioned
from claims.models import Verdict
from claims.public.caching import (
    RecentPages,
    _page_key,
    cached_public_page,
    current_generation,
    generation_in_cache,
    is_content_write,
    migrating,
    move_generation_everywhere,
)
from sources.revising import revise_source
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_quote,
    make_source,
    make_speaker,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def page_cache_on(settings) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()


def queries_for(client, url: str) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.content.decode(), len(queries)


def cached_page_queries() -> int:
    """What a page served from the cache asks of the database: nothing when
    the generation lives in a shared cache (Redis), its one row otherwise."""
    return 0 if generation_in_cache() else 1


def test_a_second_anonymous_visit_runs_at_most_the_generations_query(client) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    status, first, count = queries_for(client, url)
    assert status == 200 and count > 0

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert second.status_code == 200
    assert second.content.decode() == first
    assert len(queries) == cached_page_queries()
    assert all('FROM "public_page_generation"' in query["sql"] for query in queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda claim: reverse("home"),
        lambda claim: reverse("claims:speaker", args=[claim.speaker.slug]),
        lambda claim: reverse("claims:dispute", args=[claim.dispute.slug]),
        lambda claim: reverse("claims:browse"),
        lambda claim: reverse("feed-verdicts"),
    ],
    ids=["home", "speaker", "dispute", "browse", "feed"],
)
def test_every_public_listing_is_cached(client, url_of) -> None:
    dispute = make_dispute(published_at=PUBLISHED)
    claim = make_claim(dispute=dispute, published_at=PUBLISHED)
    url = url_of(claim)
    assert queries_for(client, url)[0] == 200

    assert queries_for(client, url)[::2] == (200, cached_page_queries())


def test_signed_in_users_are_never_served_from_the_cache(client) -> None:
    claim = make_claim(published_at=PUBLISHED)
    url = claim.get_absolute_url()
    queries_for(client, url)  # cached for anonymous readers
    user = make_user(username="hanna", groups=["Journalist"])
    client.force_login(user)

    status, page, count = queries_for(client, url)

    assert status == 200 and count > 0
    assert "hanna" in page


def test_a_signed_in_users_page_is_not_stored_for_readers(client) -> None:
    claim = make_claim(published_at=PUBLISHED)
    url = claim.get_absolute_url()
    client.force_login(make_user(username="hanna", groups=["Journalist"]))
    queries_for(client, url)
    client.logout()
    client.cookies.clear()

    status, page, count = queries_for(client, url)

    assert status == 200 and count > 0
    assert "hanna" not in page


def test_a_reader_carrying_a_session_or_messages_is_not_served_from_the_cache(client) -> None:
    url = make_claim(published_at=PUBLISHED).get_absolute_url()
    queries_for(client, url)

    client.cookies[django_settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert queries_for(client, url)[2] > 0
    del client.cookies[django_settings.SESSION_COOKIE_NAME]
    client.cookies["messages"] = "pending"
    assert queries_for(client, url)[2] > 0


def test_a_missing_page_is_not_cached(client) -> None:
    url = reverse("claims:detail", args=[987654])
    assert queries_for(client, url)[0] == 404

    status, _, count = queries_for(client, url)

    assert status == 404 and count > 0


def test_caching_can_be_turned_off(client, settings) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = make_claim(published_at=PUBLISHED).get_absolute_url()
    queries_for(client, url)

    assert queries_for(client, url)[2] > 0


def test_the_page_is_fresh_right_after_an_edit(client) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    queries_for(client, url)

    claim.text = "Thirty-three civilians were killed."
    save_versioned(claim, fields=["text"], expected_version=claim.version, by=make_user())

    page = queries_for(client, url)[1]
    assert "Thirty-three civilians" in page
    assert "Thirty-six civilians" not in page


def test_pages_are_fresh_right_after_a_speaker_is_renamed(client) -> None:
    speaker = make_speaker(name="Khaled Khoja")
    claim = make_claim(speaker=speaker, published_at=PUBLISHED)
    urls = [claim.get_absolute_url(), reverse("claims:speaker", args=[speaker.slug])]
    for url in urls:
        queries_for(client, url)

    speaker.name = "Khaled Khodja"
    speaker.save()

    for url in urls:
        assert "Khaled Khodja" in queries_for(client, url)[1]


def test_the_claim_page_and_the_feed_are_fresh_right_after_an_approval(client) -> None:
    claim = make_claim(published_at=PUBLISHED)
    verdict = make_verdict(
        claim=claim,
        rating=default_rating(slug="false"),
        state=Verdict.State.SUBMITTED,
        submitted_at=PUBLISHED,
    )
    urls = [claim.get_absolute_url(), reverse("feed-verdicts"), reverse("home")]
    for url in urls:
        assert ">False<" not in queries_for(client, url)[1]

    workflow.approve_verdict(verdict=verdict, by=make_user(groups=["Editor"]))

    assert "False" in queries_for(client, urls[0])[1]
    assert claim.get_absolute_url() in queries_for(client, urls[1])[1]
    assert claim.get_absolute_url() in queries_for(client, urls[2])[1]


def test_pages_are_fresh_right_after_publication_and_unpublication(client) -> None:
    editor = make_user(groups=["Editor"])
    claim = make_claim(text="Only ISIS positions were hit.")
    url, home = claim.get_absolute_url(), reverse("home")
    assert queries_for(client, url)[0] == 404
    assert "Only ISIS positions" not in queries_for(client, home)[1]

    workflow.publish_claim(claim=claim, by=editor)
    assert queries_for(client, url)[0] == 200
    assert "Only ISIS positions" in queries_for(client, home)[1]

    workflow.unpublish_claim(claim=claim, by=editor)
    assert queries_for(client, url)[0] == 404
    assert "Only ISIS positions" not in queries_for(client, home)[1]


def test_the_source_page_is_fresh_right_after_a_revision(client) -> None:
    source = make_source(text="The strikes hit Talbiseh at dawn.")
    claim = make_claim(published_at=PUBLISHED)
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="The strikes"))
    url = reverse("claims:source", args=[source.pk])
    assert "at dawn" in queries_for(client, url)[1]

    revise_source(source=source, text="The strikes hit Talbiseh at noon.", by=make_user())

    assert "at noon" in queries_for(client, url)[1]


def test_a_commit_starts_a_new_generation_once(django_capture_on_commit_callbacks) -> None:
    # Between a write and its commit another reader may cache the page from
    # the data as it was; the generation must move on again at commit, once
    # for the transaction however many writes it made.
    with django_capture_on_commit_callbacks() as callbacks:
        make_claim()
        make_claim()
    assert callbacks.count(move_generation_everywhere) == 1


def test_writes_while_migrating_leave_the_generation_alone_until_migrate_ends() -> None:
    # A new database is written by its data migrations long before the
    # generation's own table exists: those writes must not reach for it.
    before = current_generation()
    app = apps.get_app_config("claims")
    signal = {"app_config": app, "verbosity": 0, "interactive": False, "using": "default", "apps": apps}
    pre_migrate.send(sender=app, plan=[], **signal)
    try:
        with CaptureQueriesContext(connection) as queries:
            move_generation_everywhere()
        assert not [q for q in queries if "public_page_generation" in q["sql"]]
    finally:
        post_migrate.send(sender=app, plan=[], **signal)
    assert not migrating.is_set()
    assert current_generation() != before


def test_a_write_elsewhere_keeps_the_generation() -> None:
    before = current_generation()
    make_user()
    assert current_generation() == before


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "claims_claim" ("text") VALUES (%s)', True),
        ('  UPDATE "claims_verdict" SET "state" = %s', True),
        ('DELETE FROM "sources_quote" WHERE "id" = %s', True),
        ('SELECT "claims_claim"."id" FROM "claims_claim"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "auth_user" ("username") VALUES (%s)', False),
    ],
)
def test_which_statements_count_as_content_writes(sql: str, expected: bool) -> None:
    assert is_content_write(sql) is expected


def test_a_response_that_sets_a_cookie_is_not_stored() -> None:
    calls = []

    @cached_public_page
    def view(request):
        calls.append(request)
        response = HttpResponse("hello")
        response.set_cookie("tracking", "1")
        return response

    view(RequestFactory().get("/somewhere/"))
    view(RequestFactory().get("/somewhere/"))

    assert len(calls) == 2


def test_recent_pages_keep_the_newest_and_forget_the_oldest() -> None:
    pages = RecentPages(size=2)
    for name in ("a", "b", "c"):
        pages.put(name, (name.encode(), {}), seconds=60)

    assert pages.get("a") is None
    assert pages.get("b") == (b"b", {})
    assert pages.get("c") == (b"c", {})


def test_recent_pages_expire_like_the_shared_cache(monkeypatch) -> None:
    pages = RecentPages(size=2)
    now = 1000.0
    monkeypatch.setattr("claims.public.caching.time.monotonic", lambda: now)
    pages.put("a", (b"a", {}), seconds=60)

    now = 1059.0
    assert pages.get("a") == (b"a", {})
    now = 1061.0
    assert pages.get("a") is None


def test_a_page_held_in_process_memory_is_fresh_right_after_an_edit(client) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    url = claim.get_absolute_url()
    queries_for(client, url)
    page_key = _page_key(RequestFactory().get(url))
    assert cache.get(page_key) is not None
    cache.delete(page_key)  # gone from the shared cache, kept by this process
    assert queries_for(client, url)[2] == cached_page_queries()

    claim.text = "Thirty-three civilians were killed."
    save_versioned(claim, fields=["text"], expected_version=claim.version, by=make_user())

    assert "Thirty-three civilians" in queries_for(client, url)[1]


class UnreachableCache:
    """Stands for a Redis that is down: every call fails as django-redis does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_pages_render_and_edits_save_while_the_cache_is_down(client, monkeypatch, caplog) -> None:
    claim = make_claim(text="Thirty-six civilians were killed.", published_at=PUBLISHED)
    monkeypatch.setattr("claims.public.caching.cache", UnreachableCache())

    claim.text = "Thirty-three civilians were killed."
    save_versioned(claim, fields=["text"], expected_version=claim.version, by=make_user())
    status, page, count = queries_for(client, claim.get_absolute_url())

    assert status == 200 and count > 0
    assert "Thirty-three civilians" in page
    assert "page cache could not be reached" in caplog.text
