"""Revising a source's text, and repairing the quotes a revision orphaned.

A revision never overwrites a text: it adds the next ``SourceRevision`` and
moves each quote onto it, so claims keep pointing at the same ``Quote`` rows
while django-simple-history keeps where each quote was before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.anchoring import Method, Selectors, reanchor, selectors_for
from sources.capture.diffing import carry_offsets
from sources.models import Capture, Quote, Source, SourceRevision

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The fields anchoring owns; saving only these leaves any other field a
# concurrent edit changed alone.
_ANCHOR_FIELDS = ["revision", "start", "end", "exact", "prefix", "suffix", "orphaned", "updated_at"]


@dataclass
class RevisionReport:
    """What a revision did to the source's quotes, for the page that follows
    the save ("3 quotes moved, 1 needs re-selecting")."""

    revision: SourceRevision
    reanchored: list[tuple[Quote, Method]] = field(default_factory=list)
    orphaned: list[Quote] = field(default_factory=list)


def revise_source(
    *,
    source: Source,
    text: str,
    by: User | None,
    note: str = "",
    capture: Capture | None = None,
    page_starts: list[int] | None = None,
) -> RevisionReport:
    """Save ``text`` as the source's next revision and re-anchor its quotes.

    Preconditions and guarantees:

    * Takes a ``SELECT FOR UPDATE`` lock on the source row for the whole
      transaction, so two revisions of one source are numbered one after the
      other. Code that adds a quote to a source's current revision must take
      the same lock (``Source.objects.select_for_update()``), or a quote saved
      on the old revision while this runs would be left behind on it, neither
      re-anchored nor orphaned.
    * Refuses, with a ValidationError on ``text`` and without saving anything,
      an empty text and a text identical to the current revision (an empty
      revision would only make history noisier).
    * Every quote anchored on the previous current revision is either moved
      onto the new revision in place (revision, positions and both selectors)
      or, when it cannot be found, left on the old revision, where its
      selectors are still true, and flagged ``orphaned``. Quotes that were
      already orphaned are left alone: only a journalist can repair them
      (``reanchor_orphan``).
    * ``capture`` is the capture the text was extracted from (a re-check of
      the source's URL), and ``page_starts`` where its pages start, for a
      PDF; a revision typed by a journalist has neither.
    * ``by`` is recorded as the revision's author and as the user of every
      history row written; when it is None, django-simple-history falls back
      to the request's user through its middleware.
    """
    if not text.strip():
        raise ValidationError({"text": "A source's text cannot be empty."})
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        previous = source.current_revision()
        if previous is not None and previous.text == text:
            raise ValidationError(
                {"text": "The text is unchanged: there is nothing to save as a new revision."}
            )
        revision = SourceRevision(
            source=source,
            number=previous.number + 1 if previous is not None else 1,
            text=text,
            note=note,
            created_by=by,
            capture=capture,
            page_starts=_pages_of(previous, text) if page_starts is None else list(page_starts),
        )
        # sha256 is computed in save(); everything else is checked here so a
        # too-long note is a readable error on SQLite as on PostgreSQL.
        revision.full_clean(exclude=["sha256"])
        _save(revision, by=by, reason=f"Revision {revision.number}")

        report = RevisionReport(revision=revision)
        if previous is None:
            return report
        quotes = Quote.objects.select_for_update().filter(revision=previous, orphaned=False).order_by("pk")
        for quote in quotes:
            anchor = reanchor(Selectors.of(quote), text)
            if anchor is None:
                quote.orphaned = True
                reason = f"Orphaned: not found in revision {revision.number}"
                report.orphaned.append(quote)
            else:
                _place(quote, revision, anchor.start, anchor.end)
                reason = f"Re-anchored to revision {revision.number} by {anchor.method}"
                report.reanchored.append((quote, anchor.method))
            _save(quote, by=by, reason=reason, update_fields=_ANCHOR_FIELDS)
    return report


def reanchor_orphan(
    *, quote: Quote, start: int, end: int, by: User | None, revision: SourceRevision | None = None
) -> Quote:
    """Anchor ``quote`` on its source's current revision at ``start:end``
    (code points), as a journalist re-selecting an orphaned quote does.

    The quote is updated in place and returned; its history keeps where it
    was. Works on any quote of the source, so a selection can also be
    corrected after an approximate re-anchoring. Locks the source row like
    ``revise_source``, so a repair never lands on a revision that is being
    superseded. Raises ValidationError with messages a journalist can act on
    when the range is empty, reversed, or outside the text.

    ``revision`` is the revision the journalist's browser showed when the
    passage was selected. Give it: if the text was revised in the meantime,
    the offsets point into a different text, and the repair is refused
    rather than anchored to whatever words are there now.
    """
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=quote.revision.source_id)
        current = source.current_revision()
        if revision is not None and revision.pk != current.pk:
            raise ValidationError(
                "The source's text was revised after you selected this passage; select it again."
            )
        length = len(current.text)
        if start < 0:
            raise ValidationError({"start": "A quote cannot start before the beginning of the text."})
        if start >= end:
            raise ValidationError({"end": "A quote must start before it ends."})
        if end > length:
            raise ValidationError(
                {
                    "end": f"The quote ends at character {end}, "
                    f"after the end of the text ({length} characters)."
                }
            )
        _place(quote, current, start, end)
        _save(quote, by=by, reason=f"Re-selected in revision {current.number}", update_fields=_ANCHOR_FIELDS)
    return quote


def _pages_of(previous: SourceRevision | None, text: str) -> list[int]:
    """A paged text's page starts, carried from the previous revision through
    the change (a PDF's text corrected by hand keeps its page numbers)."""
    if previous is None or not previous.page_starts:
        return []
    return carry_offsets(previous.text, text, previous.page_starts) or []


def _place(quote: Quote, revision: SourceRevision, start: int, end: int) -> None:
    selectors = selectors_for(revision.text, start, end)
    quote.revision = revision
    quote.start, quote.end = selectors.start, selectors.end
    quote.exact, quote.prefix, quote.suffix = selectors.exact, selectors.prefix, selectors.suffix
    quote.orphaned = False


def _save(
    instance: SourceRevision | Quote, *, by: User | None, reason: str, update_fields: list[str] | None = None
) -> None:
    """Save, telling django-simple-history who made the change and why, as
    its documentation describes (``_history_user`` and ``_change_reason`` on
    the instance). The attributes are removed afterwards so that a later,
    unrelated save of the same object is not credited to this change."""
    if by is not None:
        instance._history_user = by
    instance._change_reason = reason
    try:
        instance.save(update_fields=update_fields)
    finally:
        instance.__dict__.pop("_history_user", None)
        instance.__dict__.pop("_change_reason", None)
