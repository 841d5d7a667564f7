"""A source's record of captures, for the pages that show it: when it was
captured, when it was last checked, whether the page is gone, and what the
outlet changed between captures, word by word."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sources.capture.diffing import Piece, counts, word_diff
from sources.models import Capture, Source, SourceRevision

# The newest changes shown with their diff; older ones are listed by date.
CHANGES_DIFFED = 5


@dataclass
class OutletChange:
    """A re-capture that found the text changed, and the revision it saved."""

    revision: SourceRevision
    capture: Capture
    previous: Capture | None
    pieces: list[Piece] | None = None  # None: not diffed (too long, or older than shown)
    removed: int = 0
    added: int = 0


@dataclass
class CaptureRecord:
    first: Capture | None = None  # the capture the source was made from
    latest: Capture | None = None  # the newest capture that read the text
    gone: Capture | None = None  # a check, newer than ``latest``, that found the page gone
    last_checked: datetime | None = None
    checks: int = 0
    changes: list[OutletChange] = field(default_factory=list)  # newest first

    @property
    def captured(self) -> bool:
        return self.latest is not None


def _used_text(capture: Capture) -> str:
    if capture.is_pdf or capture.metadata.get("used") != "whole_page":
        return capture.text
    return capture.whole_page_text


def capture_record(source: Source) -> CaptureRecord:
    """Everything the reader and the public source page say about captures,
    in a fixed number of queries."""
    captures = list(source.captures.order_by("captured_at", "pk"))
    record = CaptureRecord(checks=len(captures))
    if not captures:
        return record
    archived = [c for c in captures if not c.gone and c.archive_name]
    record.first = archived[0] if archived else None
    record.latest = archived[-1] if archived else None
    record.last_checked = captures[-1].captured_at
    if captures[-1].gone:
        record.gone = captures[-1]
    revisions = {
        r.capture_id: r
        for r in SourceRevision.objects.filter(source=source, capture__in=archived, number__gt=1).only(
            "pk", "number", "created_at", "capture_id", "note", "source_id"
        )
    }
    for index, capture in enumerate(archived):
        revision = revisions.get(capture.pk)
        if revision is not None:
            previous = archived[index - 1] if index > 0 else None
            record.changes.append(OutletChange(revision=revision, capture=capture, previous=previous))
    record.changes.reverse()
    for change in record.changes[:CHANGES_DIFFED]:
        if change.previous is not None:
            change.pieces = word_diff(_used_text(change.previous), _used_text(change.capture))
            if change.pieces is not None:
                change.removed, change.added = counts(change.pieces)
    return record
