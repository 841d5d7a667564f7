"""Disputes in the workspace: the list, the form, and a dispute's page with
its claims side by side by stance and their figures compared.

``workspace/dispute.html`` serves the page and, for htmx, its partials:
``claims`` (the columns, the figures and the attach form, swapped after
attaching or detaching) and ``attach-results`` (the claims found while
typing).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import workspace_required
from claims.domain.disputes import (
    attach_claim,
    claims_compared,
    claims_to_attach,
    detach_claim,
    figures_compared,
    stance_columns,
)
from claims.domain.editing import EditConflict, save_versioned
from claims.models import Claim, Dispute
from claims.workspace.dispute_forms import AttachForm, DisputeForm

TEMPLATE = "workspace/dispute.html"
INVALID = 422
CONFLICT = 409


def _get_dispute(pk: int) -> Dispute:
    return get_object_or_404(Dispute, pk=pk)


@workspace_required
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    disputes = Dispute.objects.annotate(
        claim_count=Count("claims", filter=Q(claims__withdrawn_at__isnull=True))
    ).order_by("-date", "-created_at", "-pk")
    return render(request, "workspace/disputes.html", {"disputes": disputes})


@workspace_required
@require_http_methods(["GET", "POST"])
def dispute_create(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dispute = form.save(commit=False)
        dispute.created_by = request.user
        dispute._history_user = request.user
        dispute.save()
        messages.success(request, "Dispute created. Add the claims that answer its question.")
        return redirect("workspace:dispute", dispute.pk)
    status = INVALID if form.is_bound else 200
    return render(request, "workspace/dispute_form.html", {"form": form, "dispute": None}, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def dispute_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    form = DisputeForm(request.POST or None, instance=dispute)
    context = {"form": form, "dispute": dispute, "conflict": None}
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance,
                fields=["question", "date", "place", "summary"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except EditConflict as conflict:
            # Keep what was typed, and carry the version now stored: saving
            # again, after reading their changes, is a deliberate overwrite.
            form.data = form.data.copy()
            form.data["version"] = conflict.instance.version
            context["conflict"] = conflict
            return render(request, "workspace/dispute_form.html", context, status=CONFLICT)
        messages.success(request, "Dispute saved.")
        return redirect("workspace:dispute", dispute.pk)
    status = INVALID if form.is_bound else 200
    return render(request, "workspace/dispute_form.html", context, status=status)


def _page_context(dispute: Dispute, *, attach: AttachForm | None = None, message: str = "") -> dict:
    claims = claims_compared(dispute)
    if attach is None:
        attach = AttachForm(dispute=dispute, initial={"stance": ""})
    query = (attach["q"].value() or "").strip()
    return {
        "dispute": dispute,
        "claim_count": len(claims),
        "columns": stance_columns(claims),
        "quantities": figures_compared(claims),
        "attach": attach,
        "results": list(claims_to_attach(dispute, query)),
        "query": query,
        "message": message,
    }


@workspace_required
@require_GET
def dispute_page(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    # Without JavaScript, the attach form's search button comes back here
    # with the words typed, and the page shows the claims found.
    attach = None
    if "q" in request.GET:
        attach = AttachForm(dispute=dispute, initial={"q": request.GET["q"][:200]})
    return render(request, TEMPLATE, _page_context(dispute, attach=attach))


@workspace_required
@require_GET
def attach_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The claims matching the words typed, as radio buttons for the attach form."""
    dispute = _get_dispute(pk)
    query = request.GET.get("q", "").strip()[:200]
    if not request.htmx:
        return redirect(
            reverse("workspace:dispute", args=[dispute.pk]) + f"?{urlencode({'q': query})}#attach"
        )
    context = {"dispute": dispute, "results": list(claims_to_attach(dispute, query)), "query": query}
    return render(request, f"{TEMPLATE}#attach-results", context)


def _changed(request: HttpRequest, dispute: Dispute, message: str) -> HttpResponse:
    """After attaching or detaching: for htmx the claims part again, with the
    message; otherwise back to the page."""
    if request.htmx:
        return render(request, f"{TEMPLATE}#claims", _page_context(dispute, message=message))
    messages.success(request, message)
    return redirect(reverse("workspace:dispute", args=[dispute.pk]) + "#claims")


def _refused(request: HttpRequest, dispute: Dispute, attach: AttachForm, error: str = "") -> HttpResponse:
    context = _page_context(dispute, attach=attach)
    context["error"] = error
    return render(request, f"{TEMPLATE}#claims" if request.htmx else TEMPLATE, context, status=INVALID)


@workspace_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    form = AttachForm(request.POST, dispute=dispute)
    if not form.is_valid():
        return _refused(request, dispute, form)
    claim = form.cleaned_data["claim"]
    stance = form.cleaned_data["stance"]
    try:
        attach_claim(dispute=dispute, claim=claim, stance=stance, by=request.user)
    except ValidationError as error:
        return _refused(request, dispute, form, " ".join(error.messages))
    label = Claim.DisputeStance(stance).label
    return _changed(request, dispute, f"{claim.speaker.name}'s claim added under “{label}”.")


@workspace_required
@require_POST
def detach(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=claim_pk)
    try:
        detach_claim(dispute=dispute, claim=claim, by=request.user)
    except ValidationError as error:
        return _refused(request, dispute, AttachForm(dispute=dispute), " ".join(error.messages))
    return _changed(request, dispute, f"{claim.speaker.name}'s claim taken out of this dispute.")
