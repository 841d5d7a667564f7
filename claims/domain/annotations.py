"""Quotes as W3C Web Annotations: which quotes are public, and each one as the
Web Annotation Data Model writes it (https://www.w3.org/TR/annotation-model/),
with the collection and pages the Web Annotation Protocol lays out for a
container (https://www.w3.org/TR/annotation-protocol/).

The serialisation is pure: it reads the rows given and builds dictionaries,
so the public views (claims/public/annotations.py) and the export command
write the same annotation for the same quote. Absolute URLs need the site's
address, which only a request (or the command's ``--base-url``) knows, so it
comes in as ``Links``.

What an annotation says, and why:

* ``target`` (``sources.annotations.target``) is a ``SpecificResource``
  whose ``source`` is the source's URL (or its public page here when it has
  none) with both selectors the quote is stored with. The selectors count
  code points of the canonical plain text of one revision, not of the
  outlet's HTML, so the target names that text by its SHA-256 too. A quote
  left on an earlier revision by a revision it could not follow is still
  public on its claim's page, and is served with that earlier revision's
  identifier and date.
* ``body`` is the claim the quote is an appearance of: its wording as a
  ``TextualBody`` (purpose ``describing``) and its page (purpose
  ``linking``); with an approved verdict, the rating too (``assessing``),
  and then the motivation is ``assessing`` rather than ``highlighting``.
* ``creator`` is the newsroom, never the journalist's account.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from dataclasses import dataclass
from typing import TextIO

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from claims.models import Appearance, Claim, current_verdicts
from sources.annotations import Json, target, timestamp
from sources.models import Quote, Source

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
ANNO_MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
# Annotations on one page of a collection.
PER_PAGE = 100


# --- What is public -------------------------------------------------------------------


def public_appearances() -> QuerySet[Appearance]:
    """The appearances a reader may see: those of ``Claim.objects.public()``."""
    return Appearance.objects.filter(claim__in=Claim.objects.public())


def public_sources() -> QuerySet[Source]:
    """Sources with at least one quote of a public claim: those with a public page."""
    return Source.objects.filter(Exists(public_appearances().filter(quote__revision__source=OuterRef("pk"))))


def for_annotations(appearances: QuerySet[Appearance]) -> QuerySet[Appearance]:
    """``appearances`` with what their annotations show, in two queries
    whatever their number: the quote, its revision (not its text) and
    source, the claim, and the claim's approved verdict. In quote order,
    which is stable as quotes are added."""
    return (
        appearances.select_related("quote__revision__source", "claim")
        .defer("quote__revision__text", "claim__search_text")
        .prefetch_related(current_verdicts("claim__verdicts"))
        .order_by("quote_id")
    )


# --- Addresses ------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Absolute URLs on this site; ``base`` is its scheme and host, such as
    ``https://news.example`` (no slash at the end)."""

    base: str

    def of(self, name: str, *args: object) -> str:
        return self.base + reverse(name, args=args)

    def annotation(self, quote_id: int) -> str:
        return self.of("claims:annotation", quote_id)

    def collection(self, source_id: int) -> str:
        return self.of("claims:source-annotations", source_id)

    def source_page(self, source_id: int) -> str:
        return self.of("claims:source", source_id)

    def claim(self, claim_id: int) -> str:
        return self.of("claims:detail", claim_id)


def bodies(claim: Claim, links: Links) -> list[Json]:
    """The claim: its wording, its page and, when it has one, its approved
    verdict's rating. Reads ``claim.current_verdicts`` (``for_annotations``)."""
    found = [
        {"type": "TextualBody", "value": claim.text, "format": "text/plain", "purpose": "describing"},
        {
            "type": "SpecificResource",
            "source": {"id": links.claim(claim.pk), "type": "Text", "format": "text/html"},
            "purpose": "linking",
        },
    ]
    verdicts = getattr(claim, "current_verdicts", [])
    if verdicts:
        found.append(
            {
                "type": "TextualBody",
                "value": verdicts[0].rating.label,
                "format": "text/plain",
                "purpose": "assessing",
            }
        )
    return found


def creator(newsroom: str, links: Links) -> Json:
    return {"type": "Organization", "name": newsroom, "homepage": links.of("home")}


def annotation(
    quote: Quote, claim: Claim | None, *, links: Links, newsroom: str, context: bool = True
) -> Json:
    """``quote`` as a Web Annotation; ``claim`` is the claim it is an
    appearance of (None for a quote of no claim, in the newsroom's own
    export). Inside a page, which carries the context, without it."""
    found: Json = {"@context": ANNO_CONTEXT} if context else {}
    found |= {
        "id": links.annotation(quote.pk),
        "type": "Annotation",
        "motivation": "highlighting",
        "created": timestamp(quote.created_at),
        "modified": timestamp(max(quote.updated_at, claim.updated_at) if claim else quote.updated_at),
        "creator": creator(newsroom, links),
    }
    if claim is not None:
        found["body"] = bodies(claim, links)
        if getattr(claim, "current_verdicts", []):
            found["motivation"] = "assessing"
    source = quote.revision.source
    found["target"] = target(quote, source_iri=source.url or links.source_page(source.pk))
    return found


def of_appearance(appearance: Appearance, *, links: Links, newsroom: str, context: bool = True) -> Json:
    return annotation(appearance.quote, appearance.claim, links=links, newsroom=newsroom, context=context)


# --- Collections and pages ------------------------------------------------------------


@dataclass(frozen=True)
class Paging:
    """A collection of ``total`` annotations at ``base_url``, in pages of
    ``per_page``, numbered from 0 as the protocol's examples number them.
    With ``iris``, its pages list the annotations' IRIs rather than the
    annotations (the protocol's PreferContainedIRIs)."""

    base_url: str
    total: int
    iris: bool = False
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page)

    @property
    def collection_url(self) -> str:
        return f"{self.base_url}?iris=1" if self.iris else self.base_url

    def page_url(self, number: int) -> str:
        return f"{self.base_url}?{'iris=1&' if self.iris else ''}page={number}"

    def has_page(self, number: int) -> bool:
        return 0 <= number < self.pages

    def offset(self, number: int) -> int:
        return number * self.per_page


def page(paging: Paging, number: int, items: list[Json] | list[str], *, embedded: bool = False) -> Json:
    """Page ``number`` holding ``items``. Embedded in its collection it
    needs no context and no ``partOf`` (its container is around it)."""
    found: Json = {} if embedded else {"@context": ANNO_CONTEXT}
    found |= {"id": paging.page_url(number), "type": "AnnotationPage"}
    if not embedded:
        found["partOf"] = {"id": paging.collection_url, "total": paging.total}
    found["startIndex"] = paging.offset(number)
    if number > 0:
        found["prev"] = paging.page_url(number - 1)
    if number + 1 < paging.pages:
        found["next"] = paging.page_url(number + 1)
    found["items"] = items
    return found


def collection(
    paging: Paging, *, label: str, modified: dt.datetime | None, first: Json | None = None
) -> Json:
    """The container: its count and its first and last pages, the first one
    embedded when given (PreferContainedDescriptions or IRIs), else by IRI
    (PreferMinimalContainer)."""
    found: Json = {
        "@context": [ANNO_CONTEXT, LDP_CONTEXT],
        "id": paging.collection_url,
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": label,
        "total": paging.total,
    }
    if modified is not None:
        found["modified"] = timestamp(modified)
    if paging.pages:
        found["first"] = first if first is not None else paging.page_url(0)
        found["last"] = paging.page_url(paging.pages - 1)
    return found


# --- The export -----------------------------------------------------------------------


def _every_quote() -> QuerySet[Quote]:
    """Every quote, of any claim or none, for the newsroom's own copy."""
    return (
        Quote.objects.select_related("revision__source", "appearance__claim")
        .defer("revision__text", "appearance__claim__search_text")
        .prefetch_related(current_verdicts("appearance__claim__verdicts"))
        .order_by("pk")
    )


def _claim_of(quote: Quote) -> Claim | None:
    try:
        return quote.appearance.claim
    except Appearance.DoesNotExist:
        return None


def export_annotations(stream: TextIO, *, links: Links, newsroom: str, everything: bool = False) -> int:
    """Write the public annotations (with ``everything``, every quote's) to
    ``stream`` as one ``AnnotationCollection`` with all of them on its one
    embedded page, which ``sources.annotations`` reads back. Rows are read
    in chunks, so memory stays flat. Returns how many were written."""
    if everything:
        rows = _every_quote()
        written = ((quote, _claim_of(quote)) for quote in rows.iterator(chunk_size=2000))
    else:
        rows = for_annotations(public_appearances())
        written = ((a.quote, a.claim) for a in rows.iterator(chunk_size=2000))
    total = rows.count()
    # Named for the site and the selection, never for the moment: the same
    # newsroom exported twice gives the same file.
    name = uuid.uuid5(uuid.NAMESPACE_URL, f"{links.of('home')}#annotations{'-all' if everything else ''}")
    head = {
        "@context": ANNO_CONTEXT,
        "id": f"urn:uuid:{name}",
        "type": "AnnotationCollection",
        "label": f"{newsroom}: {'every quote' if everything else 'the quotes of its published claims'}",
        "total": total,
        "first": {"id": f"urn:uuid:{name}#page-0", "type": "AnnotationPage", "startIndex": 0, "items": []},
        "last": f"urn:uuid:{name}#page-0",
    }
    opening = json.dumps(head, ensure_ascii=False, indent=1)
    stream.write(opening[: opening.rindex("[]") + 1] + "\n")
    count = 0
    for quote, claim in written:
        item = annotation(quote, claim, links=links, newsroom=newsroom, context=False)
        stream.write(("," if count else "") + json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    stream.write(opening[opening.rindex("[]") + 1 :] + "\n")
    return count
