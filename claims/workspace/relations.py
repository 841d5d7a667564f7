"""A claim's relations on its page: searching for the other claim, adding a
relation (or marking two claims the same from the similar claims), editing,
withdrawing and restoring it, from either end. Answers come back as the
page's ``relations`` section."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from claims.access import workspace_required
from claims.domain.editing import save_versioned
from claims.models import Claim, ClaimRelation
from claims.workspace.claim_forms import (
    DUPLICATE_RELATION,
    NewRelationForm,
    RelationForm,
    relation_candidates,
)
from claims.workspace.claim_page import (
    NEW_RELATION,
    claim_answer,
    get_claim,
    relation_prefix,
    restore_item,
    withdraw_item,
)
from claims.workspace.conflicts import at_version
from claims.workspace.responses import REFUSALS


def _get_relation(claim: Claim, relation_pk: int) -> ClaimRelation:
    """A relation of ``claim``, from either end; 404 for any other."""
    relations = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
    return get_object_or_404(relations, pk=relation_pk)


@workspace_required
@require_GET
def relation_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Radio buttons for the claims matching the words typed, but this one."""
    claim = get_claim(pk)
    query = request.GET.get(f"{NEW_RELATION}-claim_q", "").strip()
    claims = relation_candidates(query, claim) if query else []
    return render(
        request,
        "workspace/_claim_relation_results.html",
        {"prefix": NEW_RELATION, "query": query, "claims": claims, "checked": ""},
    )


def _create_relation(form: NewRelationForm, claim: Claim, request: HttpRequest) -> bool:
    """Create the relation the valid ``form`` describes; False when another
    request created the same one first (the form then says so)."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            ClaimRelation.objects.create(
                from_claim=claim,
                to_claim=data["other"],
                kind=data["kind"],
                note=data["note"],
                created_by=request.user,
            )
    except IntegrityError:
        form.add_error("other", DUPLICATE_RELATION)
        return False
    return True


@workspace_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "relations")
    form = NewRelationForm(request.POST, claim=claim)
    if not form.is_valid() or not _create_relation(form, claim, request):
        return answer.invalid(form)
    return answer.done("Relation added.")


@workspace_required
@require_POST
def same_as(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from the similar claims: mark this claim the same as another."""
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "relations")
    data = {"rel-kind": ClaimRelation.Kind.SAME_AS, "rel-other": request.POST.get("other", "")}
    form = NewRelationForm(data, claim=claim)
    if not form.is_valid() or not _create_relation(form, claim, request):
        return answer.invalid(form)
    return answer.done("Marked as the same claim.")


@workspace_required
@require_POST
def relation_edit(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    answer = claim_answer(request, claim, "relations")
    form = RelationForm(request.POST, prefix=relation_prefix(relation.pk), relation=relation)
    if not form.is_valid():
        return answer.invalid(form)
    relation.kind, relation.note = form.cleaned_data["kind"], form.cleaned_data["note"]
    try:
        save_versioned(
            relation, fields=["kind", "note"], expected_version=form.cleaned_data["version"], by=request.user
        )
    except IntegrityError:
        form.add_error("kind", DUPLICATE_RELATION)
        return answer.invalid(form)
    except REFUSALS as error:
        return answer.refused(error, form=form, again=lambda c: at_version(form, c, relation=c.instance))
    return answer.done("Relation saved.")


@workspace_required
@require_POST
def relation_withdraw(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    answer = claim_answer(request, claim, "relations")
    return withdraw_item(request, answer, relation, relation_prefix(relation.pk), "Relation withdrawn.")


@workspace_required
@require_POST
def relation_restore(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    answer = claim_answer(request, claim, "relations")
    return restore_item(request, answer, relation, relation_prefix(relation.pk), "Relation restored.")
