"""Importing sources and listing them, in the journalists' workspace."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from sources import importing
from sources.access import sources_required
from sources.forms import SourceImportForm, SourceRevisionForm
from sources.models import Source
from sources.revising import RevisionReport, revise_source

SOURCES_PER_PAGE = 50


def source_workspace_url(source: Source) -> str:
    """Where a journalist works on a source: the reader, which the workspace
    (in the claims app) serves. It is named, not imported, so that this app
    keeps out of claims; without it the list of sources is the next best."""
    try:
        return reverse("workspace:reader", args=[source.pk])
    except NoReverseMatch:
        return reverse("sources:list")


def form_status(form: BaseForm) -> int:
    """A form sent back with its errors answers 422, as every workspace form
    does (claims/workspace/responses.py): the request was understood and
    refused, and a client or a test can tell that from a page shown to fill in."""
    return 422 if form.is_bound else 200


def _is_pdf_upload(request: HttpRequest) -> bool:
    upload = request.FILES.get("upload")
    if upload is None or request.POST.get("text", "").strip():
        return False
    if (upload.name or "").lower().endswith(".pdf"):
        return True
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


@require_http_methods(["GET", "POST"])
@sources_required
def import_source(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _is_pdf_upload(request):
        # A PDF is read in the background, like a link: the capture pages take it.
        from sources.capture.views import start_pdf

        return start_pdf(request, request.FILES["upload"])
    if request.method == "POST":
        form = SourceImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = importing.import_source(
                metadata=form.metadata(), text=form.cleaned_data["canonical_text"], by=request.user
            )
            source = result.source
            if result.created:
                messages.success(
                    request, f"Imported “{source.title}”. Select a passage to make a claim of it."
                )
            else:
                messages.info(request, f"This text was already imported as “{source.title}”: here it is.")
            return redirect(source_workspace_url(source))
    else:
        form = SourceImportForm()
    return render(request, "sources/import.html", {"form": form}, status=form_status(form))


@require_GET
@sources_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = (
        Source.objects.select_related("created_by")
        .annotate(revision_count=Count("revisions"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(source, source_workspace_url(source)) for source in page]
    return render(request, "sources/list.html", {"page": page, "rows": rows})


def _revision_summary(report: RevisionReport) -> str:
    moved = len(report.reanchored)
    approximate = sum(1 for _, method in report.reanchored if method == "fuzzy")
    parts = [f"Saved revision {report.revision.number}."]
    parts.append(f"{moved} quote{'s' if moved != 1 else ''} re-anchored in the new text.")
    if approximate:
        parts.append(
            f"{approximate} of them matched approximately, because their words changed: check "
            f"{'them' if approximate > 1 else 'it'}."
        )
    if report.orphaned:
        n = len(report.orphaned)
        parts.append(
            f"{n} quote{'s' if n != 1 else ''} could not be found and "
            f"{'need' if n != 1 else 'needs'} re-selecting: see “Quotes that need re-selecting”."
        )
    return " ".join(parts)


@require_http_methods(["GET", "POST"])
@sources_required
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    current = source.current_revision()
    if request.method == "POST":
        form = SourceRevisionForm(request.POST)
        if form.is_valid():
            try:
                report = revise_source(
                    source=source,
                    text=form.cleaned_data["text"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error("text", error.messages)
            else:
                level = messages.WARNING if report.orphaned else messages.SUCCESS
                messages.add_message(request, level, _revision_summary(report))
                return redirect(source_workspace_url(source))
    else:
        form = SourceRevisionForm(initial={"text": current.text if current else ""})
    return render(
        request,
        "sources/revise.html",
        {"source": source, "current": current, "form": form, "back_url": source_workspace_url(source)},
        status=form_status(form),
    )
