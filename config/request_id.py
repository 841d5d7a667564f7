"""One id per request, on the request, on the response and on every log line.

A reader who hits an error quotes the id shown on the error page; the same id
is in the log record of the error, so the two can be matched without the page
ever showing what went wrong. A proxy or load balancer in front may already
have given the request an id (``X-Request-ID``); a sane one is kept so that its
logs and ours agree, and anything else is replaced with a fresh UUID.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and a few separators, as proxies write them (UUIDs, hex
# digests, "abc-123"). Anything else (spaces, quotes, newlines, a kilobyte of
# text) could forge log lines or bloat them, so it is not trusted.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
NO_REQUEST = "-"

# The id of the request being handled, for log records made outside any view
# (a signal handler, a library's logger). A ContextVar is per thread and per
# asyncio task, so concurrent requests never see each other's id.
current_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_from(request: HttpRequest) -> str:
    incoming = request.headers.get(HEADER, "")
    if SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that everything after it, including the error
    pages and the log lines of other middleware, has the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record it sees, for the formatter's
    ``%(request_id)s``; it never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True
