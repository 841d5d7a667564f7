"""Disputes in the workspace: the list, the form, and a dispute's page with
its claims side by side by stance and their figures compared, where editors
publish and unpublish the dispute.

``workspace/dispute.html`` serves the page and, for htmx, its partials:
``claims`` (the columns, the figures and the attach form, swapped after
attaching or detaching), ``attach-results`` (the claims found while typing)
and ``publication`` (the status bar with the publish button).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import PUBLISH_DISPUTE_PERMISSION, require_permission, workspace_required
from claims.domain import workflow
from claims.domain.disputes import (
    attach_claim,
    claims_compared,
    claims_to_attach,
    detach_claim,
    figures_compared,
    stance_columns,
)
from claims.domain.editing import save_versioned
from claims.models import Claim, Dispute
from claims.workspace.conflicts import at_version
from claims.workspace.dispute_forms import AttachForm, DisputeForm
from claims.workspace.responses import REFUSALS, Answer, Shown

TEMPLATE = "workspace/dispute.html"
FORM_TEMPLATE = "workspace/dispute_form.html"


def _get_dispute(pk: int) -> Dispute:
    return get_object_or_404(Dispute, pk=pk)


def _page_url(dispute: Dispute) -> str:
    return reverse("workspace:dispute", args=[dispute.pk])


@workspace_required
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    disputes = Dispute.objects.annotate(
        claim_count=Count("claims", filter=Q(claims__withdrawn_at__isnull=True))
    ).order_by("-date", "-created_at", "-pk")
    return render(request, "workspace/disputes.html", {"disputes": disputes})


def _form_answer(request: HttpRequest, form: DisputeForm, dispute: Dispute | None) -> Answer:
    """The dispute's form is a page of its own, answered whole; a save that
    worked goes to the dispute's page."""

    def context(shown: Shown) -> dict:
        return {
            "form": shown.form if shown.form is not None else form,
            "dispute": dispute,
            "conflict": shown.conflict,
        }

    return Answer(request, FORM_TEMPLATE, None, context)


@workspace_required
@require_http_methods(["GET", "POST"])
def dispute_create(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(request.POST or None)
    answer = _form_answer(request, form, None)
    if request.method == "POST" and form.is_valid():
        dispute = form.save(commit=False)
        dispute.created_by = request.user
        dispute._history_user = request.user
        dispute.save()
        return answer.done(
            "Dispute created. Add the claims that answer its question.", url=_page_url(dispute)
        )
    return answer.invalid(form) if form.is_bound else answer.page()


@workspace_required
@require_http_methods(["GET", "POST"])
def dispute_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    form = DisputeForm(request.POST or None, instance=dispute)
    answer = _form_answer(request, form, dispute)
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance,
                fields=["question", "date", "place", "summary"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except REFUSALS as error:
            return answer.refused(error, form=form, again=lambda c: at_version(form, c, instance=c.instance))
        return answer.done("Dispute saved.", url=_page_url(dispute))
    return answer.invalid(form) if form.is_bound else answer.page()


def _page_context(dispute: Dispute, *, attach: AttachForm | None = None) -> dict:
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
        return redirect(_page_url(dispute) + f"?{urlencode({'q': query})}#attach")
    context = {"dispute": dispute, "results": list(claims_to_attach(dispute, query)), "query": query}
    return render(request, f"{TEMPLATE}#attach-results", context)


def _claims_answer(request: HttpRequest, dispute: Dispute) -> Answer:
    """After attaching or detaching: for htmx the claims part again, with
    the message, otherwise back to the page; refused, the attach form as it
    was sent, with the reason above the columns."""

    def context(shown: Shown) -> dict:
        return _page_context(dispute, attach=shown.form)

    return Answer(
        request,
        TEMPLATE,
        "claims",
        context,
        success_url=_page_url(dispute) + "#claims",
        message_key="message",
    )


@workspace_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    answer = _claims_answer(request, dispute)
    form = AttachForm(request.POST, dispute=dispute)
    if not form.is_valid():
        return answer.invalid(form)
    claim = form.cleaned_data["claim"]
    stance = form.cleaned_data["stance"]
    try:
        attach_claim(dispute=dispute, claim=claim, stance=stance, by=request.user)
    except REFUSALS as error:
        # The form has no place for an error of its own: the reason is the page's.
        return answer.refused(error, form=form, on_form=False)
    label = Claim.DisputeStance(stance).label
    return answer.done(f"{claim.speaker.name}'s claim added under “{label}”.")


@workspace_required
@require_POST
def detach(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    dispute = _get_dispute(pk)
    answer = _claims_answer(request, dispute)
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=claim_pk)
    try:
        detach_claim(dispute=dispute, claim=claim, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done(f"{claim.speaker.name}'s claim taken out of this dispute.")


# --- Publication -------------------------------------------------------------------------


@workspace_required
@require_POST
def dispute_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(request, pk, workflow.publish_dispute, "Dispute published: readers can see it now.")


@workspace_required
@require_POST
def dispute_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(request, pk, workflow.unpublish_dispute, "Dispute unpublished: readers no longer see it.")


def _publish(request: HttpRequest, pk: int, change, message: str) -> HttpResponse:
    dispute = _get_dispute(pk)

    def context(shown: Shown) -> dict:
        # Read again: the status bar shows whether the change went through.
        fresh = _get_dispute(dispute.pk)
        return {"dispute": fresh} if shown.fragment else _page_context(fresh)

    answer = Answer(
        request,
        TEMPLATE,
        "publication",
        context,
        success_url=_page_url(dispute),
        message_key="publication_message",
        error_key="publication_error",
    )
    try:
        require_permission(
            request, PUBLISH_DISPUTE_PERMISSION, "Only editors publish and unpublish disputes."
        )
        change(dispute=dispute, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done(message)
