"""A claim's figures on its page: adding and correcting them. Figures have
no version and no withdrawal: a wrong figure is corrected, never deleted.
Answers come back as the page's ``figures`` section."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from claims.access import workspace_required
from claims.models import Figure
from claims.workspace.claim_forms import FigureForm
from claims.workspace.claim_page import (
    NEW_FIGURE,
    claim_answer,
    figure_prefix,
    get_claim,
)


@workspace_required
@require_POST
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    answer = claim_answer(request, claim, "figures")
    form = FigureForm(request.POST, prefix=NEW_FIGURE, claim=claim)
    if not form.is_valid():
        return answer.invalid(form)
    with transaction.atomic():
        form.save()
    return answer.done("Figure added.")


@workspace_required
@require_POST
def figure_edit(request: HttpRequest, pk: int, figure_pk: int) -> HttpResponse:
    claim = get_claim(pk)
    figure = get_object_or_404(Figure, claim=claim, pk=figure_pk)
    answer = claim_answer(request, claim, "figures")
    form = FigureForm(request.POST, prefix=figure_prefix(figure.pk), instance=figure, claim=claim)
    if not form.is_valid():
        return answer.invalid(form)
    with transaction.atomic():
        form.save()
    return answer.done("Figure saved.")
