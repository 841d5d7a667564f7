"""A claim and what it is linked to, through the newsroom's API: reading
claims (all of them, not only the published), editing a claim conflict-safe
with its ``version``, withdrawing and restoring it, and its relations,
evidence and figures, as the claim's workspace page does them
(``claims.domain.claim_parts``, ``claims.domain.editing``)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from claims.api.auth import newsroom_token
from claims.api.newsroom_answers import (
    PAGE_SIZE,
    claim_out,
    claims_for_api,
    evidence_out,
    figure_out,
    fresh_claim,
    invalid,
    page_of,
    refused,
    relation_out,
    responses,
)
from claims.api.newsroom_schemas import (
    ClaimEditIn,
    ClaimListOut,
    ClaimOut,
    EvidenceEditIn,
    EvidenceIn,
    FigureIn,
    NewsroomEvidenceOut,
    NewsroomFigureOut,
    NewsroomRelationOut,
    RelationEditIn,
    RelationIn,
    RestoreIn,
    WithdrawIn,
)
from claims.domain import claim_parts, editing
from claims.domain.refusals import REFUSALS
from claims.models import Claim, ClaimRelation, Dispute, Evidence, Figure, Speaker
from sources.models import Source

router = Router(tags=["newsroom"], auth=newsroom_token)


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim, pk=pk)


def _linked(model, claim_fields: dict, pk: int, given: str):
    """The row of ``model`` an id in the body names, or a 422 for ``given``."""
    found = model.objects.filter(pk=pk, **claim_fields).first()
    if found is None:
        raise LookupError(given)
    return found


# --- Claims -------------------------------------------------------------------------------


@router.get("/claims", response=responses({200: ClaimListOut}))
def list_claims(
    request: HttpRequest, before: int | None = None, limit: int = PAGE_SIZE, withdrawn: bool = False
):
    """Every claim, published or not, newest first; withdrawn ones with ``withdrawn=true``."""
    claims = claims_for_api() if withdrawn else claims_for_api().filter(withdrawn_at__isnull=True)
    items, after = page_of(claims, before=before, limit=limit)
    return {"items": [claim_out(c) for c in items], "next": after}


@router.get("/claims/{int:pk}", response=responses({200: ClaimOut}))
def get_claim(request: HttpRequest, pk: int):
    return claim_out(get_object_or_404(claims_for_api(), pk=pk))


def _claim_fields(payload: ClaimEditIn) -> dict:
    """The claim's fields the body changes, as model values; LookupError
    naming the id that names nothing."""
    given = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {}
    for name, value in given.items():
        if name == "speaker_id":
            fields["speaker"] = _linked(Speaker, {}, value, "speaker_id") if value else None
        elif name == "dispute_id":
            fields["dispute"] = _linked(Dispute, {}, value, "dispute_id") if value else None
        else:
            fields[name] = "" if value is None and name != "claimed_on" else value
    return fields


@router.patch("/claims/{int:pk}", response=responses({200: ClaimOut}))
def edit_claim(request: HttpRequest, pk: int, payload: ClaimEditIn):
    """Change the fields given, if the claim is still at ``version``; else
    409 with the version now stored and what the other person changed."""
    claim = _claim(pk)
    try:
        fields = _claim_fields(payload)
    except LookupError as missing:
        return invalid({str(missing): "There is nothing with this id."})
    if fields.get("speaker", claim.speaker) is None:
        return invalid({"speaker_id": "A claim needs a speaker."})
    try:
        claim_parts.edit_claim(claim=claim, fields=fields, expected_version=payload.version, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return fresh_claim(claim.pk)


@router.post("/claims/{int:pk}/withdraw", response=responses({200: ClaimOut}))
def withdraw_claim(request: HttpRequest, pk: int, payload: WithdrawIn):
    claim = _claim(pk)
    try:
        editing.withdraw(claim, reason=payload.reason, expected_version=payload.version, by=request.user)
    except REFUSALS as error:
        return refused(error, field="reason")
    return fresh_claim(claim.pk)


@router.post("/claims/{int:pk}/restore", response=responses({200: ClaimOut}))
def restore_claim(request: HttpRequest, pk: int, payload: RestoreIn):
    claim = _claim(pk)
    try:
        editing.restore(claim, expected_version=payload.version, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return fresh_claim(claim.pk)


# --- Relations ----------------------------------------------------------------------------


def _relation(claim: Claim, relation_pk: int) -> ClaimRelation:
    """A relation of ``claim``, from either end."""
    relations = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
    return get_object_or_404(relations, pk=relation_pk)


@router.post("/claims/{int:pk}/relations", response=responses({201: NewsroomRelationOut}))
def add_relation(request: HttpRequest, pk: int, payload: RelationIn):
    """``this claim <kind> other``: contradicts, supports, qualifies, responds to, same as."""
    claim = _claim(pk)
    other = Claim.objects.filter(pk=payload.other_id).first()
    if other is None:
        return invalid({"other_id": "There is no claim with this id."})
    try:
        relation = claim_parts.add_relation(
            claim=claim, other=other, kind=payload.kind, note=payload.note, by=request.user
        )
    except REFUSALS as error:
        return refused(error)
    return Status(201, relation_out(relation))


@router.patch("/claims/{int:pk}/relations/{int:relation_pk}", response=responses({200: NewsroomRelationOut}))
def edit_relation(request: HttpRequest, pk: int, relation_pk: int, payload: RelationEditIn):
    relation = _relation(_claim(pk), relation_pk)
    try:
        claim_parts.edit_relation(
            relation=relation,
            kind=payload.kind,
            note=payload.note,
            expected_version=payload.version,
            by=request.user,
        )
    except REFUSALS as error:
        return refused(error)
    return relation_out(relation)


# --- Evidence -----------------------------------------------------------------------------


def _evidence_fields(payload: EvidenceIn | EvidenceEditIn) -> dict:
    fields = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "source_id" in fields:
        source_id = fields.pop("source_id")
        fields["source"] = _linked(Source, {}, source_id, "source_id") if source_id else None
    return fields


@router.post("/claims/{int:pk}/evidence", response=responses({201: NewsroomEvidenceOut}))
def add_evidence(request: HttpRequest, pk: int, payload: EvidenceIn):
    """Evidence bearing on the claim: a source in Counterclaim or a URL, not
    both; its description is limited HTML, sanitized when saved."""
    claim = _claim(pk)
    try:
        fields = {"url": "", **_evidence_fields(payload)}
    except LookupError as missing:
        return invalid({str(missing): "There is nothing with this id."})
    try:
        evidence = claim_parts.add_evidence(claim=claim, fields=fields, by=request.user)
    except REFUSALS as error:
        return refused(error)
    return Status(201, evidence_out(evidence))


@router.patch("/claims/{int:pk}/evidence/{int:evidence_pk}", response=responses({200: NewsroomEvidenceOut}))
def edit_evidence(request: HttpRequest, pk: int, evidence_pk: int, payload: EvidenceEditIn):
    evidence = get_object_or_404(Evidence, claim=_claim(pk), pk=evidence_pk)
    try:
        fields = _evidence_fields(payload)
    except LookupError as missing:
        return invalid({str(missing): "There is nothing with this id."})
    try:
        claim_parts.edit_evidence(
            evidence=evidence, fields=fields, expected_version=payload.version, by=request.user
        )
    except REFUSALS as error:
        return refused(error)
    return evidence_out(evidence)


# --- Figures ------------------------------------------------------------------------------


def _figure_fields(claim: Claim, payload: FigureIn) -> dict:
    fields = payload.model_dump(exclude={"quote_id"})
    fields["quote"] = claim_parts.quote_of(claim, payload.quote_id)
    return fields


@router.post("/claims/{int:pk}/figures", response=responses({201: NewsroomFigureOut}))
def add_figure(request: HttpRequest, pk: int, payload: FigureIn):
    """A quantity the claim asserts: one ``value``, or a ``minimum`` and a ``maximum``."""
    claim = _claim(pk)
    try:
        figure = claim_parts.add_figure(claim=claim, fields=_figure_fields(claim, payload), by=request.user)
    except REFUSALS as error:
        return refused(error)
    return Status(201, figure_out(figure))


@router.put("/claims/{int:pk}/figures/{int:figure_pk}", response=responses({200: NewsroomFigureOut}))
def correct_figure(request: HttpRequest, pk: int, figure_pk: int, payload: FigureIn):
    """Correct a figure, all of it (figures have no version and are never
    withdrawn, as on the claim's page)."""
    claim = _claim(pk)
    figure = get_object_or_404(Figure, claim=claim, pk=figure_pk)
    try:
        claim_parts.edit_figure(figure=figure, fields=_figure_fields(claim, payload), by=request.user)
    except REFUSALS as error:
        return refused(error)
    return figure_out(figure)
