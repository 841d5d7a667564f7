"""The typed bodies of the newsroom's API: what each endpoint takes and
gives. They check types and sizes (so the OpenAPI document says them); the
rules are the domain's, which answers with errors by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from claims.domain.annotating import MAX_QUOTE_LENGTH
from claims.domain.limits import (
    MAX_CLAIM_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_RATIONALE_LENGTH,
    MAX_SELECTION_LENGTH,
    MAX_VERDICT_EVIDENCE,
)
from claims.models import Claim, ClaimRelation, Evidence, Figure, Speaker, Verdict
from sources.models import CaptureJob, Source

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version the object was read at.")]
Reason = Annotated[str, Field(max_length=2000)]

# --- Errors -------------------------------------------------------------------------------


class ChangeOut(Schema):
    field: str
    before: str
    after: str


class ErrorOut(Schema):
    """Every refusal: a sentence, the messages by field (``__all__`` for the
    request as a whole) and, for a conflict, the version now stored and
    what the other person changed."""

    detail: str
    errors: dict[str, list[str]] = {}
    version: int | None = None
    changes: list[ChangeOut] = []


# --- The token --------------------------------------------------------------------------


class TokenOut(Schema):
    name: str
    prefix: str
    scope: str
    expires_at: dt.datetime | None
    username: str
    can_review: bool = Field(description="Whether the owner approves and rejects verdicts (an editor).")
    can_publish: bool


# --- Sources ------------------------------------------------------------------------------


class SourceImportIn(Schema):
    title: str = Field(max_length=300)
    kind: Source.Kind = Source.Kind.ARTICLE
    outlet: str = Field("", max_length=200)
    url: str = Field("", max_length=2000)
    authors: str = Field("", max_length=500)
    language: str = Field("en", max_length=12)
    published_on: dt.date | None = None
    text: str = Field(description="The text, plain or HTML as ``text_format`` says.")
    text_format: Literal["plain", "html"] = "plain"


class RevisionSummaryOut(Schema):
    number: int
    sha256: str
    note: str
    created_at: dt.datetime


class SourceOut(Schema):
    id: int
    title: str
    kind: str
    outlet: str
    url: str
    authors: str
    language: str
    published_on: dt.date | None
    created_at: dt.datetime
    revisions: list[RevisionSummaryOut]


class SourceImportOut(Schema):
    source: SourceOut
    created: bool = Field(description="False when the same text had been imported before.")


class SourceListOut(Schema):
    items: list[SourceOut]
    next: int | None = Field(description="Pass as ``before`` for the next page; null on the last.")


class NewsroomRevisionOut(Schema):
    source_id: int
    number: int
    sha256: str
    note: str
    created_at: dt.datetime
    current: bool
    text: str


class CaptureIn(Schema):
    url: str = Field(max_length=2000)


class CaptureJobOut(Schema):
    id: int
    kind: CaptureJob.Kind
    state: CaptureJob.State
    url: str
    message: str
    failure_code: str
    source_id: int | None
    revision_number: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


# --- W3C selectors ---------------------------------------------------------------------


class NewsroomTextPositionSelector(Schema):
    type: Literal["TextPositionSelector"]
    start: int = Field(ge=0, le=2**31 - 1, description="Unicode code points from the start of the text.")
    end: int = Field(ge=0, le=2**31 - 1)


class NewsroomTextQuoteSelector(Schema):
    type: Literal["TextQuoteSelector"]
    exact: str = Field(min_length=1, max_length=MAX_SELECTION_LENGTH)
    prefix: str = Field("", max_length=MAX_QUOTE_LENGTH)
    suffix: str = Field("", max_length=MAX_QUOTE_LENGTH)


Selector = Annotated[NewsroomTextPositionSelector | NewsroomTextQuoteSelector, Field(discriminator="type")]


class TargetIn(Schema):
    """A W3C Web Annotation target's selectors over the revision's text:
    one NewsroomTextPositionSelector, which says where, and one NewsroomTextQuoteSelector,
    whose ``exact`` must be the text there."""

    selector: list[Selector] = Field(min_length=2, max_length=2)


class SpeakerIn(Schema):
    """An existing speaker by ``id``, or one by ``name`` (used if a speaker
    of that name exists, else created with ``kind``)."""

    id: Id | None = None
    name: str = Field("", max_length=200)
    kind: Speaker.Kind = Speaker.Kind.PERSON


class ClaimFromSelectionIn(Schema):
    target: TargetIn
    text: str = Field(max_length=MAX_CLAIM_LENGTH, description="The claim in the newsroom's wording.")
    speaker: SpeakerIn
    speaker_role: str = Field("", max_length=200)
    claimed_on: dt.date | None = None
    venue: str = Field("", max_length=300)


class AppearanceIn(Schema):
    claim_id: Id
    target: TargetIn


# --- Claims and what they are linked to ---------------------------------------------------


class NewsroomSpeakerOut(Schema):
    id: int
    name: str
    kind: str


class NewsroomQuoteOut(Schema):
    id: int
    source_id: int
    revision_number: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    orphaned: bool


class NewsroomRelationOut(Schema):
    id: int
    version: int
    from_claim_id: int
    to_claim_id: int
    kind: ClaimRelation.Kind
    note: str
    withdrawn: bool


class NewsroomEvidenceOut(Schema):
    id: int
    version: int
    claim_id: int
    stance: Evidence.Stance
    kind: Evidence.Kind
    title: str
    source_id: int | None
    url: str
    description: str
    reliability: Evidence.Reliability
    withdrawn: bool


class NewsroomFigureOut(Schema):
    id: int
    claim_id: int
    counted: str
    qualifier: Figure.Qualifier
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str
    quote_id: int | None


class NewsroomRatingOut(Schema):
    id: int
    label: str
    slug: str
    description: str
    order: int
    rating_value: int | None


class NewsroomVerdictOut(Schema):
    id: int
    version: int
    claim_id: int
    state: Verdict.State
    rating: NewsroomRatingOut
    rationale: str
    evidence_ids: list[int]
    author: str
    rejection_reason: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None


class ClaimOut(Schema):
    id: int
    version: int
    text: str
    speaker: NewsroomSpeakerOut
    speaker_role: str
    claimed_on: dt.date | None
    venue: str
    dispute_id: int | None
    dispute_stance: str
    published_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime
    appearances: list[NewsroomQuoteOut]
    relations: list[NewsroomRelationOut]
    evidence: list[NewsroomEvidenceOut]
    figures: list[NewsroomFigureOut]
    verdicts: list[NewsroomVerdictOut]


class ClaimListOut(Schema):
    items: list[ClaimOut]
    next: int | None


class ClaimEditIn(Schema):
    """The fields to change; those left out keep their values."""

    version: Version
    text: str | None = Field(None, min_length=1, max_length=MAX_CLAIM_LENGTH)
    speaker_id: Id | None = None
    speaker_role: str | None = Field(None, max_length=200)
    claimed_on: dt.date | None = None
    venue: str | None = Field(None, max_length=300)
    dispute_id: Id | None = None
    dispute_stance: Claim.DisputeStance | Literal[""] | None = None


class WithdrawIn(Schema):
    version: Version
    reason: Reason


class RestoreIn(Schema):
    version: Version


class RelationIn(Schema):
    other_id: Id
    kind: ClaimRelation.Kind
    note: str = Field("", max_length=MAX_NOTE_LENGTH)


class RelationEditIn(Schema):
    version: Version
    kind: ClaimRelation.Kind
    note: str = Field("", max_length=MAX_NOTE_LENGTH)


class EvidenceIn(Schema):
    stance: Evidence.Stance
    kind: Evidence.Kind
    title: str = Field(max_length=300)
    source_id: Id | None = None
    url: str = Field("", max_length=2000)
    description: str = Field("", max_length=MAX_DESCRIPTION_LENGTH)
    reliability: Evidence.Reliability = Evidence.Reliability.F


class EvidenceEditIn(Schema):
    version: Version
    stance: Evidence.Stance | None = None
    kind: Evidence.Kind | None = None
    title: str | None = Field(None, max_length=300)
    source_id: Id | None = None
    url: str | None = Field(None, max_length=2000)
    description: str | None = Field(None, max_length=MAX_DESCRIPTION_LENGTH)
    reliability: Evidence.Reliability | None = None


Number = Annotated[Decimal, Field(max_digits=20, decimal_places=4)]


class FigureIn(Schema):
    counted: str = Field(max_length=200)
    qualifier: Figure.Qualifier = Figure.Qualifier.EXACTLY
    value: Number | None = None
    minimum: Number | None = None
    maximum: Number | None = None
    unit: str = Field("", max_length=50)
    quote_id: Id | None = None


class VerdictIn(Schema):
    rating_id: Id
    rationale: str = Field(max_length=MAX_RATIONALE_LENGTH)
    evidence_ids: list[Id] = Field([], max_length=MAX_VERDICT_EVIDENCE)


class VerdictEditIn(VerdictIn):
    version: Version


class VerdictWithdrawIn(Schema):
    reason: Reason = ""


class RejectIn(Schema):
    reason: Reason


class NewsroomDisputeOut(Schema):
    id: int
    question: str
    published_at: dt.datetime | None
