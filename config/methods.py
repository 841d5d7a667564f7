"""TRACE and OPTIONS answer 405 on the site's pages.

A view that does not restrict its methods answers any of them with its page,
so TRACE and OPTIONS got a 200 with the whole page: harmless (Django echoes
nothing of the request, so TRACE cannot leak cookies), but a scanner reads it
as a server that echoes TRACE, and OPTIONS with a page says nothing about
what the address allows. This answers both with 405 before the view runs.

Two kinds of address answer OPTIONS themselves and are left alone: the JSON
API under /api/ (django-ninja answers every method it does not route), and
the W3C annotation endpoints, which the Web Annotation Protocol asks to
answer OPTIONS with what they allow (claims/public/annotations.py). TRACE is
refused everywhere.

The ``Allow`` header names the methods the site's pages take. A page that
takes fewer (most take only GET and HEAD) refuses the others with its own 405.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

PAGE_METHODS = ["GET", "HEAD", "POST"]
ANSWER_OPTIONS = {"claims:annotation", "claims:source-annotations"}
API_PREFIX = "/api/"


def answers_options(request: HttpRequest) -> bool:
    match = request.resolver_match
    return request.path.startswith(API_PREFIX) or (match is not None and match.view_name in ANSWER_OPTIONS)


class RefuseTraceAndOptionsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        # Here rather than in __call__: an address that does not exist is still
        # a 404, and the URL is resolved, so the endpoints that answer OPTIONS
        # are known by name.
        if request.method == "TRACE" or (request.method == "OPTIONS" and not answers_options(request)):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return None
