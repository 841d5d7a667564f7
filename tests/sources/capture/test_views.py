"""The capture pages as a journalist and a reader meet them: the form, the
progress page, the review, Check for changes, the archived copy and what the
public source page says."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sources.capture import jobs
from sources.models import CaptureJob, Source
from tests.factories import make_appearance, make_claim, make_quote, make_user
from tests.parsing import form_values, parse, text_of
from tests.sources.capture import pages, pdfs

pytestmark = pytest.mark.django_db

State = CaptureJob.State


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


def start(client, url: str):
    return client.post(reverse("sources:capture"), {"url": url})


def ready_job(client, news_site, run_tasks, path="/news/homs") -> CaptureJob:
    response = start(client, news_site.url(path))
    assert response.status_code == 302
    run_tasks()
    return CaptureJob.objects.get()


def labels(content) -> list[str]:
    return [text_of(label) for label in parse(content).iter("label")]


def test_the_form_has_labelled_fields_and_is_linked_from_the_workspace(journalist_client):
    dashboard = journalist_client.get(reverse("workspace:dashboard"))
    links = [a.get("href") for a in parse(dashboard.content).iter("a")]
    assert reverse("sources:capture") in links

    response = journalist_client.get(reverse("sources:capture"))

    assert response.status_code == 200
    found = labels(response.content)
    assert any(label.startswith("Link to the page") for label in found)
    assert any(label.startswith("Or upload a PDF") for label in found)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": ""}, "Paste a link, or choose a PDF file."),
        ({"url": "javascript:alert(1)"}, "Enter a web address that starts with http:// or https://."),
        ({"url": "file:///etc/passwd"}, "Enter a web address that starts with http:// or https://."),
    ],
)
def test_bad_links_are_refused_with_a_message_and_nothing_queued(journalist_client, data, message):
    response = journalist_client.post(reverse("sources:capture"), data)

    assert response.status_code == 422
    assert message in text_of(parse(response.content))
    assert not CaptureJob.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused(journalist_client):
    upload = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", content_type="application/pdf")

    response = journalist_client.post(reverse("sources:capture"), {"pdf": upload})

    assert response.status_code == 422
    assert "The file is not a PDF." in text_of(parse(response.content))
    assert not CaptureJob.objects.exists()


def test_a_link_already_captured_points_to_its_source(journalist_client):
    source = Source.objects.create(title="Already here", url="https://example.org/story")

    response = start(journalist_client, "https://example.org/story")

    assert response.status_code == 422
    assert "already captured as “Already here”" in text_of(parse(response.content))
    links = [a.get("href") for a in parse(response.content).iter("a")]
    assert reverse("workspace:reader", args=[source.pk]) in links


def test_the_progress_page_shows_the_steps_and_polls_until_done(journalist_client, news_site, run_tasks):
    response = start(journalist_client, news_site.url("/news/homs"))
    job = CaptureJob.objects.get()
    assert response["Location"] == reverse("sources:capture-job", args=[job.pk])

    page = journalist_client.get(response["Location"])
    status = parse(page.content).find(".//*[@id='capture-status']")
    assert status.get("hx-trigger") == "every 1s"
    steps = [text_of(li) for li in status.iter("li")]
    assert steps[:3] == ["Queued", "Fetching", "Extracting the text"]
    assert status.find(".//li[@aria-current='step']").text.strip() == "Queued"

    polled = journalist_client.get(response["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 200 and b"capture-status" in polled.content

    run_tasks()
    finished = journalist_client.get(response["Location"], headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


def test_a_failed_capture_says_why_and_offers_to_try_again(journalist_client, news_site, run_tasks):
    job = ready_job(journalist_client, news_site, run_tasks, path="/missing")
    assert job.state == State.FAILED

    page = journalist_client.get(reverse("sources:capture-job", args=[job.pk]))

    text = text_of(parse(page.content))
    assert "The capture failed." in text and "Not found" in text
    forms = [f.get("action") for f in parse(page.content).iter("form")]
    assert reverse("sources:capture-retry", args=[job.pk]) in forms


def test_the_review_form_is_filled_from_the_page_and_saves_corrections(
    journalist_client, news_site, run_tasks
):
    job = ready_job(journalist_client, news_site, run_tasks)
    url = reverse("sources:capture-job", args=[job.pk])

    values = form_values(journalist_client.get(url).content)
    assert values["title"] == pages.TITLE
    assert values["outlet"] == pages.OUTLET
    assert values["url"] == news_site.url("/news/homs")
    assert pages.ARTICLE_PARAGRAPHS[0] in values["text"]

    values["title"] = "Corrected headline"
    response = journalist_client.post(url, values)

    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:reader", args=[source.pk])
    assert source.title == "Corrected headline"
    assert source.current_revision().capture == job.capture


def test_an_empty_text_is_refused_and_nothing_saved(journalist_client, news_site, run_tasks):
    job = ready_job(journalist_client, news_site, run_tasks)
    url = reverse("sources:capture-job", args=[job.pk])
    values = form_values(journalist_client.get(url).content) | {"text": "   "}

    response = journalist_client.post(url, values)

    assert response.status_code == 422
    assert "The text cannot be empty." in text_of(parse(response.content))
    assert not Source.objects.exists()


def test_the_whole_page_is_offered_where_no_article_was_found(journalist_client, news_site, run_tasks):
    job = ready_job(journalist_client, news_site, run_tasks, path="/index")

    page = journalist_client.get(reverse("sources:capture-job", args=[job.pk]))

    assert "found no article on this page" in text_of(parse(page.content))
    assert form_values(page.content)["text"] == job.capture.whole_page_text


def saved_source(client, news_site, run_tasks) -> Source:
    job = ready_job(client, news_site, run_tasks)
    url = reverse("sources:capture-job", args=[job.pk])
    client.post(url, form_values(client.get(url).content))
    return Source.objects.get()


def test_the_reader_shows_the_capture_and_checks_for_changes(journalist_client, news_site, run_tasks):
    source = saved_source(journalist_client, news_site, run_tasks)
    reader = journalist_client.get(reverse("workspace:reader", args=[source.pk]))
    capture = source.captures.get()
    assert capture.sha256 in text_of(parse(reader.content))
    check = reverse("sources:recheck", args=[source.pk])
    assert check in [f.get("action") for f in parse(reader.content).iter("form")]

    news_site.publish("/news/homs", pages.HOMS_ARTICLE_EDITED_BYTES)
    response = journalist_client.post(check)
    run_tasks()
    job = CaptureJob.objects.get(kind=CaptureJob.Kind.RECHECK)
    assert response["Location"] == reverse("sources:capture-job", args=[job.pk])

    reader = journalist_client.get(reverse("workspace:reader", args=[source.pk]))
    diff = parse(reader.content).find(".//*[@class='word-diff']")
    assert diff is not None
    assert any(pages.CHANGED_SENTENCE.split()[-1].strip(".") in text_of(ins) for ins in diff.iter("ins"))
    assert "Changed on" in text_of(parse(reader.content))


def test_the_archived_page_is_served_in_a_sandbox(journalist_client, news_site, run_tasks):
    source = saved_source(journalist_client, news_site, run_tasks)
    capture = source.captures.get()

    page = journalist_client.get(reverse("sources:archived", args=[capture.pk]))
    frame = parse(page.content).find(".//iframe")
    assert frame.get("sandbox") == ""
    assert frame.get("src") == reverse("sources:archived-page", args=[capture.pk])

    response = journalist_client.get(frame.get("src"))
    assert response.content == pages.HOMS_ARTICLE_BYTES
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy  # nothing but default-src 'none' for scripts
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_warc_file_downloads_for_the_newsroom(journalist_client, news_site, run_tasks):
    source = saved_source(journalist_client, news_site, run_tasks)
    capture = source.captures.get()

    response = journalist_client.get(reverse("sources:archived-warc", args=[capture.pk]))

    assert response["Content-Type"] == "application/warc"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    import hashlib

    assert hashlib.sha256(data).hexdigest() == capture.warc_sha256


def test_readers_and_strangers_cannot_reach_the_capture_pages(client, news_site, run_tasks, journalist):
    job = jobs.start_link_capture(url=news_site.url("/news/homs"), by=journalist)
    urls = [reverse("sources:capture"), reverse("sources:capture-job", args=[job.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user())
    for url in urls:
        assert client.get(url).status_code == 403


def published_source(client, news_site, run_tasks) -> Source:
    source = saved_source(client, news_site, run_tasks)
    revision = source.current_revision()
    quote = make_quote(revision=revision, exact="Russian Foreign Minister Sergei Lavrov")
    claim = make_claim(published_at=timezone.now())
    make_appearance(claim=claim, quote=quote)
    return source


def test_the_public_source_page_says_when_it_was_captured(client, journalist, news_site, run_tasks):
    staff = client
    staff.force_login(journalist)
    source = published_source(staff, news_site, run_tasks)
    staff.logout()
    capture = source.captures.get()

    page = client.get(reverse("claims:source", args=[source.pk]))

    text = text_of(parse(page.content))
    assert "Captured from the web on" in text
    assert capture.sha256 in text
    links = [a.get("href") for a in parse(page.content).iter("a")]
    assert reverse("claims:source-archive", args=[source.pk, capture.pk]) not in links
    assert client.get(reverse("claims:source-archive", args=[source.pk, capture.pk])).status_code == 404


def test_readers_may_download_the_archive_where_the_newsroom_allows(
    settings,
    client,
    journalist,
    news_site,
    run_tasks,
):
    settings.PUBLIC_ARCHIVE = True
    client.force_login(journalist)
    source = published_source(client, news_site, run_tasks)
    client.logout()
    capture = source.captures.get()
    url = reverse("claims:source-archive", args=[source.pk, capture.pk])

    page = client.get(reverse("claims:source", args=[source.pk]))

    assert url in [a.get("href") for a in parse(page.content).iter("a")]
    assert client.get(url)["Content-Type"] == "application/warc"


def test_a_pdf_upload_shows_its_pages_in_the_reader(journalist_client, run_tasks):
    upload = SimpleUploadedFile(
        "report.pdf", pdfs.make_pdf(pdfs.REPORT_PAGES), content_type="application/pdf"
    )
    response = journalist_client.post(reverse("sources:capture"), {"pdf": upload})
    run_tasks()
    job = CaptureJob.objects.get()
    assert response["Location"] == reverse("sources:capture-job", args=[job.pk])
    values = form_values(journalist_client.get(response["Location"]).content)
    values["title"] = "UN report"
    journalist_client.post(response["Location"], values)
    source = Source.objects.get()
    revision = source.current_revision()
    second_page = revision.text[revision.page_starts[1] :]
    make_quote(revision=revision, exact=second_page[:20])

    reader = journalist_client.get(reverse("workspace:reader", args=[source.pk]))

    markers = [text_of(d) for d in parse(reader.content).iter("div") if d.get("class") == "page-marker"]
    assert markers[:2] == ["p. 1", "p. 2"]
    pages_of_quotes = [text_of(p) for p in parse(reader.content).iter("p") if p.get("class") == "quote-page"]
    assert pages_of_quotes == ["p. 2"]


def test_a_pdf_given_on_the_paste_or_upload_form_is_captured_too(journalist_client):
    upload = SimpleUploadedFile(
        "statement.pdf", pdfs.make_pdf(pdfs.REPORT_PAGES), content_type="application/pdf"
    )

    response = journalist_client.post(reverse("sources:import"), {"upload": upload, "text_format": "plain"})

    job = CaptureJob.objects.get()
    assert (job.kind, job.capture.filename) == (CaptureJob.Kind.PDF, "statement.pdf")
    assert response["Location"] == reverse("sources:capture-job", args=[job.pk])


def test_a_false_pdf_on_the_paste_or_upload_form_is_refused_in_words(journalist_client):
    upload = SimpleUploadedFile("statement.pdf", b"just some text", content_type="application/pdf")

    response = journalist_client.post(reverse("sources:import"), {"upload": upload, "text_format": "plain"})

    assert response.status_code == 422
    assert "The file is not a PDF." in text_of(parse(response.content))
    assert not CaptureJob.objects.exists()
