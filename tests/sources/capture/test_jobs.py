"""Capture jobs, from the link a journalist pastes to the saved source, and
re-checks that notice when an outlet changes its story; run by the real task
worker over the local news site."""

import gzip
import hashlib

import pytest
from django.core.exceptions import ValidationError

from sources.capture import archive, jobs
from sources.capture.changes import capture_record
from sources.models import Capture, CaptureJob, Quote, Source
from tests.sources.capture import pages

pytestmark = pytest.mark.django_db

State = CaptureJob.State


def metadata_of(capture: Capture, **changes) -> dict:
    found = capture.metadata
    fields = {
        "title": found["title"] or "A document without a title",
        "kind": Source.Kind.ARTICLE,
        "outlet": found["outlet"],
        "url": capture.final_url,
        "authors": ", ".join(found["authors"]),
        "language": found["language"] or "en",
        "published_on": found["published_on"] or None,
    }
    return fields | changes


def captured(news_site, journalist, run_tasks, path="/news/homs") -> CaptureJob:
    job = jobs.start_link_capture(url=news_site.url(path), by=journalist)
    run_tasks()
    job.refresh_from_db()
    return job


def saved(job: CaptureJob, journalist) -> Source:
    return jobs.save_source(
        job=job, metadata=metadata_of(job.capture), text=jobs.text_for(job.capture), by=journalist
    )


def test_a_link_is_queued_not_fetched_in_the_request(news_site, journalist):
    job = jobs.start_link_capture(url=news_site.url("/news/homs"), by=journalist)

    assert job.state == State.QUEUED
    assert news_site.hits("/news/homs") == 0
    assert CaptureJob.objects.get(pk=job.pk).task_id


def test_the_worker_fetches_archives_and_extracts_the_article(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks)

    assert job.state == State.READY
    capture = job.capture
    assert capture.sha256 == hashlib.sha256(pages.HOMS_ARTICLE_BYTES).hexdigest()
    assert capture.status == 200
    with archive.open_archive(capture.archive_name) as stored:
        assert archive.read_document(stored).body == pages.HOMS_ARTICLE_BYTES
    assert capture.metadata["title"] == pages.TITLE
    assert capture.metadata["outlet"] == pages.OUTLET
    assert capture.metadata["useful"] is True
    assert pages.ARTICLE_PARAGRAPHS[0] in capture.text
    assert pages.ADVERTISEMENT not in capture.text


def test_saving_makes_a_source_whose_revision_records_its_capture(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks)

    source = jobs.save_source(
        job=job,
        metadata=metadata_of(job.capture, title="Homs: 36 civilians killed, opposition says"),
        text=jobs.text_for(job.capture),
        by=journalist,
    )

    assert source.title == "Homs: 36 civilians killed, opposition says"
    revision = source.current_revision()
    assert revision.capture == job.capture
    assert revision.text == job.capture.text
    assert source.retrieved_at == job.capture.captured_at
    job.refresh_from_db()
    assert (job.state, job.source) == (State.SAVED, source)


def test_a_capture_is_saved_once(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks)
    saved(job, journalist)

    with pytest.raises(ValidationError):
        saved(job, journalist)
    assert Source.objects.count() == 1


def test_a_redirected_link_records_where_it_was_read_and_every_hop(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks, path="/redirect")

    assert job.state == State.READY
    capture = job.capture
    assert (capture.url, capture.final_url) == (news_site.url("/redirect"), news_site.url("/news/homs"))
    with archive.open_archive(capture.archive_name) as stored:
        data = gzip.decompress(stored.read())
    assert data.count(b"WARC-Type: response") == 2  # the redirect and the article
    assert metadata_of(capture)["url"] == news_site.url("/news/homs")


def test_a_page_without_an_article_offers_the_whole_page(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks, path="/index")

    assert job.state == State.READY
    assert job.capture.metadata["useful"] is False
    assert jobs.text_for(job.capture) == job.capture.whole_page_text


@pytest.mark.parametrize(
    ("path", "code"),
    [("/missing", "not_found"), ("/photo.png", "not_a_document"), ("/huge", "too_large")],
)
def test_a_failure_that_will_not_pass_fails_at_once_in_plain_words(
    news_site,
    journalist,
    run_tasks,
    path,
    code,
):
    job = captured(news_site, journalist, run_tasks, path=path)

    assert (job.state, job.failure_code, job.attempts) == (State.FAILED, code, 1)
    assert job.message  # the reason, as the page shows it
    assert news_site.hits(path) == 1


def test_a_timeout_is_tried_again_then_fails(settings, news_site, journalist, run_tasks):
    settings.FETCH_TIMEOUT_SECONDS = 1
    settings.TASK_ATTEMPTS = 2

    job = captured(news_site, journalist, run_tasks, path="/slow")

    assert (job.state, job.failure_code, job.attempts) == (State.FAILED, "timed_out", 2)
    assert "Timed out" in job.message


def test_a_server_error_that_passes_is_retried_to_success(settings, news_site, journalist, run_tasks):
    settings.TASK_ATTEMPTS = 3
    news_site.fail_next("/news/homs", 2)

    job = captured(news_site, journalist, run_tasks)

    assert (job.state, job.attempts) == (State.READY, 3)
    assert news_site.hits("/news/homs") == 3


def test_a_fetched_pdf_keeps_its_pages(news_site, journalist, run_tasks):
    job = captured(news_site, journalist, run_tasks, path="/report.pdf")

    assert job.state == State.READY
    capture = job.capture
    assert capture.is_pdf
    assert len(capture.page_starts) == len(pdfs_pages())
    source = saved(job, journalist)
    revision = source.current_revision()
    assert revision.page_starts == capture.page_starts
    second_page_start = revision.page_starts[1]
    assert revision.page_at(second_page_start) == 2
    assert revision.page_at(0) == 1


def pdfs_pages():
    from tests.sources.capture import pdfs

    return pdfs.REPORT_PAGES


def test_an_uploaded_pdf_is_archived_then_extracted_by_the_worker(journalist, run_tasks):
    from tests.sources.capture import pdfs

    body = pdfs.make_pdf(pdfs.REPORT_PAGES)
    job = jobs.start_pdf_capture(filename="un-report.pdf", body=body, by=journalist)
    assert job.capture.sha256 == hashlib.sha256(body).hexdigest()
    assert job.state == State.QUEUED

    run_tasks()
    job.refresh_from_db()

    assert job.state == State.READY
    assert len(job.capture.page_starts) == len(pdfs.REPORT_PAGES)


def test_a_scanned_pdf_fails_with_a_message_not_an_empty_source(journalist, run_tasks):
    from tests.sources.capture import pdfs

    job = jobs.start_pdf_capture(filename="scan.pdf", body=pdfs.make_scanned_pdf(2), by=journalist)
    run_tasks()
    job.refresh_from_db()

    assert (job.state, job.failure_code) == (State.FAILED, "no_text_layer")
    assert "OCR" in job.message
    assert not Source.objects.exists()


# --- Re-checking --------------------------------------------------------------------


def source_with_quote(news_site, journalist, run_tasks):
    source = saved(captured(news_site, journalist, run_tasks), journalist)
    revision = source.current_revision()
    words = "Russian Foreign Minister Sergei Lavrov"
    start = revision.text.index(words)
    quote = Quote.from_position(revision, start, start + len(words))
    quote.save()
    return source, quote


def recheck(source, journalist, run_tasks) -> CaptureJob:
    job = jobs.start_recheck(source=source, by=journalist)
    run_tasks()
    job.refresh_from_db()
    return job


def test_an_unchanged_page_is_recorded_as_checked(news_site, journalist, run_tasks):
    source, _ = source_with_quote(news_site, journalist, run_tasks)

    job = recheck(source, journalist, run_tasks)

    assert (job.state, job.outcome) == (State.DONE, CaptureJob.Outcome.UNCHANGED)
    assert source.revisions.count() == 1
    assert source.captures.count() == 2


def test_a_changed_story_is_a_new_revision_with_the_quotes_reanchored(news_site, journalist, run_tasks):
    source, quote = source_with_quote(news_site, journalist, run_tasks)
    news_site.publish("/news/homs", pages.HOMS_ARTICLE_EDITED_BYTES)

    job = recheck(source, journalist, run_tasks)

    assert (job.state, job.outcome) == (State.DONE, CaptureJob.Outcome.CHANGED)
    revision = source.current_revision()
    assert revision.number == 2
    assert revision.capture.sha256 == hashlib.sha256(pages.HOMS_ARTICLE_EDITED_BYTES).hexdigest()
    assert pages.CHANGED_SENTENCE in revision.text
    quote.refresh_from_db()
    assert quote.revision == revision
    assert revision.text[quote.start : quote.end] == "Russian Foreign Minister Sergei Lavrov"
    record = capture_record(source)
    [change] = record.changes
    assert change.revision == revision
    added = "".join(p.text for p in change.pieces if p.kind == "added")
    assert pages.ADDED_PARAGRAPH.split()[0] in added


def test_a_page_gone_is_recorded_and_the_archived_copy_remains(news_site, journalist, run_tasks):
    source, _ = source_with_quote(news_site, journalist, run_tasks)
    first = source.captures.get()
    news_site.unpublish("/news/homs", status=410)

    job = recheck(source, journalist, run_tasks)

    assert (job.state, job.outcome) == (State.DONE, CaptureJob.Outcome.GONE)
    record = capture_record(source)
    assert record.gone is not None and record.gone.status == 410
    assert record.latest == first
    assert source.revisions.count() == 1


def test_one_check_at_a_time_per_source(news_site, journalist, run_tasks):
    source, _ = source_with_quote(news_site, journalist, run_tasks)

    first = jobs.start_recheck(source=source, by=journalist)
    second = jobs.start_recheck(source=source, by=journalist)

    assert first.pk == second.pk


def test_periodic_checks_are_queued_for_later_when_on(settings, news_site, journalist, run_tasks):
    settings.RECHECK_DAYS = 7
    source, _ = source_with_quote(news_site, journalist, run_tasks)

    pending = jobs.pending_recheck(source)

    assert pending is not None and pending.run_after is not None
    assert 6.9 < (pending.run_after - source.created_at).total_seconds() / 86400 < 7.1


def test_a_source_without_a_url_cannot_be_checked(journalist):
    source = Source.objects.create(title="Pasted", url="")

    with pytest.raises(ValidationError):
        jobs.start_recheck(source=source, by=journalist)


def test_a_pdfs_text_corrected_by_hand_keeps_its_page_numbers(news_site, journalist, run_tasks):
    from sources.revising import revise_source

    source = saved(captured(news_site, journalist, run_tasks, path="/report.pdf"), journalist)
    first = source.current_revision()
    second_page = first.text[first.page_starts[1] :].split("\n")[0]

    report = revise_source(source=source, text="[Unofficial translation]\n\n" + first.text, by=journalist)

    revision = report.revision
    assert len(revision.page_starts) == len(first.page_starts)
    assert revision.text[revision.page_starts[1] :].startswith(second_page)
