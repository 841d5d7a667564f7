"""Capture jobs: what the background worker does, and what a journalist's
requests start and finish.

A job moves through ``CaptureJob.State``: queued → fetching → extracting →
ready (a new source waiting for the journalist to review and save it) or
done (a re-check, which saves by itself), or failed with a reason in plain
words. Each step is saved in its own short transaction, so the page that
polls the job shows progress while the worker is still at it. A failure that
may pass (a timeout, a refused connection, a server error) is tried again
later, ``settings.TASK_ATTEMPTS`` times in all.

The worker runs ``run_job`` (through ``sources.capture.tasks``); everything
else here runs in a request.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sources.capture import archive, fetching
from sources.capture.bounded import Overrun, run_bounded
from sources.capture.exchange import FetchRefused, FetchResult
from sources.capture.extracting import Extraction, extract_article
from sources.capture.pdf import PdfRefused, PdfText, extract_pdf
from sources.models import Capture, CaptureJob, Source, SourceRevision
from sources.revising import revise_source

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

State = CaptureJob.State
Kind = CaptureJob.Kind
Outcome = CaptureJob.Outcome

# Which of a capture's texts a source was made from (Capture.metadata["used"]),
# so that a re-check compares like with like.
ARTICLE, WHOLE_PAGE = "article", "whole_page"

NO_ARTICLE = (
    "Counterclaim found no article on this page, only its navigation and other page furniture. "
    "Check the text below: it is the whole page's text."
)
INTERNAL_ERROR = "Something went wrong on our side while capturing. It has been logged."


class CaptureFailed(Exception):
    """A step of a job that cannot go on, with the journalist's message."""

    def __init__(
        self, code: str, message: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.transient, self.status = code, message, transient, status


# --- Starting jobs (in a request) -----------------------------------------------------


def _enqueue(job: CaptureJob, *, run_after: datetime | None = None) -> None:
    """Queue the job's task in the same transaction as the job row: on the
    database backend both are saved, or neither."""
    from sources.capture.tasks import capture_task  # tasks imports this module

    task = capture_task.using(run_after=run_after) if run_after else capture_task
    result = task.enqueue(job.pk)
    CaptureJob.objects.filter(pk=job.pk).update(task_id=str(result.id), run_after=run_after)


def start_link_capture(*, url: str, by: User) -> CaptureJob:
    """A job that fetches ``url`` (already checked to be http or https) for
    a new source."""
    with transaction.atomic():
        job = CaptureJob.objects.create(kind=Kind.LINK, url=url, created_by=by)
        _enqueue(job)
    return job


def start_pdf_capture(*, filename: str, body: bytes, by: User) -> CaptureJob:
    """Archive an uploaded PDF at once (the request holds its bytes) and queue
    the extraction of its text."""
    now = timezone.now()
    copy = archive.archive_upload(
        filename=filename, content_type="application/pdf", body=body, received_at=now
    )
    name = archive.store(copy, when=now)
    with transaction.atomic():
        capture = Capture.objects.create(
            origin=Capture.Origin.UPLOAD,
            filename=filename[:255],
            content_type="application/pdf",
            captured_at=now,
            archive_name=name,
            sha256=copy.sha256,
            warc_sha256=copy.warc_sha256,
            size=len(body),
            created_by=by,
        )
        job = CaptureJob.objects.create(kind=Kind.PDF, capture=capture, created_by=by)
        _enqueue(job)
    return job


def pending_recheck(source: Source) -> CaptureJob | None:
    """A re-check of ``source`` that is queued or under way, if any."""
    return (
        CaptureJob.objects.filter(source=source, kind=Kind.RECHECK)
        .exclude(state__in=CaptureJob.FINISHED)
        .order_by("pk")
        .first()
    )


def start_recheck(*, source: Source, by: User | None, run_after: datetime | None = None) -> CaptureJob:
    """A job that fetches the source's URL again and saves a new revision if
    its text changed. One at a time per source: asking again while one is
    pending returns that one."""
    if not source.url:
        raise ValidationError("This source has no URL to check.")
    with transaction.atomic():
        Source.objects.select_for_update().get(pk=source.pk)
        existing = pending_recheck(source)
        if existing is not None:
            return existing
        job = CaptureJob.objects.create(kind=Kind.RECHECK, url=source.url, source=source, created_by=by)
        _enqueue(job, run_after=run_after)
    return job


def retry(job: CaptureJob) -> CaptureJob:
    """Try a failed (or stuck) job again from the start."""
    with transaction.atomic():
        job = CaptureJob.objects.select_for_update().get(pk=job.pk)
        if job.state in (State.READY, State.SAVED, State.DONE):
            return job
        job.state, job.attempts, job.failure_code, job.message = State.QUEUED, 0, "", ""
        job.save(update_fields=["state", "attempts", "failure_code", "message", "updated_at"])
        _enqueue(job)
    return job


def is_stuck(job: CaptureJob, *, now: datetime | None = None) -> bool:
    """Whether a job under way has not moved for longer than any step can
    take: its worker was stopped mid-step, and it needs trying again."""
    if job.state not in (State.FETCHING, State.EXTRACTING):
        return False
    limit = settings.FETCH_TIMEOUT_SECONDS + settings.EXTRACT_TIMEOUT_SECONDS + 60
    return (now or timezone.now()) - job.updated_at > timedelta(seconds=limit)


# --- The worker's side -----------------------------------------------------------------


def _move(job: CaptureJob, state: str, **fields: Any) -> None:
    """Save a step at once, outside any longer transaction, for the polling page."""
    job.state = state
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["state", "updated_at", *fields])


def run_job(job_id: int) -> None:
    """Do one job, as the worker's task. Never raises: whatever goes wrong is
    the job's state, tried again when it may pass."""
    job = CaptureJob.objects.select_related("capture", "source").filter(pk=job_id).first()
    if job is None or job.finished:
        return  # deleted meanwhile, or a duplicate delivery of a finished job
    _move(job, State.FETCHING if job.kind != Kind.PDF else State.EXTRACTING, attempts=job.attempts + 1)
    try:
        if job.kind == Kind.PDF:
            _extract_into(job.capture, _read_archived(job.capture))
            _move(job, State.READY)
        elif job.kind == Kind.LINK:
            job.capture = _capture_link(job)
            _move(job, State.READY, capture=job.capture)
        else:
            _recheck(job)
    except CaptureFailed as failure:
        _fail(job, failure)
    except Exception:
        logger.exception("Capture job %s failed", job.pk)
        _fail(job, CaptureFailed("internal", INTERNAL_ERROR, transient=True))


def _fail(job: CaptureJob, failure: CaptureFailed) -> None:
    if failure.transient and job.attempts < settings.TASK_ATTEMPTS:
        wait = settings.TASK_RETRY_SECONDS * job.attempts
        message = (
            f"{failure.message} Trying again in {wait} seconds "
            f"(attempt {job.attempts + 1} of {settings.TASK_ATTEMPTS})."
        )
        with transaction.atomic():
            _move(job, State.QUEUED, failure_code=failure.code, message=message[:500])
            _enqueue(job, run_after=timezone.now() + timedelta(seconds=wait))
        return
    _move(job, State.FAILED, failure_code=failure.code, message=failure.message[:500])


def _fetch(url: str) -> FetchResult:
    try:
        return fetching.fetch_with_settings(url)
    except FetchRefused as refused:
        raise CaptureFailed(
            refused.code, refused.message, transient=refused.transient, status=refused.status
        ) from None


def _archive_fetch(result: FetchResult, *, by: User | None, source: Source | None = None) -> Capture:
    copy = archive.archive_fetch(result)
    name = archive.store(copy, when=result.fetched_at)
    document = result.document
    return Capture.objects.create(
        source=source,
        origin=Capture.Origin.WEB,
        url=result.requested_url,
        final_url=result.final_url,
        status=document.status,
        content_type=result.content_type,
        captured_at=result.fetched_at,
        archive_name=name,
        sha256=copy.sha256,
        warc_sha256=copy.warc_sha256,
        size=len(document.body),
        created_by=by,
    )


def _capture_link(job: CaptureJob, *, source: Source | None = None) -> Capture:
    result = _fetch(job.url)
    capture = _archive_fetch(result, by=job.created_by, source=source)
    _move(job, State.EXTRACTING, capture=capture)
    if result.is_pdf and len(result.document.body) > settings.PDF_MAX_BYTES:
        raise CaptureFailed("too_large", _pdf_too_large(len(result.document.body)))
    try:
        body = fetching.decoded_body(result.document, max_bytes=settings.FETCH_MAX_BYTES)
    except FetchRefused as refused:
        raise CaptureFailed(refused.code, refused.message) from None
    _extract_into(capture, body, charset=result.charset)
    return capture


def _pdf_too_large(size: int) -> str:
    limit = settings.PDF_MAX_BYTES / (1024 * 1024)
    return f"Too large: the PDF is {size / (1024 * 1024):.1f} MB; the limit is {limit:.0f} MB."


def _read_archived(capture: Capture) -> bytes:
    with archive.open_archive(capture.archive_name) as stored:
        return archive.read_document(stored).body


def _bounded(func, *args, **kwargs):
    try:
        return run_bounded(
            func,
            *args,
            timeout=settings.EXTRACT_TIMEOUT_SECONDS,
            max_memory_mb=settings.EXTRACT_MAX_MEMORY_MB,
            **kwargs,
        )
    except Overrun as overrun:
        raise CaptureFailed(overrun.code, overrun.message) from None
    except PdfRefused as refused:
        raise CaptureFailed(refused.code, refused.message) from None


def _extract_into(capture: Capture, body: bytes, *, charset: str | None = None) -> None:
    """Extract the text and metadata of the captured document into ``capture``."""
    if capture.is_pdf:
        found: PdfText | Extraction = _bounded(extract_pdf, body, max_pages=settings.PDF_MAX_PAGES)
        capture.page_starts = list(found.page_starts)
        useful = True
    else:
        found = _bounded(extract_article, body, url=capture.final_url, charset=charset)
        capture.whole_page_text = found.whole_page_text
        useful = found.useful
        if not found.whole_page_text.strip():
            raise CaptureFailed("empty", "The page has no text at all: there is nothing to quote.")
    capture.text = found.text
    capture.metadata = _metadata(found, useful=useful)
    capture.save(update_fields=["text", "whole_page_text", "page_starts", "metadata"])


def _metadata(found: PdfText | Extraction, *, useful: bool) -> dict[str, Any]:
    fields = asdict(found)
    published = fields.get("published_on")
    return {
        "title": fields.get("title", ""),
        "outlet": fields.get("outlet", ""),
        "authors": list(fields.get("authors", ())),
        "published_on": published.isoformat() if isinstance(published, date) else "",
        "language": fields.get("language", ""),
        "useful": useful,
    }


# --- Saving a reviewed capture as a source (in a request) ------------------------------------


def text_for(capture: Capture, *, whole_page: bool = False) -> str:
    """The text a new source gets from a capture: the article's, or the whole
    page's when extraction found no article or the journalist asks for it."""
    if capture.is_pdf:
        return capture.text
    if whole_page or not capture.metadata.get("useful") or not capture.text.strip():
        return capture.whole_page_text
    return capture.text


def save_source(*, job: CaptureJob, metadata: dict[str, Any], text: str, by: User) -> Source:
    """Make the reviewed capture a source: its metadata as corrected, and
    ``text`` (canonical, not empty) as its first revision, which records the
    capture it came from. Refuses a job that is not ready or was saved."""
    with transaction.atomic():
        job = CaptureJob.objects.select_for_update(of=("self",)).select_related("capture").get(pk=job.pk)
        if job.state != State.READY or job.capture is None:
            raise ValidationError("This capture was already saved, or is not ready to save.")
        capture = job.capture
        source = Source(**metadata, created_by=by, retrieved_at=capture.captured_at)
        source._history_user = by
        source.full_clean()
        source.save()
        used = ARTICLE if text == capture.text else WHOLE_PAGE
        page_starts = capture.page_starts if text == capture.text else []
        revision = SourceRevision(
            source=source,
            number=1,
            text=text,
            capture=capture,
            page_starts=page_starts,
            created_by=by,
            note="" if used == ARTICLE or capture.is_pdf else "The whole page's text",
        )
        revision._history_user = by
        revision.save()
        capture.source = source
        capture.metadata = {**capture.metadata, "used": used}
        capture.save(update_fields=["source", "metadata"])
        _move(job, State.SAVED, source=source, revision=revision)
    schedule_next_check(source)
    return source


def schedule_next_check(source: Source) -> None:
    """With periodic re-checks on (settings.RECHECK_DAYS), queue the next
    check of ``source``; a re-check that finishes queues the one after."""
    if settings.RECHECK_DAYS <= 0 or not source.url:
        return
    start_recheck(source=source, by=None, run_after=timezone.now() + timedelta(days=settings.RECHECK_DAYS))


# --- Re-checking (the worker's side) ---------------------------------------------------------


def latest_capture(source: Source) -> Capture | None:
    """The newest capture that read the source's text (not a 'gone' check)."""
    return source.captures.filter(gone=False).exclude(archive_name="").order_by("-captured_at", "-pk").first()


def _recheck(job: CaptureJob) -> None:
    source = job.source
    previous = latest_capture(source)
    try:
        capture = _capture_link(job, source=source)
    except CaptureFailed as failure:
        if failure.code != "not_found":
            raise
        Capture.objects.create(
            source=source,
            url=job.url,
            status=failure.status,
            captured_at=timezone.now(),
            gone=True,
            created_by=job.created_by,
        )
        _move(job, State.DONE, outcome=Outcome.GONE, message=failure.message)
        schedule_next_check(source)
        return
    whole_page = previous is not None and previous.metadata.get("used") == WHOLE_PAGE
    text = text_for(capture, whole_page=whole_page)
    capture.metadata = {**capture.metadata, "used": WHOLE_PAGE if text != capture.text else ARTICLE}
    capture.save(update_fields=["metadata"])
    current = source.current_revision()
    before = text_for(previous, whole_page=whole_page) if previous else (current.text if current else "")
    if text == before or (current is not None and text == current.text):
        _move(job, State.DONE, outcome=Outcome.UNCHANGED, message="The text has not changed.")
    else:
        report = revise_source(
            source=source,
            text=text,
            by=job.created_by,
            note=f"Changed at the outlet: captured {capture.captured_at:%Y-%m-%d %H:%M} UTC",
            capture=capture,
            page_starts=capture.page_starts if text == capture.text else [],
        )
        _move(job, State.DONE, outcome=Outcome.CHANGED, revision=report.revision, message=_changed(report))
    schedule_next_check(source)


def _changed(report) -> str:
    moved, orphaned = len(report.reanchored), len(report.orphaned)
    parts = [f"The text changed: saved as revision {report.revision.number}."]
    parts.append(f"{moved} quote{'s' if moved != 1 else ''} re-anchored.")
    if orphaned:
        parts.append(
            f"{orphaned} quote{'s' if orphaned != 1 else ''} could not be found and need re-selecting."
        )
    return " ".join(parts)
