"""Every public quote as a W3C Web Annotation, and each public source's
quotes as a read-only Web Annotation Protocol container: an
``AnnotationCollection`` paged with ``AnnotationPage``s.

What the protocol asks of a container, and what is done here:

* **Content negotiation.** JSON-LD with the annotation profile is the
  representation, for any ``Accept`` that allows it (``*/*`` too, so a
  browser following the source page's link sees it); ``application/json``
  alone gets the same document as plain JSON. An ``Accept`` that rules both
  out (``text/html`` alone, ``text/turtle``) is answered 406, with a
  ``Link`` to the page for people: the annotation is a different resource
  from that page, so it is not redirected to it.
* **Headers.** ``ETag`` (the body's SHA-256, so ``If-None-Match`` gets a
  304), ``Vary: Accept, Prefer``, ``Allow: GET, HEAD, OPTIONS`` (read only:
  no ``POST``, so no ``Accept-Post``), and ``Link`` typing an annotation as an
  ``ldp:Resource`` and the container as an ``ldp:BasicContainer`` constrained
  by the protocol.
* **Prefer.** ``return=representation`` with ``include`` of
  ``ldp#PreferMinimalContainer`` (no annotations, the pages by IRI),
  ``oa#PreferContainedIRIs`` (the first page's annotations by IRI) or
  ``oa#PreferContainedDescriptions`` (the default: whole annotations),
  answered with ``Preference-Applied``.

These views are not kept in the page cache (claims/public/caching.py): its
key is the URL alone, and these answers vary with ``Accept`` and ``Prefer``.
Each runs the same few queries whatever the number of annotations
(tests/claims/test_annotations.py counts them).
"""

from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response

from claims.domain import annotations as anno
from claims.models import Appearance
from sources.models import Source

ALLOW = "GET, HEAD, OPTIONS"
RESOURCE_LINK = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
CONSTRAINED_BY = '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
CONTAINER_LINK = f'<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", {CONSTRAINED_BY}'
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
MEDIA_TYPES = [anno.ANNO_MEDIA_TYPE, "application/json"]

_INCLUDE = re.compile(r'include\s*=\s*"([^"]*)"')


def _links(request: HttpRequest) -> anno.Links:
    return anno.Links(base=request.build_absolute_uri("/").rstrip("/"))


def _preference(request: HttpRequest) -> set[str]:
    """The ``include`` IRIs of a ``Prefer: return=representation`` header."""
    prefer = request.headers.get("Prefer", "")
    if "return=representation" not in prefer.replace(" ", ""):
        return set()
    found = _INCLUDE.search(prefer)
    return set(found.group(1).split()) if found else set()


def _not_acceptable(html_page: str) -> HttpResponse:
    response = HttpResponse(
        f"This resource is served as {MEDIA_TYPES[0]} or as application/json; "
        f"its page for people is {html_page}\n",
        status=406,
        content_type="text/plain; charset=utf-8",
    )
    response["Link"] = f'<{html_page}>; rel="alternate"; type="text/html"'
    response["Vary"] = "Accept"
    return response


def _options(link: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOW
    response["Link"] = link
    response["Vary"] = "Accept, Prefer"
    return response


def _answer(request: HttpRequest, document: anno.Json, *, media_type: str, link: str) -> HttpResponse:
    """``document`` as JSON in ``media_type``, with the protocol's headers,
    or a 304 when the client's ``If-None-Match`` already holds it."""
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(body, content_type=media_type)
    # The representation, not only the document: the same JSON as plain JSON is another one.
    response["ETag"] = '"' + hashlib.sha256(media_type.encode() + b"\n" + body).hexdigest() + '"'
    response["Vary"] = "Accept, Prefer"
    response["Allow"] = ALLOW
    response["Link"] = link
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _method_allowed(request: HttpRequest) -> HttpResponse | None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])


@login_not_required
def annotation(request: HttpRequest, pk: int) -> HttpResponse:
    """One quote of a public claim as a Web Annotation; a 404 for any other quote."""
    if refused := _method_allowed(request):
        return refused
    appearance = get_object_or_404(anno.for_annotations(anno.public_appearances()), quote_id=pk)
    if request.method == "OPTIONS":
        return _options(RESOURCE_LINK)
    links = _links(request)
    media_type = request.get_preferred_type(MEDIA_TYPES)
    if media_type is None:
        return _not_acceptable(links.claim(appearance.claim_id))
    document = anno.of_appearance(appearance, links=links, newsroom=settings.NEWSROOM_NAME)
    return _answer(request, document, media_type=media_type, link=RESOURCE_LINK)


def _page_number(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404("Pages are numbered from 0.")
    return int(raw)


def _items(appearances: QuerySet[Appearance], paging: anno.Paging, number: int, links: anno.Links) -> list:
    window = slice(paging.offset(number), paging.offset(number) + paging.per_page)
    if paging.iris:
        quote_ids = appearances.order_by("quote_id").values_list("quote_id", flat=True)[window]
        return [links.annotation(quote_id) for quote_id in quote_ids]
    rows = anno.for_annotations(appearances)[window]
    newsroom = settings.NEWSROOM_NAME
    return [anno.of_appearance(row, links=links, newsroom=newsroom, context=False) for row in rows]


@login_not_required
def source_annotations(request: HttpRequest, pk: int) -> HttpResponse:
    """A public source's annotations: the collection, or with ``?page=N`` one
    of its pages (``&iris=1`` for the IRIs only)."""
    if refused := _method_allowed(request):
        return refused
    source: Source = get_object_or_404(anno.public_sources(), pk=pk)
    if request.method == "OPTIONS":
        return _options(CONTAINER_LINK)
    links = _links(request)
    media_type = request.get_preferred_type(MEDIA_TYPES)
    if media_type is None:
        return _not_acceptable(links.source_page(source.pk))

    appearances = anno.public_appearances().filter(quote__revision__source=source)
    stats = appearances.aggregate(
        total=Count("pk"), quotes=Max("quote__updated_at"), claims=Max("claim__updated_at")
    )
    preference = _preference(request)
    in_page = "page" in request.GET
    iris = request.GET.get("iris") == "1" or (not in_page and PREFER_IRIS in preference)
    paging = anno.Paging(
        base_url=links.collection(source.pk), total=stats["total"], iris=iris, per_page=anno.PER_PAGE
    )
    if in_page:
        number = _page_number(request.GET["page"])
        if not paging.has_page(number):
            raise Http404("There is no such page of this source's annotations.")
        document = anno.page(paging, number, _items(appearances, paging, number, links))
        return _answer(request, document, media_type=media_type, link=CONSTRAINED_BY)

    first = None
    if PREFER_MINIMAL not in preference and paging.pages:
        first = anno.page(paging, 0, _items(appearances, paging, 0, links), embedded=True)
    moments = [moment for moment in (stats["quotes"], stats["claims"]) if moment is not None]
    document = anno.collection(
        paging,
        label=f"{settings.NEWSROOM_NAME}: claims quoted from “{source.title}”",
        modified=max(moments, default=None),
        first=first,
    )
    response = _answer(request, document, media_type=media_type, link=CONTAINER_LINK)
    if preference & {PREFER_MINIMAL, PREFER_IRIS, PREFER_DESCRIPTIONS}:
        response["Preference-Applied"] = "return=representation"
    return response
