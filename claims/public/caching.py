"""Whole-page caching of the public pages for anonymous readers.

When a story goes viral, thousands of readers ask for the same claim page;
rendering it once per change instead of once per reader is what keeps the
server up. Pages are stored under the current *generation*, and any write to a
table of the ``claims`` or ``sources`` apps starts a new generation, so a page
is never served stale after an edit, an approval or a publication: not by the
process that made the change, and not by any other server process, on this
machine or another.

The writes are noticed where they reach the database (an execute wrapper
installed on every connection) rather than by an ``invalidate()`` call in each
domain function, so a new write path (a queryset ``update()``, the admin, a
bulk load, a management command) cannot forget to invalidate. A write starts a
new generation twice: at once, so that the writing connection's own next read
is fresh, and again right after its transaction commits, for every process,
because between the two another reader may have cached the page from the data
as it was before the commit. Writes that go around Django (``psql``, a
``COPY``) are not seen; ``new_generation()`` is for them.

Where the generation lives decides what "every process" means, so it lives
where every process that serves the pages sees it:

* **With a shared cache** (Redis, ``REDIS_URL``), in the cache, with the pages:
  both moves of the generation go to Redis, which every process on every
  machine reads. Each process also keeps the last pages it served in its own
  memory under the same keys, so a cached page costs one round trip (the
  generation), not two.
* **Without one** (the local-memory cache, each process's own), the pages stay
  in each process's memory and the generation has two parts. One is the
  process's own and moves at once on every write that process makes, even
  inside a transaction that has not committed yet (pytest-django's, where
  commit callbacks never run). The other is a row of the database
  (``PageGeneration``), which every process on every machine using that
  database reads, one primary-key query per cached page, and which is given
  a new value by an ``UPDATE`` in autocommit right after the writing
  transaction commits. Not inside that transaction: the row's lock would then
  be held until its commit, and every writer would wait for every other.

What does not hold, and what happens then:

* Between a commit and the new generation that follows it (within the
  writer's request, before it answers) another process may still serve the
  page as it was.
* When Redis cannot be reached, pages are rendered for every reader (logged)
  and writes still go through; a change made meanwhile cannot move the
  generation on, so a page cached before it may be served for up to
  ``PUBLIC_PAGE_CACHE_SECONDS`` once Redis is back.
* Without Redis, when the generation's row cannot be read, pages are rendered
  (logged). When it cannot be written right after a commit (the database lost
  at that instant, logged; or the process killed between the two), the other
  processes may serve the page as it was for up to
  ``PUBLIC_PAGE_CACHE_SECONDS``; the writing process has moved its own part.
* A missing generation (Redis evicted or restarted, the row flushed) is made
  again, new: pages stored under the old one are never asked for again.

Only readers who carry no session and no messages are served from the cache
or stored in it: a signed-in journalist always sees the page rendered for
them, and nothing personal (a CSRF token, a flash message) is ever shared.
"""

import functools
import hashlib
import itertools
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpRequest, HttpResponse

from claims.models import PageGeneration

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# How Django quotes the tables of the apps whose content the public pages show,
# on SQLite and PostgreSQL alike.
WATCHED_TABLES = ('"claims_', '"sources_')
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Headers a view sets that belong to the content and are kept with it.
KEPT_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Content-Language",
    "X-Robots-Tag",
    "Last-Modified",
    "Content-Disposition",  # a CSV download stays a download when served from the cache
)

View = Callable[..., HttpResponse]
Page = tuple[bytes, dict[str, str]]  # the content, and the headers kept with it


class RecentPages:
    """The pages a server process served last, in its own memory, in front
    of the shared cache. Keys hold the generation, so a page here is as fresh
    as one in the shared cache: only the generation is asked of it then,
    one round trip instead of two and no page sent over the wire."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, tuple[float, Page]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self._lock:
            expires, page = self._pages.get(key, (0.0, None))
            if page is None or expires < time.monotonic():
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: Page, seconds: int) -> None:
        with self._lock:
            self._pages[key] = (time.monotonic() + seconds, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


# About 200 pages of 30 to 60 KB: a few MB per server process.
recent_pages = RecentPages(size=200)


class ProcessGeneration:
    """The part of the generation that is this process's own, used when there
    is no shared cache. Its values are only ever part of keys in this
    process's memory, so a counter is enough."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self.value = next(self._counter)

    def move(self) -> None:
        # next() on a count is atomic under the GIL: two threads moving at
        # once each get a value never used before.
        self.value = next(self._counter)


process_generation = ProcessGeneration()


def generation_in_cache() -> bool:
    """Whether the generation lives in the cache: when the cache is one that
    every server process shares. Django's local-memory cache is each
    process's own (and the dummy cache keeps nothing), so then it lives in
    the database."""
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache | DummyCache)


def current_generation() -> str:
    if generation_in_cache():
        return _cached_generation()
    return f"{process_generation.value}.{_database_generation()}"


def _cached_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # After an eviction or a restart a fresh value is as good as any:
        # pages stored under an older one are simply never asked for again.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY, "")
    return generation


def _database_generation() -> str:
    def stored() -> list[str]:
        return list(PageGeneration.objects.filter(pk=PageGeneration.ROW).values_list("value", flat=True))

    values = stored()
    if not values:
        # A new or flushed database: the first reader makes the row, and a
        # reader racing it keeps whichever value was stored first.
        PageGeneration.objects.bulk_create(
            [PageGeneration(pk=PageGeneration.ROW, value=uuid.uuid4().hex)], ignore_conflicts=True
        )
        values = stored()
    return values[0]


def _move_database_generation() -> None:
    value = uuid.uuid4().hex
    if not PageGeneration.objects.filter(pk=PageGeneration.ROW).update(value=value):
        PageGeneration.objects.bulk_create(
            [PageGeneration(pk=PageGeneration.ROW, value=value)], ignore_conflicts=True
        )


def _move_at_once() -> None:
    """The move at the write itself, which may not have committed yet: this
    process's next read must not be served the page as it was."""
    try:
        if generation_in_cache():
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        else:
            process_generation.move()
    except Exception:  # the write that called us must not fail for the cache's sake
        logger.warning("The page cache could not be reached to invalidate it.", exc_info=True)


# Set while ``migrate`` runs: the generation's own table may not exist yet (a
# new database being migrated writes rows long before it), and a schema half
# migrated serves no pages anyway. The generation moves once, when it is done.
migrating = threading.Event()


def _migration_started(sender, **kwargs) -> None:
    migrating.set()


def _migration_finished(sender, **kwargs) -> None:
    # Sent once per app, after every migration has run: the first one moves.
    if migrating.is_set():
        migrating.clear()
        move_generation_everywhere()


def move_generation_everywhere() -> None:
    """The move for every server process, once the write is committed. Must
    not run inside the writing transaction (``new_generation()`` sees to it):
    without a shared cache it updates the generation's row, whose lock would
    then be held until that transaction ends."""
    try:
        if migrating.is_set():
            process_generation.move()
        elif generation_in_cache():
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        else:
            # This process's part too, in case the row cannot be written: this
            # process at least must not serve a page cached before the commit.
            process_generation.move()
            _move_database_generation()
    except Exception:  # the write has been committed; its request must not fail now
        logger.warning("The page cache could not be reached to invalidate it.", exc_info=True)


def new_generation(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every cached public page unreachable, after a write made through
    the connection ``using``: at once for this process, and for every process
    as soon as the write is committed (now, outside a transaction)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        move_generation_everywhere()
        return
    _move_at_once()
    # Once per transaction, however many writes it makes. An entry is only
    # dropped with a savepoint rolled back, and so with every write made
    # since it was registered, so finding it means it will run.
    if not any(func is move_generation_everywhere for _, func, _ in connection.run_on_commit):
        transaction.on_commit(move_generation_everywhere, using=using)


def is_content_write(sql: object) -> bool:
    if not isinstance(sql, str):
        return False
    return sql.lstrip()[:7].upper().startswith(WRITE_VERBS) and any(t in sql for t in WATCHED_TABLES)


def _invalidate_after_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_content_write(sql):
        new_generation(using=context["connection"].alias)
    return result


def watch_writes(sender, connection, **kwargs) -> None:
    """Installed for every new database connection (``connection_created``)."""
    if _invalidate_after_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_invalidate_after_write)


def install() -> None:
    """Called from the app's ``ready()``. Connections opened before it (none,
    normally) are covered too."""
    connection_created.connect(watch_writes, dispatch_uid="claims.public.caching.watch_writes")
    pre_migrate.connect(_migration_started, dispatch_uid="claims.public.caching.migration_started")
    post_migrate.connect(_migration_finished, dispatch_uid="claims.public.caching.migration_finished")
    for connection in connections.all(initialized_only=True):
        watch_writes(sender=None, connection=connection)


def _serves_from_cache(request: HttpRequest) -> bool:
    # Decided from the cookies alone, without loading the session: a request
    # carrying a session or pending messages may see something personal.
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    )


def _page_key(request: HttpRequest) -> str:
    # The host is part of the key because feeds, the sitemap and the pages'
    # link-preview metadata carry absolute URLs.
    address = f"{request.build_absolute_uri()}|{request.headers.get('HX-Request', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-page:{current_generation()}:{digest}"


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored_page(key: str, seconds: int) -> Page | None:
    """The page kept under ``key``: from this process's recent pages, else
    from the shared cache (then kept here too)."""
    stored = recent_pages.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is not None:
            recent_pages.put(key, stored, seconds)
    return stored


def _from_stored(stored: Page) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def _store(key: str, response: HttpResponse, seconds: int) -> None:
    """Keep a rendered page under ``key``, if it may be shared."""
    if not _storable(response):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    try:
        cache.set(key, (response.content, headers), seconds)
    except Exception:
        logger.warning("The page cache could not be reached to store a page.", exc_info=True)
    else:
        recent_pages.put(key, (response.content, headers), seconds)


def cached_public_page(view: View) -> View:
    """Serve ``view`` from the cache to anonymous readers. The view must show
    only public content, the same to every anonymous reader of that URL."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _serves_from_cache(request):
            return view(request, *args, **kwargs)
        try:
            key = _page_key(request)
            stored = _stored_page(key, seconds)
        except Exception:  # the cache is optional: render the page as if it were off
            logger.warning("The page cache could not be reached; rendering the page.", exc_info=True)
            return view(request, *args, **kwargs)
        if stored is not None:
            return _from_stored(stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        _store(key, response, seconds)
        return response

    return wrapper
