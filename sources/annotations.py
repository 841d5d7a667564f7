"""Quotes and W3C Web Annotation targets, both ways: a quote's target as the
Web Annotation Data Model writes it, and annotations read back from a file
into quotes on the sources here (``manage.py import_annotations``).

The target names the text the selectors count in: a revision's canonical
plain text, by its SHA-256 as an RFC 6920 ``ni:`` URI
(``dcterms:identifier``; the annotation context defines the ``dcterms``
prefix), beside the source's address. That is what lets an import find the
same text again when the address is no help (a pasted source has none, and
its public page's address holds a database id).

Reading back, a file is refused whole, before anything is written, when it
is too large, is not JSON, holds too many annotations, or any annotation is
malformed (each problem reported with the annotation's number). Then each
annotation is placed:

1. **which text**: the revision with the target's SHA-256; else the current
   revision of the source at the target's address; else the current text of
   a source that holds the exact words, when only one does where they anchor;
2. **where in it**: ``sources.anchoring.reanchor`` (the stored position, then
   the words with their prefix and suffix). An approximate match is not
   accepted: an import re-creates quotes of the words as written.

A quote already at that place in that revision is not made twice, so an
import can be run again. Annotations that cannot be placed are reported and
the others are imported, in one transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from sources.anchoring import Selectors, reanchor
from sources.models import SELECTOR_CONTEXT, Quote, Source, SourceRevision

Json = dict[str, Any]

# Bounds on what an import reads: a file this size holds some 100,000
# annotations of a few KB each, more than any newsroom's quotes.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ANNOTATIONS = 200_000
MAX_EXACT = 20_000  # code points: a long paragraph, many times over
MAX_PROBLEMS_SHOWN = 20
# Sources whose current text holds a quote's words, tried when nothing else
# names its text; past this many, the words are too common to tell.
TEXT_CANDIDATES = 10

_NI_PREFIX = "ni:///sha-256;"


class AnnotationsRefused(Exception):
    """The file cannot be imported; nothing was written. ``problems`` lists why."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.args[0], *self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"… and {len(self.problems) - MAX_PROBLEMS_SHOWN} more.")
        return "\n".join(lines)


# --- Writing --------------------------------------------------------------------------


def timestamp(moment: dt.datetime) -> str:
    """An ``xsd:dateTime`` in UTC to the second, as the model's examples write it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_identifier(sha256_hex: str) -> str:
    """The RFC 6920 Named Information URI of a text with this SHA-256."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).rstrip(b"=").decode("ascii")
    return _NI_PREFIX + digest


def sha256_of_identifier(identifier: object) -> str | None:
    """The hexadecimal SHA-256 in an ``ni:`` URI as ``text_identifier`` writes it, or None."""
    if not isinstance(identifier, str) or not identifier.startswith(_NI_PREFIX):
        return None
    encoded = identifier.removeprefix(_NI_PREFIX)
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        return None
    return raw.hex() if len(raw) == 32 else None


def selectors(quote: Quote) -> list[Json]:
    return [
        {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix},
        {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
    ]


def target(quote: Quote, *, source_iri: str) -> Json:
    """The passage as a ``SpecificResource``: ``source_iri`` (the source's
    address) with both selectors over one revision's text, that text's
    identifier and language, and a ``TimeState`` for when the revision was
    made. Reads ``quote.revision.source``, not the revision's text."""
    revision = quote.revision
    return {
        "type": "SpecificResource",
        "source": {
            "id": source_iri,
            "type": "Text",
            "language": revision.source.language,
            "dcterms:identifier": text_identifier(revision.sha256),
        },
        "state": {"type": "TimeState", "sourceDate": timestamp(revision.created_at)},
        "selector": selectors(quote),
    }


# --- Reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRef:
    """What an annotation says of its passage: the source's address, the
    text's SHA-256 when given, and the selectors (a missing position is 0:0)."""

    number: int
    source_iri: str
    sha256: str | None
    selectors: Selectors


def _types(node: Json) -> list:
    kind = node.get("type", node.get("@type"))
    return kind if isinstance(kind, list) else [kind]


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def annotations_in(document: object) -> list:
    """The annotations of a parsed file: an ``AnnotationCollection`` whose
    first page is embedded whole (what ``export_annotations`` writes), an
    ``AnnotationPage``, one ``Annotation``, or a JSON list of annotations."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise AnnotationsRefused("The file holds neither annotations nor a collection of them.")
    kinds = _types(document)
    if "Annotation" in kinds:
        return [document]
    if "AnnotationCollection" in kinds:
        first = document.get("first")
        if not isinstance(first, dict) or "next" in first:
            raise AnnotationsRefused(
                "This collection's annotations are on pages elsewhere; import a file that holds "
                "them all (manage.py export_annotations writes one)."
            )
        document = first
    if "AnnotationPage" in _types(document) and isinstance(document.get("items"), list):
        return document["items"]
    raise AnnotationsRefused("The file holds neither annotations nor a collection of them.")


def _selector_of(target: Json, kind: str) -> Json | None:
    found = [s for s in _as_list(target.get("selector")) if isinstance(s, dict) and kind in _types(s)]
    return found[0] if found else None


def _quote_selector(target: Json) -> tuple[str, str, str]:
    quote = _selector_of(target, "TextQuoteSelector")
    if quote is None:
        raise ValueError("its target has no TextQuoteSelector")
    exact, prefix, suffix = quote.get("exact"), quote.get("prefix", ""), quote.get("suffix", "")
    if not isinstance(exact, str) or not exact:
        raise ValueError("its TextQuoteSelector has no exact words")
    if len(exact) > MAX_EXACT:
        raise ValueError(f"its quote is longer than {MAX_EXACT:,} characters")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise ValueError("its TextQuoteSelector's prefix and suffix must be text")
    # Only the context next to the quote counts; the stored one is recomputed.
    return exact, prefix[-SELECTOR_CONTEXT * 4 :], suffix[: SELECTOR_CONTEXT * 4]


def _position_selector(target: Json, exact: str) -> tuple[int, int]:
    position = _selector_of(target, "TextPositionSelector")
    if position is None:
        return 0, 0
    start, end = position.get("start"), position.get("end")
    valid = all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (start, end))
    if not valid or start >= end:
        raise ValueError("its TextPositionSelector needs a start before its end, counted from 0")
    if end - start != len(exact):
        raise ValueError("its TextPositionSelector does not span its exact words")
    return start, end


def read_target(number: int, item: object) -> TargetRef:
    """The passage annotation ``number`` targets; ValueError says what is wrong."""
    if not isinstance(item, dict) or "Annotation" not in _types(item):
        raise ValueError("it is not an Annotation")
    found = [t for t in _as_list(item.get("target")) if isinstance(t, dict) and "source" in t]
    if not found:
        raise ValueError("it has no target with a source and selectors")
    node = found[0]
    source = node["source"]
    iri = source.get("id", "") if isinstance(source, dict) else source
    if not isinstance(iri, str) or len(iri) > 2000:
        raise ValueError("its target's source is not an address")
    sha = sha256_of_identifier(source.get("dcterms:identifier")) if isinstance(source, dict) else None
    exact, prefix, suffix = _quote_selector(node)
    start, end = _position_selector(node, exact)
    return TargetRef(number, iri, sha, Selectors(exact, prefix, suffix, start, end))


def read_file(raw: bytes) -> list[TargetRef]:
    """Every annotation of a file's bytes, or AnnotationsRefused with each problem."""
    if len(raw) > MAX_FILE_BYTES:
        raise AnnotationsRefused(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnnotationsRefused("The file is not UTF-8 text.") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise AnnotationsRefused(f"The file is not JSON: {str(error)[:200]}") from None
    items = annotations_in(document)
    if len(items) > MAX_ANNOTATIONS:
        raise AnnotationsRefused(f"The file holds more than {MAX_ANNOTATIONS:,} annotations.")
    refs, problems = [], []
    for number, item in enumerate(items, start=1):
        try:
            refs.append(read_target(number, item))
        except ValueError as error:
            problems.append(f"Annotation {number}: {error}.")
    if problems:
        raise AnnotationsRefused("Nothing was imported: the file has malformed annotations.", problems)
    return refs


# --- Placing --------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    unplaced: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def quotes(n: int) -> str:
            return f"{n} quote{'' if n == 1 else 's'}"

        lines = [f"Imported {quotes(self.created)}; {quotes(self.existing)} already here left as they were."]
        if self.unplaced:
            lines.append(f"{len(self.unplaced)} could not be placed:")
            lines.extend(self.unplaced)
        return "\n".join(lines)


def _anchored(ref: TargetRef, revision: SourceRevision) -> tuple[int, int] | None:
    anchor = reanchor(ref.selectors, revision.text)
    if anchor is None or anchor.method == "fuzzy":
        return None
    return anchor.start, anchor.end


def _by_text(ref: TargetRef) -> SourceRevision | None:
    candidates = list(
        SourceRevision.objects.current().filter(text__contains=ref.selectors.exact)[: TEXT_CANDIDATES + 1]
    )
    placed = [revision for revision in candidates if _anchored(ref, revision) is not None]
    return placed[0] if len(placed) == 1 and len(candidates) <= TEXT_CANDIDATES else None


class _Texts:
    """Which revision an annotation's passage is in, each address and
    SHA-256 looked up once however many annotations name it."""

    def __init__(self) -> None:
        self.by_sha: dict[str, SourceRevision | None] = {}
        self.by_iri: dict[str, SourceRevision | None] = {}

    def revision_for(self, ref: TargetRef) -> SourceRevision | None:
        if ref.sha256:
            if ref.sha256 not in self.by_sha:
                self.by_sha[ref.sha256] = SourceRevision.objects.filter(sha256=ref.sha256).first()
            if self.by_sha[ref.sha256] is not None:
                return self.by_sha[ref.sha256]
        if ref.source_iri.startswith(("http://", "https://")):
            if ref.source_iri not in self.by_iri:
                source = Source.objects.filter(url=ref.source_iri).order_by("pk").first()
                self.by_iri[ref.source_iri] = source.current_revision() if source else None
            if self.by_iri[ref.source_iri] is not None:
                return self.by_iri[ref.source_iri]
        return _by_text(ref)


def import_quotes(refs: list[TargetRef]) -> ImportReport:
    """Make a quote for each of ``refs`` on the text it is found in, in one
    transaction; see the module's docstring for how each is placed."""
    report, texts = ImportReport(), _Texts()
    with transaction.atomic():
        for ref in refs:
            revision = texts.revision_for(ref)
            place = _anchored(ref, revision) if revision is not None else None
            if place is None:
                why = "its words are not in it" if revision else "no source here has the text it quotes"
                report.unplaced.append(f"Annotation {ref.number} ({ref.source_iri}): {why}.")
                continue
            if Quote.objects.filter(revision=revision, start=place[0], end=place[1]).exists():
                report.existing += 1
                continue
            quote = Quote.from_position(revision, *place)
            quote.full_clean()
            quote.save()
            report.created += 1
    return report
