"""Lists paged with stable cursors.

A page is read after the last item of the page before, by the list's
ordering key (a keyset), never by an offset: adding or publishing a claim
while a client pages on neither repeats nor skips one, and the database
reads each page from its index however deep the client goes.

The cursor is that key, signed (``django.core.signing``, with the list's
name in the salt): opaque to clients, and refused with a 400 when it was
made up, altered, or made for another list. It carries only the key, never
the filters, so a client keeps sending its filters with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from pydantic import Field

from claims.api.errors import InvalidRequest

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
SALT = "counterclaim.api.cursor."
BAD_CURSOR = "This cursor is not one this list gave out; start again from the first page."

LIMIT = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}.")
CURSOR = Field(
    None,
    max_length=500,
    description="Where the page starts: the `next` link of the page before carries it. Opaque.",
)


@dataclass(frozen=True)
class Keyset:
    """A list's ordering, as the parts of its key: each part a field, its
    type (``int``, ``str`` or ``date``), whether it descends, and whether it
    may be empty (empty values come last). The last part must be unique."""

    name: str
    parts: Sequence[tuple[str, type, bool, bool]]

    def _signer(self) -> signing.Signer:
        return signing.Signer(salt=SALT + self.name)

    def order_by(self) -> list:
        return [
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            for field, _kind, descending, _nullable in self.parts
        ]

    def key_of(self, item: Any) -> list:
        return [getattr(item, field) for field, *_ in self.parts]

    def encode(self, key: list) -> str:
        # No timestamp (signing.dumps would add one): the same position is
        # always the same cursor, so an unchanged page keeps its ETag.
        return self._signer().sign_object([_plain(value) for value in key], compress=True)

    def decode(self, cursor: str) -> list:
        try:
            raw = self._signer().unsign_object(cursor)
        except signing.BadSignature:
            raw = None
        key = _typed(raw, self.parts)
        if key is None:
            raise InvalidRequest({"cursor": [BAD_CURSOR]}, status=400, detail=BAD_CURSOR)
        return key

    def after(self, key: list) -> Q:
        """The rows that come after ``key`` in this order."""
        found = Q(pk__in=[])
        equal = Q()
        for (field, _kind, descending, nullable), value in zip(self.parts, key, strict=True):
            found |= equal & _beyond(field, value, descending=descending, nullable=nullable)
            equal &= Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})
        return found


def _beyond(field: str, value: Any, *, descending: bool, nullable: bool) -> Q:
    if value is None:  # empty values come last: nothing but other empty ones after them
        return Q(pk__in=[])
    beyond = Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
    return beyond | Q(**{f"{field}__isnull": True}) if nullable else beyond


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _typed(raw: Any, parts: Sequence[tuple[str, type, bool, bool]]) -> list | None:
    """The key a cursor holds, with its values' types back, or None when it
    does not fit the list (signed for another version of it, say)."""
    if not isinstance(raw, list) or len(raw) != len(parts):
        return None
    key = []
    for value, (_field, kind, _descending, nullable) in zip(raw, parts, strict=True):
        if value is None and nullable:
            key.append(None)
        elif kind is dt.date and isinstance(value, str):
            try:
                key.append(dt.date.fromisoformat(value))
            except ValueError:
                return None
        elif kind in (int, str) and type(value) is kind:
            key.append(value)
        else:
            return None
    return key


@dataclass
class Page:
    items: list
    next: str | None


def page_of(
    rows: QuerySet,
    keyset: Keyset,
    *,
    request: HttpRequest,
    cursor: str | None,
    limit: int,
    item: Callable[[Any], Any],
) -> Page:
    """One page of ``rows`` in ``keyset``'s order, from ``cursor`` on, each
    row made an item by ``item``; ``next`` is this address with the cursor
    of the page after, or None on the last page. One query (with whatever
    ``rows`` prefetches)."""
    if cursor:
        rows = rows.filter(keyset.after(keyset.decode(cursor)))
    found = list(rows.order_by(*keyset.order_by())[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = keyset.encode(keyset.key_of(found[-1]))
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return Page(items=[item(row) for row in found], next=next_url)
