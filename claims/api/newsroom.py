"""The newsroom's part of the API, with a personal API token
(``claims.api.auth``): everything the workspace does, through the same
domain functions its pages call, refused as its pages refuse
(``claims.api.newsroom_answers``).

This module holds the token, sources and captures, and claims made from W3C
selectors; ``newsroom_claims`` a claim and what it is linked to,
``newsroom_verdicts`` verdicts and publication.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from claims.access import PUBLISH_CLAIM_PERMISSION, REVIEW_PERMISSION
from claims.api import newsroom_claims, newsroom_verdicts
from claims.api.auth import newsroom_token
from claims.api.newsroom_answers import (
    PAGE_SIZE,
    claim_out,
    claims_for_api,
    invalid,
    job_out,
    page_of,
    quote_out,
    refused,
    responses,
    source_out,
)
from claims.api.newsroom_schemas import (
    AppearanceIn,
    CaptureIn,
    CaptureJobOut,
    ClaimFromSelectionIn,
    ClaimOut,
    NewsroomQuoteOut,
    NewsroomRevisionOut,
    NewsroomTextPositionSelector,
    NewsroomTextQuoteSelector,
    SourceImportIn,
    SourceImportOut,
    SourceListOut,
    SourceOut,
    SpeakerIn,
    TargetIn,
    TokenOut,
)
from claims.domain.annotating import NewSpeaker, add_appearance, check_selection, create_claim_from_selection
from claims.domain.refusals import FORBIDDEN, REFUSALS
from claims.models import Claim, Speaker
from sources import importing
from sources.access import can_work_on_sources
from sources.capture import jobs
from sources.capture.forms import CaptureForm
from sources.forms import SourceImportForm
from sources.models import CaptureJob, Source, SourceRevision

router = Router(tags=["newsroom"], auth=newsroom_token)
router.add_router("", newsroom_claims.router)
router.add_router("", newsroom_verdicts.router)

SOURCES_REFUSED = "Only journalists and editors can import and list sources."


def _sources_refusal(request: HttpRequest) -> Status | None:
    # As the sources pages check (sources.access.sources_required).
    if not can_work_on_sources(request.user):
        return Status(FORBIDDEN, {"detail": SOURCES_REFUSED})
    return None


# --- The token ----------------------------------------------------------------------------


@router.get("/token", response=responses({200: TokenOut}), summary="The token and who it acts as")
def token_info(request: HttpRequest):
    token, user = request.auth, request.user
    return {
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "expires_at": token.expires_at,
        "username": user.get_username(),
        "can_review": user.has_perm(REVIEW_PERMISSION),
        "can_publish": user.has_perm(PUBLISH_CLAIM_PERMISSION),
    }


# --- Sources and captures ---------------------------------------------------------------


@router.post("/sources", response=responses({200: SourceImportOut, 201: SourceImportOut}))
def import_source(request: HttpRequest, payload: SourceImportIn):
    """Import a pasted text (plain or HTML) as a new source, checked as the
    import page checks it; the same text imported before answers 200 with
    that source."""
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    data = payload.dict()
    data["published_on"] = payload.published_on.isoformat() if payload.published_on else ""
    form = SourceImportForm(data, {})
    if not form.is_valid():
        return invalid(form.errors)
    result = importing.import_source(
        metadata=form.metadata(), text=form.cleaned_data["canonical_text"], by=request.user
    )
    source = Source.objects.prefetch_related("revisions").get(pk=result.source.pk)
    return Status((201 if result.created else 200), {"source": source_out(source), "created": result.created})


@router.get("/sources", response=responses({200: SourceListOut}))
def list_sources(request: HttpRequest, before: int | None = None, limit: int = PAGE_SIZE):
    """Every source, public or not, newest first."""
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    items, after = page_of(Source.objects.prefetch_related("revisions"), before=before, limit=limit)
    return {"items": [source_out(s) for s in items], "next": after}


@router.get("/sources/{int:pk}", response=responses({200: SourceOut}))
def get_source(request: HttpRequest, pk: int):
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    return source_out(get_object_or_404(Source.objects.prefetch_related("revisions"), pk=pk))


@router.get("/sources/{int:pk}/revisions/{int:number}", response=responses({200: NewsroomRevisionOut}))
def get_revision(request: HttpRequest, pk: int, number: int):
    """A revision's canonical text, which selectors count code points in."""
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    revision = get_object_or_404(SourceRevision.objects.select_related("source"), source_id=pk, number=number)
    current = revision.source.current_revision()
    fields = ("source_id", "number", "sha256", "note", "created_at", "text")
    return {name: getattr(revision, name) for name in fields} | {"current": current.pk == revision.pk}


@router.post("/captures", response=responses({202: CaptureJobOut}))
def capture_link(request: HttpRequest, payload: CaptureIn):
    """Capture a page by its URL in the background, as "Import from a link"
    does; follow the job with GET /captures/{pk}, then review and save it in
    the workspace."""
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    form = CaptureForm({"url": payload.url}, {})
    if not form.is_valid():
        return invalid(form.errors)
    job = jobs.start_link_capture(url=form.cleaned_data["url"], by=request.user)
    return Status(202, job_out(job))


@router.get("/captures/{int:pk}", response=responses({200: CaptureJobOut}))
def capture_state(request: HttpRequest, pk: int):
    if (refusal := _sources_refusal(request)) is not None:
        return refusal
    return job_out(get_object_or_404(CaptureJob.objects.select_related("revision"), pk=pk))


# --- Claims from W3C selectors ------------------------------------------------------------


def _selection(revision: SourceRevision, target: TargetIn) -> tuple[int, int, str]:
    """The target's position and words, checked against the revision's text
    as the reader checks a selection; ValidationError by field ``target``."""
    position = next((s for s in target.selector if isinstance(s, NewsroomTextPositionSelector)), None)
    quote = next((s for s in target.selector if isinstance(s, NewsroomTextQuoteSelector)), None)
    if position is None or quote is None:
        raise ValidationError({"target": "Give one TextPositionSelector and one TextQuoteSelector."})
    try:
        check_selection(revision=revision, start=position.start, end=position.end, exact=quote.exact)
    except ValidationError as error:
        raise ValidationError({"target": error.messages}) from None
    return position.start, position.end, quote.exact


def _speaker(given: SpeakerIn) -> Speaker | NewSpeaker:
    if given.id is None:
        return NewSpeaker(name=given.name, kind=given.kind)
    speaker = Speaker.objects.filter(pk=given.id).first()
    if speaker is None:
        raise ValidationError({"speaker": "That speaker does not exist."})
    return speaker


def _current(pk: int, number: int) -> SourceRevision:
    return get_object_or_404(SourceRevision.objects.select_related("source"), source_id=pk, number=number)


@router.post("/sources/{int:pk}/revisions/{int:number}/claims", response=responses({201: ClaimOut}))
def claim_from_selection(request: HttpRequest, pk: int, number: int, payload: ClaimFromSelectionIn):
    """A new claim whose first appearance is the passage the selectors pick
    in the revision (the source's current one), as the reader's panel makes it."""
    revision = _current(pk, number)
    try:
        start, end, exact = _selection(revision, payload.target)
        claim = create_claim_from_selection(
            revision=revision,
            start=start,
            end=end,
            exact=exact,
            text=payload.text,
            speaker=_speaker(payload.speaker),
            role=payload.speaker_role,
            claimed_on=payload.claimed_on,
            venue=payload.venue,
            by=request.user,
        )
    except REFUSALS as error:
        return refused(error, field="target")
    return Status(201, claim_out(claims_for_api().get(pk=claim.pk)))


@router.post(
    "/sources/{int:pk}/revisions/{int:number}/appearances", response=responses({201: NewsroomQuoteOut})
)
def appearance_from_selection(request: HttpRequest, pk: int, number: int, payload: AppearanceIn):
    """The passage the selectors pick as another appearance of a claim."""
    revision = _current(pk, number)
    claim = Claim.objects.active().filter(pk=payload.claim_id).first()
    if claim is None:
        return invalid({"claim_id": "That claim cannot be chosen (it may have been withdrawn)."})
    try:
        start, end, exact = _selection(revision, payload.target)
        appearance = add_appearance(
            claim=claim, revision=revision, start=start, end=end, exact=exact, by=request.user
        )
    except REFUSALS as error:
        return refused(error, field="target")
    return Status(201, quote_out(appearance.quote))
