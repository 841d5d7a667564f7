"""Capture in the workspace: import from a link or a PDF, watch the job,
review and save; check a source for changes; and the archived copies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from sources.access import sources_required
from sources.capture import archive, jobs
from sources.capture.forms import CaptureForm, CaptureReviewForm, review_initial
from sources.models import Capture, CaptureJob, Source
from sources.views import form_status, source_workspace_url

State = CaptureJob.State

# The archived page is the outlet's HTML, shown as it was: in a sandbox (no
# script runs, and it has an origin of its own, so it cannot reach the
# newsroom's cookies or pages), fetching nothing from anywhere (its images
# and styles sheets were not archived, and fetching them would tell the
# outlet who is reading), framed only by Counterclaim's own page.
ARCHIVED_PAGE_CSP = {
    "sandbox": True,
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "font-src": ["data:"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
}
# Queued for longer than this without a worker picking it up: say so.
WAITING_SECONDS = 15


@require_http_methods(["GET", "POST"])
@sources_required
def capture_start(request: HttpRequest) -> HttpResponse:
    form = CaptureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("pdf")
        if upload:
            job = jobs.start_pdf_capture(
                filename=upload.name or "document.pdf", body=upload.read(), by=request.user
            )
        else:
            job = jobs.start_link_capture(url=form.cleaned_data["url"], by=request.user)
        return redirect("sources:capture-job", job.pk)
    existing = form.existing if form.is_bound else None
    return render(
        request,
        "sources/capture.html",
        {"form": form, "existing": existing, "existing_url": existing and source_workspace_url(existing)},
        status=form_status(form),
    )


def start_pdf(request: HttpRequest, upload) -> HttpResponse:
    """A PDF given on the paste-or-upload form: checked as the capture form
    checks it, then captured; a refusal is shown on the capture form."""
    form = CaptureForm(data={}, files={"pdf": upload})
    if not form.is_valid():
        return render(request, "sources/capture.html", {"form": form, "existing": None}, status=422)
    job = jobs.start_pdf_capture(filename=upload.name or "document.pdf", body=upload.read(), by=request.user)
    return redirect("sources:capture-job", job.pk)


def _review_form(request: HttpRequest, job: CaptureJob) -> tuple[CaptureReviewForm, bool]:
    capture = job.capture
    whole_page = request.GET.get("text") == "whole"
    text = jobs.text_for(capture, whole_page=whole_page)
    initial = review_initial(capture, text=text)
    if request.method == "POST":
        return CaptureReviewForm(request.POST, initial=initial, paged=capture.is_pdf), whole_page
    return CaptureReviewForm(initial=initial, paged=capture.is_pdf), whole_page


@require_http_methods(["GET", "POST"])
@sources_required
def capture_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(CaptureJob.objects.select_related("capture", "source", "revision"), pk=pk)
    if job.state == State.SAVED and job.source is not None:
        return redirect(source_workspace_url(job.source))
    if request.htmx and request.method == "GET":
        if job.finished:
            return HttpResponseClientRefresh()
        return render(request, "sources/_capture_status.html", _status_context(job))
    form, whole_page = None, False
    if job.state == State.READY:
        form, whole_page = _review_form(request, job)
        if request.method == "POST" and form.is_valid():
            try:
                source = jobs.save_source(
                    job=job, metadata=form.metadata(), text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved “{source.title}”. Select a passage to make a claim of it.")
                return redirect(source_workspace_url(source))
    elif request.method == "POST":
        return redirect("sources:capture-job", job.pk)
    context = _status_context(job) | {"form": form, "whole_page": whole_page}
    return render(request, "sources/capture_job.html", context, status=form_status(form) if form else 200)


def _status_context(job: CaptureJob) -> dict:
    now = timezone.now()
    due = job.run_after is None or job.run_after <= now
    return {
        "job": job,
        "stuck": jobs.is_stuck(job, now=now),
        "waiting_for_worker": job.state == State.QUEUED
        and due
        and (now - max(job.updated_at, job.run_after or job.updated_at)).total_seconds() > WAITING_SECONDS,
        "steps": _steps(job),
        "source_url": source_workspace_url(job.source) if job.source else "",
    }


def _steps(job: CaptureJob) -> list[tuple[str, str]]:
    """The progress list: each step with "done", "current" or "todo"."""
    names = [State.QUEUED, State.FETCHING, State.EXTRACTING, State.READY]
    if job.kind == CaptureJob.Kind.PDF:
        names.remove(State.FETCHING)
    if job.kind == CaptureJob.Kind.RECHECK:
        names[-1] = State.DONE
    labels = dict(State.choices)
    reached = names.index(job.state) if job.state in names else len(names)
    if job.state in (State.SAVED, State.DONE):
        reached = len(names) - 1
    steps = []
    for index, name in enumerate(names):
        status = "done" if index < reached else ("current" if index == reached else "todo")
        if job.state == State.FAILED:
            status = "todo"
        steps.append((labels[name], status))
    return steps


@require_POST
@sources_required
def capture_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(CaptureJob, pk=pk)
    if job.state == State.FAILED or jobs.is_stuck(job):
        jobs.retry(job)
    return redirect("sources:capture-job", job.pk)


@require_POST
@sources_required
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    try:
        job = jobs.start_recheck(source=source, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(source_workspace_url(source))
    return redirect("sources:capture-job", job.pk)


def _archived(pk: int) -> Capture:
    capture = get_object_or_404(Capture.objects.select_related("source"), pk=pk)
    if not capture.archive_name:
        raise Http404("Nothing was archived at this check: the page was gone.")
    return capture


@require_GET
@sources_required
def archived(request: HttpRequest, pk: int) -> HttpResponse:
    """The archived copy: what was asked and received, with the page shown in a sandbox."""
    capture = _archived(pk)
    with archive.open_archive(capture.archive_name) as stored:
        document = archive.read_document(stored)
    return render(
        request,
        "sources/archived.html",
        {
            "capture": capture,
            "document": document,
            "source_url": source_workspace_url(capture.source) if capture.source else "",
        },
    )


@require_GET
@sources_required
@xframe_options_sameorigin
@csp_override(ARCHIVED_PAGE_CSP)
def archived_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The captured document's bytes, exactly as received, under a sandbox."""
    capture = _archived(pk)
    with archive.open_archive(capture.archive_name) as stored:
        document = archive.read_document(stored)
    if document.content_type not in ("text/html", "application/xhtml+xml"):
        response = HttpResponse(
            document.body, content_type=document.content_type or "application/octet-stream"
        )
        response["Content-Disposition"] = f'attachment; filename="{_download_name(capture, "pdf")}"'
    else:
        charset = f"; charset={document.charset}" if document.charset else ""
        response = HttpResponse(document.body, content_type=f"{document.content_type}{charset}")
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def _download_name(capture: Capture, extension: str) -> str:
    stem = get_valid_filename(capture.source.title if capture.source else capture.filename or "capture")[:60]
    return f"{stem or 'capture'}-{capture.captured_at:%Y%m%d-%H%M%S}.{extension}"


def warc_response(capture: Capture) -> FileResponse:
    """The WARC file as a download (for the workspace, and for readers where
    settings.PUBLIC_ARCHIVE allows)."""
    response = FileResponse(
        archive.open_archive(capture.archive_name),
        as_attachment=True,
        filename=_download_name(capture, "warc.gz"),
        content_type="application/warc",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@sources_required
def archived_warc(request: HttpRequest, pk: int) -> HttpResponse:
    return warc_response(_archived(pk))
