"""Importing what a journalist pastes or uploads as a new source, once.

The text arrives already canonical (``sources.text`` makes it); importing
stores it as the source's first revision unless the same text was imported
before.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sources.models import Source, SourceRevision, text_sha256


@dataclass(frozen=True)
class ImportResult:
    source: Source
    created: bool  # False when the text had already been imported


def import_source(*, metadata: dict[str, Any], text: str, by: AbstractBaseUser) -> ImportResult:
    """Create a source with ``text`` as its first revision, unless that text
    was imported before, in which case return the source that holds it.

    ``text`` must already be canonical (the output of ``html_to_text`` or
    ``normalize_text``) and not empty, and ``metadata`` must hold valid
    ``Source`` field values (``SourceImportForm`` checks both): identical
    canonical texts are what make a duplicate. Any revision counts, so a text
    that a source was revised away from is still recognised.

    Two journalists importing the same text at the same instant could both
    create a source; nothing in the schema makes a text unique, because two
    sources may legitimately converge on the same text after revisions.
    """
    if not text.strip():
        raise ValueError("A source's text cannot be empty.")
    digest = text_sha256(text)
    with transaction.atomic():
        existing = (
            SourceRevision.objects.filter(sha256=digest).select_related("source").order_by("pk").first()
        )
        if existing is not None:
            return ImportResult(source=existing.source, created=False)
        source = Source(**metadata, created_by=by)
        source._history_user = by  # recorded in the history even outside a request
        source.save()
        revision = SourceRevision(source=source, number=1, text=text, created_by=by)
        revision._history_user = by
        revision.save()
    return ImportResult(source=source, created=True)
