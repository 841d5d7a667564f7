"""Where quotes were on an earlier revision of a source.

A revision moves quotes onto the new text in place (``sources.revising``), so
an earlier revision's quotes are no longer rows on it: they are read back
from django-simple-history, which kept each quote's position and selectors
as they were before it moved.
"""

from __future__ import annotations

from sources.models import Quote, SourceRevision


def quotes_as_they_were_on(revision: SourceRevision) -> list[Quote]:
    """The quotes of ``revision``, as they were anchored on it, in reading
    order (start, end, id). For each quote, its last recorded state while it
    was on this revision; quotes still on it (orphans) are among them.

    The quotes are unsaved ``Quote`` instances built from history rows, with
    their real ids and ``revision`` set: read them, never save them."""
    records = Quote.history.filter(revision_id=revision.pk).order_by("id", "-history_date", "-history_id")
    latest = {}
    for record in records.only("id", "start", "end", "exact", "prefix", "suffix", "orphaned"):
        latest.setdefault(record.id, record)
    quotes = [
        Quote(
            pk=record.id,
            revision=revision,
            start=record.start,
            end=record.end,
            exact=record.exact,
            prefix=record.prefix,
            suffix=record.suffix,
            orphaned=record.orphaned,
        )
        for record in latest.values()
    ]
    return sorted(quotes, key=lambda q: (q.start, q.end, q.pk))
