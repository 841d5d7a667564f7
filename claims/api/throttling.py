"""Throttling the API: per address for requests without a valid token, per
token for the newsroom's, each answered ``429 Too Many Requests`` with
``Retry-After`` (ninja adds the header from ``wait()``).

The limits are settings, as (requests, seconds): ``API_RATE_ANONYMOUS``
(``COUNTERCLAIM_API_RATE_ANONYMOUS``, 60/min) and ``API_RATE_TOKEN``
(``COUNTERCLAIM_API_RATE_TOKEN``, 600/min), read at each request so a test
can lower them.

A fixed window on Django's cache: one counter per address or token and
window, made with ``add`` and counted with ``incr``, both atomic in Redis and
in the local-memory cache, so concurrent requests never both take the last
place (ninja's own throttles read, append and write back a list of times,
which two requests can interleave, and keep per-request state on an instance
every thread shares). With Redis the count is the whole site's; without it
each server process counts its own. A client may get up to twice the rate
across a window's edge; the limits are against floods, not an accounting.

The client's address is the one rule of ``settings.CLIENT_ADDRESS_CALLABLE``
(``config/client_address.py``, ``TRUSTED_PROXIES`` respected), looked up by
name as django-axes looks it up, since the API may not import ``config``.
"""

from __future__ import annotations

import contextvars
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string
from ninja.throttling import BaseThrottle

from claims.models import APIToken

# How long to wait, for the request being throttled: ninja asks ``wait()``
# right after ``allow_request`` refused, without the request.
_wait: contextvars.ContextVar[float | None] = contextvars.ContextVar("api_throttle_wait", default=None)


def client_address(request: HttpRequest) -> str:
    """The client's address as sign-in throttling sees it."""
    address = import_string(settings.CLIENT_ADDRESS_CALLABLE)(request)
    return address or "unknown"


def take(key: str, rate: tuple[int, int], *, now: float | None = None) -> float | None:
    """Count one request under ``key`` at ``rate`` (requests, seconds): None
    when it is allowed, else the seconds until the window ends."""
    limit, seconds = rate
    now = time.time() if now is None else now
    window = int(now // seconds)
    counter = f"api-throttle:{key}:{window}"
    # The counter outlives its window a little, so an incr never lands on
    # a counter the cache just dropped.
    cache.add(counter, 0, timeout=seconds + 5)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr: a new window
        cache.add(counter, 1, timeout=seconds + 5)
        count = 1
    if count <= limit:
        return None
    return max(1.0, (window + 1) * seconds - now)


class RateThrottle(BaseThrottle):
    """A ninja throttle on ``take``: subclasses say what they count."""

    def key(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def rate(self) -> tuple[int, int]:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.key(request)
        wait = take(key, self.rate()) if key is not None else None
        _wait.set(wait)
        return wait is None

    def wait(self) -> float | None:
        wait = _wait.get()
        return math.ceil(wait) if wait is not None else None


class AddressThrottle(RateThrottle):
    """Requests without a valid token, per client address: every public
    request, and (from ``claims.api.auth``) every refused token."""

    def key(self, request: HttpRequest) -> str | None:
        if isinstance(getattr(request, "auth", None), APIToken):
            return None
        return f"address:{client_address(request)}"

    def rate(self) -> tuple[int, int]:
        return settings.API_RATE_ANONYMOUS


class TokenThrottle(RateThrottle):
    """The newsroom's requests, per token (not per owner: each of an owner's
    tools has its own allowance, and one revoked stops only its own)."""

    def key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"token:{token.pk}" if isinstance(token, APIToken) else None

    def rate(self) -> tuple[int, int]:
        return settings.API_RATE_TOKEN


address_throttle = AddressThrottle()
token_throttle = TokenThrottle()
THROTTLES = [address_throttle, token_throttle]
