"""How the newsroom's API answers: a refusal from the domain with the status
the pages give it (``claims.domain.refusals``) and its messages by field,
and each object as its schema in ``newsroom_schemas`` shows it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from ninja import Status

from claims.api.newsroom_schemas import ErrorOut
from claims.domain.editing import EditConflict
from claims.domain.refusals import INVALID, refusal_status
from claims.domain.verdict_rules import TransitionRefused
from claims.models import Appearance, Claim, ClaimRelation, Evidence, Figure, Verdict
from sources.models import CaptureJob, Quote, Source

# Every error an endpoint may answer with, for the OpenAPI document: 400 for
# a body that is not JSON, 401 and 429 from the token and the throttles, 404
# for an id that is not there.
REFUSED: dict[int, type] = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422, 429)}
# The domain names a field as the model does; the API's bodies by its id.
FIELD_NAMES = {
    "other": "other_id",
    "source": "source_id",
    "quote": "quote_id",
    "speaker": "speaker",
    "dispute": "dispute_id",
    "rating": "rating_id",
    "evidence": "evidence_ids",
}
WHOLE = "__all__"
PAGE_SIZE = 50


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    return ok | REFUSED


def invalid(errors: dict[str, list[str] | str]) -> Status:
    """422 with ``errors`` by field."""
    by_field = {FIELD_NAMES.get(k, k): [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
    detail = " ".join(message for messages in by_field.values() for message in messages)
    return Status(INVALID, {"detail": detail, "errors": by_field})


def refused(error: Exception, *, field: str = WHOLE) -> Status:
    """The answer to a refusal: a plain ``ValidationError``'s messages go
    under ``field``; anything that is not a refusal is raised again."""
    status = refusal_status(error)
    if isinstance(error, EditConflict):
        changes = [{"field": c.label, "before": c.before, "after": c.after} for c in error.changes]
        current = error.instance.version
        return Status(status, {"detail": error.message, "version": current, "changes": changes})
    if isinstance(error, TransitionRefused):
        return Status(status, {"detail": error.message})
    if isinstance(error, PermissionDenied):
        return Status(status, {"detail": str(error) or "You are not allowed to do this."})
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        return invalid(error.message_dict)
    return invalid({field: error.messages})


def page_of(objects, *, before: int | None, limit: int) -> tuple[list, int | None]:
    """A page of ``objects``, newest (highest id) first, below the id
    ``before``, and the ``before`` of the next page (None on the last): the
    page stays put while new rows are added."""
    limit = max(1, min(limit, PAGE_SIZE))
    objects = objects.order_by("-pk")
    if before is not None:
        objects = objects.filter(pk__lt=before)
    items = list(objects[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return items, (items[-1].pk if more else None)


# --- Objects as the schemas show them ---------------------------------------------------


def source_out(source: Source) -> dict:
    revisions = sorted(source.revisions.all(), key=lambda r: r.number)
    return {
        **{name: getattr(source, name) for name in ("id", "title", "kind", "outlet", "url", "authors")},
        "language": source.language,
        "published_on": source.published_on,
        "created_at": source.created_at,
        "revisions": [
            {"number": r.number, "sha256": r.sha256, "note": r.note, "created_at": r.created_at}
            for r in revisions
        ],
    }


def job_out(job: CaptureJob) -> dict:
    fields = (
        "id",
        "kind",
        "state",
        "url",
        "message",
        "failure_code",
        "source_id",
        "created_at",
        "updated_at",
    )
    out = {name: getattr(job, name) for name in fields}
    out["revision_number"] = job.revision.number if job.revision_id else None
    return out


def quote_out(quote: Quote) -> dict:
    fields = ("id", "start", "end", "exact", "prefix", "suffix", "orphaned")
    out = {name: getattr(quote, name) for name in fields}
    out |= {"source_id": quote.revision.source_id, "revision_number": quote.revision.number}
    return out


def relation_out(relation: ClaimRelation) -> dict:
    fields = ("id", "version", "from_claim_id", "to_claim_id", "kind", "note")
    return {name: getattr(relation, name) for name in fields} | {"withdrawn": relation.is_withdrawn}


def evidence_out(evidence: Evidence) -> dict:
    fields = ("id", "version", "claim_id", "stance", "kind", "title", "source_id", "url", "description")
    out = {name: getattr(evidence, name) for name in fields}
    return out | {"reliability": evidence.reliability, "withdrawn": evidence.is_withdrawn}


def figure_out(figure: Figure) -> dict:
    fields = ("id", "claim_id", "counted", "qualifier", "value", "minimum", "maximum", "unit", "quote_id")
    return {name: getattr(figure, name) for name in fields}


def rating_out(rating) -> dict:
    fields = ("id", "label", "slug", "description", "order", "rating_value")
    return {name: getattr(rating, name) for name in fields}


def verdict_out(verdict: Verdict) -> dict:
    fields = (
        "id",
        "version",
        "claim_id",
        "state",
        "rationale",
        "rejection_reason",
        "submitted_at",
        "decided_at",
    )
    out = {name: getattr(verdict, name) for name in fields}
    return out | {
        "rating": rating_out(verdict.rating),
        "evidence_ids": sorted(e.pk for e in verdict.evidence.all()),
        "author": verdict.author.get_username(),
    }


def claims_for_api():
    """Claims with everything ``claim_out`` shows, in a fixed number of queries."""
    return Claim.objects.select_related("speaker").prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.select_related("quote__revision")),
        "evidence",
        "figures",
        "relations_out",
        "relations_in",
        Prefetch(
            "verdicts",
            queryset=Verdict.objects.select_related("rating", "author").prefetch_related("evidence"),
        ),
    )


def claim_out(claim: Claim) -> dict:
    fields = (
        "id",
        "version",
        "text",
        "speaker_role",
        "claimed_on",
        "venue",
        "dispute_id",
        "dispute_stance",
        "published_at",
        "withdrawn_at",
        "withdrawn_reason",
        "created_at",
        "updated_at",
    )
    relations = sorted([*claim.relations_out.all(), *claim.relations_in.all()], key=lambda r: r.pk)
    return {name: getattr(claim, name) for name in fields} | {
        "speaker": {"id": claim.speaker.pk, "name": claim.speaker.name, "kind": claim.speaker.kind},
        "appearances": [quote_out(a.quote) for a in claim.appearances.all()],
        "relations": [relation_out(r) for r in relations],
        "evidence": [evidence_out(e) for e in claim.evidence.all()],
        "figures": [figure_out(f) for f in claim.figures.all()],
        "verdicts": [verdict_out(v) for v in claim.verdicts.all()],
    }


def fresh_claim(pk: int) -> dict:
    """The claim as stored now, as ``claim_out`` shows it."""
    return claim_out(claims_for_api().get(pk=pk))
