"""How the API says something went wrong: always JSON, never an HTML page.

Every error is ``{"detail": "…"}``; a request that does not validate (a 422,
or a 400 for a bad cursor) adds ``"errors"``, the messages for each field by
its name, as a form would show them. ``register`` installs the handlers on
the one ``NinjaAPI``; ``not_found`` answers any address under the API that
no route matches.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from pydantic import Field

logger = logging.getLogger(__name__)

NOT_FOUND = "Not found."
INVALID = "The request is not valid; see the message for each field."
# Errors that are not any one field's, named as Django's forms name them.
NOT_A_FIELD = "__all__"
# Where ninja says a parameter came from: the first part of an error's location.
SOURCES = {"query", "path", "header", "cookie", "body", "form", "file"}


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.", examples=[NOT_FOUND])


class FieldErrors(Schema):
    detail: str = Field(description="What went wrong, in plain words.", examples=[INVALID])
    errors: dict[str, list[str]] = Field(
        description="The messages for each field (query parameter, path parameter or body field), "
        f"by its name; `{NOT_A_FIELD}` for what is no one field's.",
        examples=[{"limit": ["Input should be less than or equal to 100"]}],
    )


class InvalidRequest(Exception):
    """A request the API refuses with a message per field: raised by a view
    (a filter naming nothing public, a cursor that is not ours) and answered
    by ``register``'s handler with ``status``."""

    def __init__(self, errors: Mapping[str, Iterable[str]], *, status: int = 422, detail: str = INVALID):
        self.errors = {name: list(messages) for name, messages in errors.items()}
        self.status = status
        self.detail = detail
        super().__init__(detail)


def field_name(location: Iterable) -> str:
    """An error's field from ninja's location of it: ``("query", "limit")``
    is ``limit``; ``("body", "payload", "claim", "text")`` is ``claim.text``
    (the body's parameter name is the view's, not the client's)."""
    parts = [str(part) for part in location]
    if parts and parts[0] in SOURCES:
        source, parts = parts[0], parts[1:]
        if source in ("body", "form") and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or NOT_A_FIELD


def field_errors(errors: Iterable[Mapping]) -> dict[str, list[str]]:
    """ninja's (pydantic's) list of errors as messages by field."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(field_name(error.get("loc", ())), []).append(str(error.get("msg", "Invalid.")))
    return by_field


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": INVALID, "errors": field_errors(exc.errors)}, status=422)


def _invalid_request(api: NinjaAPI, request: HttpRequest, exc: InvalidRequest) -> HttpResponse:
    return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=exc.status)


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never the exception's message: it may name what was looked for.
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


def _server_error(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc  # Django's debug page, as for the site's pages
    # Logged as Django logs an unhandled exception, with the request id that
    # the answer carries (config/request_id.py), so a report can be matched.
    logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request})
    request_id = getattr(request, "request_id", "")
    detail = "Something went wrong on our side."
    if request_id:
        detail += f" If you report it, quote the request id {request_id}."
    return api.create_response(request, {"detail": detail}, status=500)


def register(api: NinjaAPI) -> None:
    """Answer validation errors, refused requests, 404s and server errors
    with JSON in the shapes above, in place of ninja's own."""
    api.add_exception_handler(ValidationError, lambda request, exc: _validation_error(api, request, exc))
    api.add_exception_handler(InvalidRequest, lambda request, exc: _invalid_request(api, request, exc))
    api.add_exception_handler(Http404, lambda request, exc: _not_found(api, request, exc))
    api.add_exception_handler(Exception, lambda request, exc: _server_error(api, request, exc))


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any address under the API that no route matches: JSON, not the site's
    HTML 404 page. An address that only lacks its final slash is sent on to
    it (308 keeps the method), as Django's APPEND_SLASH does for pages, which
    a catch-all route would otherwise prevent."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        # Every route is named but this one.
        if match is not None and match.url_name is not None:
            query = request.META.get("QUERY_STRING", "")
            redirect = HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
            redirect.status_code = 308
            return redirect
    return JsonResponse({"detail": NOT_FOUND}, status=404)


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method an address does not take with an empty 405;
    here it says so in JSON too, keeping the ``Allow`` header."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            answer = JsonResponse({"detail": "This address does not take that method."}, status=405)
            if response.has_header("Allow"):
                answer["Allow"] = response["Allow"]
            return answer
        return response

    return wrapper
