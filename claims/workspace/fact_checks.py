"""Other fact-checkers' reviews in the workspace: importing them (editors),
in two steps, and the list of those without a claim here (everyone).

1. ``import_fact_checks``: the editor uploads or pastes ClaimReview JSON-LD.
   It is read (``claims.domain.claimreview_import``); a problem anywhere
   shows the report, line by line, and nothing more. Otherwise the preview
   lists every review with the claims here that look like theirs
   (``similar_claims``), a radio for each, "no match" chosen.
2. ``confirm_import``: the choices, with the input signed into the preview
   (nothing is stored before the editor confirms), read again and saved in
   one transaction (``claims.domain.external_checks.save_import``).

``unmatched`` lists the reviews of claims we have not recorded, so that a
journalist can capture the page and make the claim, and an editor can then
match them (``match``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import IMPORT_FACT_CHECKS_PERMISSION, require_permission, workspace_required
from claims.domain.claimreview_import import Report, Review, read_claimreviews
from claims.domain.external_checks import (
    NOT_ALLOWED,
    already_imported,
    match_fact_check,
    save_import,
    suggested_claims,
)
from claims.domain.similar import SimilarClaim
from claims.models import Claim, ExternalFactCheck
from claims.workspace.fact_check_forms import (
    ClaimReviewInputForm,
    MatchForm,
    MatchOneForm,
    make_token,
    match_field_name,
    read_token,
)

IMPORT_TEMPLATE = "workspace/fact_check_import.html"
UNMATCHED_TEMPLATE = "workspace/fact_checks.html"
INVALID = 422
# The unmatched list shows the newest this many, each with its suggestions.
UNMATCHED_SHOWN = 50


@dataclass
class Row:
    """One review of the preview: the claims offered, its radio, and the
    review imported before under the same URL, if any (then it is skipped)."""

    review: Review
    suggestions: list[SimilarClaim]
    existing: ExternalFactCheck | None
    field: object = None


def _rows(report: Report) -> list[Row]:
    existing = already_imported(review.review_url for review in report.reviews)
    return [
        Row(
            review,
            [] if review.review_url in existing else suggested_claims(review),
            existing.get(review.review_url),
        )
        for review in report.reviews
    ]


def _preview(
    request: HttpRequest, report: Report, rows: list[Row], form: MatchForm, *, status=200
) -> HttpResponse:
    for row in rows:
        if row.existing is None:
            row.field = form[match_field_name(row.review.index)]
    context = {
        "report": report,
        "rows": rows,
        "form": form,
        "new_count": sum(row.existing is None for row in rows),
    }
    return render(request, IMPORT_TEMPLATE, context, status=status)


def _match_form(rows: list[Row], *, token: str, data=None) -> MatchForm:
    pending = [(row.review, row.suggestions) for row in rows if row.existing is None]
    return MatchForm(data, rows=pending, initial={"token": token})


def _refused_input(
    request: HttpRequest, form: ClaimReviewInputForm, report: Report | None = None
) -> HttpResponse:
    return render(request, IMPORT_TEMPLATE, {"input_form": form, "report": report}, status=INVALID)


@workspace_required
@require_http_methods(["GET", "POST"])
def import_fact_checks(request: HttpRequest) -> HttpResponse:
    require_permission(request, IMPORT_FACT_CHECKS_PERMISSION, NOT_ALLOWED)
    if request.method == "GET":
        return render(request, IMPORT_TEMPLATE, {"input_form": ClaimReviewInputForm()})
    form = ClaimReviewInputForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused_input(request, form)
    raw = form.cleaned_data["raw"]
    report = read_claimreviews(raw)
    if not report.ok:
        return _refused_input(request, form, report)
    token = make_token(
        text=raw.decode("utf-8-sig"), filename=form.cleaned_data["filename"], user_pk=request.user.pk
    )
    rows = _rows(report)
    return _preview(request, report, rows, _match_form(rows, token=token))


def _message(count: int, matched: int, skipped: int) -> str:
    message = f"Imported {count} review{'s' if count != 1 else ''}: {matched} matched to a claim here"
    message += f", {count - matched} listed for creating a claim."
    if skipped:
        message += f" {skipped} had been imported before and were left as they were."
    return message


@workspace_required
@require_POST
def confirm_import(request: HttpRequest) -> HttpResponse:
    require_permission(request, IMPORT_FACT_CHECKS_PERMISSION, NOT_ALLOWED)
    token = request.POST.get("token", "")
    try:
        text, filename = read_token(token, user_pk=request.user.pk)
    except ValidationError as error:
        return _refused_input(request, _expired_form(error))
    report = read_claimreviews(text)
    rows = _rows(report)
    form = _match_form(rows, token=token, data=request.POST)
    if not report.ok or not form.is_valid():
        return _preview(request, report, rows, form, status=INVALID)
    matches = form.matches()
    try:
        batch, skipped = save_import(
            reviews=report.reviews,
            matches=matches,
            by=request.user,
            filename=filename,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _preview(request, report, rows, form, status=INVALID)
    count = len(report.reviews) - skipped
    matched = sum(1 for row in rows if row.existing is None and matches.get(row.review.index))
    messages.success(request, _message(count, matched, skipped))
    return redirect("workspace:fact-checks")


def _expired_form(error: ValidationError) -> ClaimReviewInputForm:
    form = ClaimReviewInputForm({})
    form.is_valid()
    form.errors.clear()
    form.add_error(None, error)
    return form


@workspace_required
@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    checks = list(ExternalFactCheck.objects.unmatched().select_related("batch__created_by")[:UNMATCHED_SHOWN])
    can_match = request.user.has_perm(IMPORT_FACT_CHECKS_PERMISSION)
    for check in checks:
        check.suggestions = suggested_claims(check) if can_match else []
    context = {
        "checks": checks,
        "total": ExternalFactCheck.objects.unmatched().count(),
        "can_match": can_match,
    }
    return render(request, UNMATCHED_TEMPLATE, context)


@workspace_required
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request, IMPORT_FACT_CHECKS_PERMISSION, NOT_ALLOWED)
    check = get_object_or_404(ExternalFactCheck, pk=pk)
    form = MatchOneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the claim it reviewed.")
        return redirect(reverse("workspace:fact-checks") + f"#fact-check-{check.pk}")
    claim = get_object_or_404(Claim.objects.active(), pk=form.cleaned_data["claim"])
    try:
        match_fact_check(fact_check=check, claim=claim, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("workspace:fact-checks")
    messages.success(request, f"Matched {check.organisation_name}'s review to the claim.")
    return redirect("workspace:claim", pk=claim.pk)
