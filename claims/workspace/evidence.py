"""A claim's evidence on its page: adding, editing, withdrawing and
restoring it. Answers come back as the page's ``evidence`` section."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from claims.access import workspace_required
from claims.domain.editing import save_versioned
from claims.models import Claim, Evidence
from claims.workspace.claim_forms import EvidenceForm
from claims.workspace.claim_page import (
    NEW_EVIDENCE,
    claim_answer,
    evidence_prefix,
    get_claim,
    restore_item,
    withdraw_item,
)
from claims.workspace.conflicts import at_version
from claims.workspace.responses import REFUSALS


def _get_evidence(claim: Claim, evidence_pk: int) -> Evidence:
    return get_object_or_404(Evidence, claim=claim, pk=evidence_pk)


@workspace_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "evidence")
    form = EvidenceForm(request.POST, prefix=NEW_EVIDENCE, instance=Evidence(claim=claim))
    if not form.is_valid():
        return answer.invalid(form)
    with transaction.atomic():
        evidence = form.save(commit=False)
        evidence.added_by = request.user
        evidence.save()
    return answer.done("Evidence added.")


@workspace_required
@require_POST
def evidence_edit(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    answer = claim_answer(request, claim, "evidence")
    form = EvidenceForm(request.POST, prefix=evidence_prefix(evidence.pk), instance=evidence, versioned=True)
    if not form.is_valid():
        return answer.invalid(form)
    try:
        save_versioned(
            form.instance,
            fields=EvidenceForm.Meta.fields,
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(
            error, form=form, again=lambda c: at_version(form, c, instance=c.instance, versioned=True)
        )
    return answer.done("Evidence saved.")


@workspace_required
@require_POST
def evidence_withdraw(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    answer = claim_answer(request, claim, "evidence")
    return withdraw_item(request, answer, evidence, evidence_prefix(evidence.pk), "Evidence withdrawn.")


@workspace_required
@require_POST
def evidence_restore(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    answer = claim_answer(request, claim, "evidence")
    return restore_item(request, answer, evidence, evidence_prefix(evidence.pk), "Evidence restored.")
