"""ETags and caching headers for the API's answers.

Every answer to a GET (but a redirect) carries a strong ETag, the SHA-256 of its body, and a
request whose ``If-None-Match`` names it gets a bodiless 304. This is a
wrapper round the API's views rather than Django's ConditionalGetMiddleware,
which would have to be installed for the whole site: the site's HTML pages
carry a fresh CSP nonce in every response, so an ETag of their body would
never match, and the API wants its own ``Cache-Control`` besides.

The ETag is computed from the rendered body, so a 304 saves the client the
transfer, not the server the work; in exchange it can never be stale, since
whatever changes the body changes the tag.

``Cache-Control: public, no-cache``: anyone may keep a copy, but must ask
again (with ``If-None-Match``) before each use. A claim unpublished or
withdrawn is gone from the API at once, never served on from a cache for a
while. A request carrying credentials (the newsroom's tokens) gets
``private, no-cache`` instead, so no shared cache keeps what a token saw.
Nothing is negotiated (every answer is JSON or, for the reference page,
HTML), so no ``Vary`` is needed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import parse_etags, patch_cache_control, quote_etag

View = Callable[..., HttpResponse]

# What a 304 repeats of the answer it stands for (RFC 9110, section 15.4.5).
KEPT_ON_NOT_MODIFIED = ("ETag", "Cache-Control", "Vary", "Content-Location", "Expires")


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest())


def _opaque(tag: str) -> str:
    # If-None-Match compares weakly: W/"x" matches "x".
    return tag.removeprefix("W/")


def not_modified(request: HttpRequest, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (or is ``*``)."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(_opaque(tag) == _opaque(etag) for tag in parse_etags(header))


def _set_cache_control(request: HttpRequest, response: HttpResponse) -> None:
    if response.has_header("Cache-Control"):
        return  # the view decided
    if "Authorization" in request.headers:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)


def conditional(view: View) -> View:
    """Give ``view``'s answers to GET an ETag and caching headers, and answer
    a request that already holds this answer with a 304."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method != "GET" or response.streaming or 300 <= response.status_code < 400:
            return response
        etag = etag_of(response.content)
        response["ETag"] = etag
        _set_cache_control(request, response)
        # Only a successful answer can stand for what the client holds.
        if response.status_code == 200 and not_modified(request, etag):
            unchanged = HttpResponseNotModified()
            for name in KEPT_ON_NOT_MODIFIED:
                if response.has_header(name):
                    unchanged[name] = response[name]
            return unchanged
        return response

    return wrapper
