"""Whole-page caching of the public pages for anonymous readers.

When a story goes viral, thousands of readers ask for the same claim page;
rendering it once per change instead of once per reader is what keeps the
server up. Pages are stored under the current *generation*, and any write to a
table of the ``claims`` or ``sources`` apps starts a new generation, so a page
is never served stale after an edit, an approval or a publication.

The writes are noticed where they reach the database (an execute wrapper
installed on every connection) rather than by an ``invalidate()`` call in each
domain function, so a new write path (a queryset ``update()``, the admin, a
bulk load, a management command) cannot forget to invalidate. A write starts a
new generation twice: at once, so that the writing connection's own next read
is fresh, and again when its transaction commits, because between the two
another reader may have cached the page from the data as it was before the
commit.

Only readers who carry no session and no messages are served from the cache
or stored in it: a signed-in journalist always sees the page rendered for
them, and nothing personal (a CSRF token, a flash message) is ever shared.

The cache is optional: when it cannot be reached (Redis down), writes still
go through and pages are rendered for every reader. A change made during
such an outage cannot move the generation on, so a page cached before it may
be served for up to ``PUBLIC_PAGE_CACHE_SECONDS`` after the cache is back.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# How Django quotes the tables of the apps whose content the public pages show,
# on SQLite and PostgreSQL alike.
WATCHED_TABLES = ('"claims_', '"sources_')
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Headers a view sets that belong to the content and are kept with it.
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Content-Language", "X-Robots-Tag", "Last-Modified")

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


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # After an eviction or a restart a fresh value is as good as any:
        # pages stored under an older one are simply never asked for again.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY, "")
    return generation


def new_generation() -> None:
    """Make every cached public page unreachable."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the write that called us must not fail for the cache's sake
        logger.warning("The page cache could not be reached to invalidate it.", exc_info=True)


def is_content_write(sql: object) -> bool:
    if not isinstance(sql, str):
        return False
    return sql.lstrip()[:7].upper().startswith(WRITE_VERBS) and any(t in sql for t in WATCHED_TABLES)


def _invalidate_after_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_content_write(sql):
        new_generation()
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(new_generation, using=connection.alias)
    return result


def watch_writes(sender, connection, **kwargs) -> None:
    """Installed for every new database connection (``connection_created``)."""
    if _invalidate_after_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_invalidate_after_write)


def install() -> None:
    """Called from the app's ``ready()``. Connections opened before it (none,
    normally) are covered too."""
    from django.db import connections

    connection_created.connect(watch_writes, dispatch_uid="claims.public.caching.watch_writes")
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
            stored = recent_pages.get(key)
            if stored is None:
                stored = cache.get(key)
                if stored is not None:
                    recent_pages.put(key, stored, seconds)
        except Exception:  # the cache is optional: render the page as if it were off
            logger.warning("The page cache could not be reached; rendering the page.", exc_info=True)
            return view(request, *args, **kwargs)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if _storable(response):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            try:
                cache.set(key, (response.content, headers), seconds)
            except Exception:
                logger.warning("The page cache could not be reached to store a page.", exc_info=True)
            else:
                recent_pages.put(key, (response.content, headers), seconds)
        return response

    return wrapper
