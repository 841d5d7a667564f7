"""The address a request came from, as login throttling counts it.

Without a reverse proxy it is the connection's own address (``REMOTE_ADDR``).
Behind proxies, every request arrives from the nearest proxy, so throttling by
``REMOTE_ADDR`` would lock out everyone at once; the client's address is then
read from ``X-Forwarded-For``. Clients can write anything into that header, so
only the entries the trusted proxies appended are believed: with
``TRUSTED_PROXIES`` proxies in front, each appending the address it saw, the
client is the ``TRUSTED_PROXIES``-th entry from the right, and everything to
its left is the client's own (possibly forged) claim.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # The request did not pass through every proxy (or one of them does not
        # append): nothing in the header can be trusted.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
