"""Importing a source in the workspace: the form, its errors, duplicates,
who may use it, and the list of sources."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from sources import views
from sources.forms import MAX_UPLOAD_BYTES
from sources.models import Source, SourceRevision
from sources.views import source_workspace_url
from tests.factories import make_source, make_user

pytestmark = pytest.mark.django_db

ARABIC = "قال رئيس الائتلاف الوطني السوري إن الغارات قتلت 36 مدنيا"
HTTP_ONLY = "Enter a web address that starts with http:// or https://."


def import_url() -> str:
    return reverse("sources:import")


@pytest.fixture
def journalist_client(client):
    client.force_login(make_user(groups=["Journalist"]))
    return client


def post(client, **fields):
    """Post the import form with valid metadata and a pasted text, changed by
    ``fields``; a field given as None is left out."""
    data = {
        "title": "Russia airstrike on Homs",
        "kind": "article",
        "outlet": "Middle East Eye",
        "url": "https://www.middleeasteye.net/news/homs",
        "authors": "Alex MacDonald",
        "language": "en",
        "published_on": "2015-10-01",
        "text_format": "plain",
        "text": "Khoja said 36 civilians were killed.",
    }
    data.update(fields)
    return client.post(import_url(), {name: value for name, value in data.items() if value is not None})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def row_counts() -> tuple[int, int]:
    return Source.objects.count(), SourceRevision.objects.count()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Bad input: a clear message, next to the field it is about, and nothing saved.

BAD_INPUT = [
    pytest.param({"text": ""}, "text", "Paste the text or upload a .txt or .html file.", id="no-text"),
    pytest.param(
        {"text": " \r\n\t "}, "text", "Paste the text or upload a .txt or .html file.", id="blank-text"
    ),
    pytest.param(
        {"text": "<p> </p><script>alert(1)</script><br>", "text_format": "html"},
        "text",
        "The text is empty once markup is removed.",
        id="html-without-text",
    ),
    pytest.param(
        {
            "text": "",
            "upload": upload("empty.html", b"<html><head><title>T</title></head><body> </body></html>"),
        },
        "upload",
        "The text is empty once markup is removed.",
        id="html-file-without-text",
    ),
    pytest.param(
        {"text": "", "upload": upload("blank.txt", b" \r\n \r\n")},
        "upload",
        "The file contains no text.",
        id="txt-file-without-text",
    ),
    pytest.param(
        {"text": "", "upload": upload("empty.txt", b"")}, "upload", "The file is empty.", id="empty-file"
    ),
    pytest.param(
        {"text": "Pasted.", "upload": upload("article.txt", b"Uploaded.")},
        None,
        "Give either pasted text or a file, not both.",
        id="both",
    ),
    pytest.param(
        {"text": "", "upload": upload("big.txt", b"a" * int(6.2 * 1024 * 1024))},
        "upload",
        "The file is 6.2 MB; the limit is 5 MB.",
        id="file-too-big",
    ),
    pytest.param(
        {"text": "", "upload": upload("just-over.txt", b"a" * (MAX_UPLOAD_BYTES + 1))},
        "upload",
        "The file is 5.1 MB; the limit is 5 MB.",
        id="file-just-over-the-limit",
    ),
    pytest.param(
        {"text": "", "upload": upload("article.docx", b"PK\x03\x04word/document.xml")},
        "upload",
        "Upload a .txt, .html or .pdf file.",
        id="word-document",
    ),
    pytest.param(
        {"text": "", "upload": upload("article", b"no extension")},
        "upload",
        "Upload a .txt, .html or .pdf file.",
        id="no-extension",
    ),
    pytest.param(
        {"text": "", "upload": upload("latin1.txt", "Café à Homs".encode("latin-1"))},
        "upload",
        "The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
        id="latin-1",
    ),
    pytest.param(
        {"text": "", "upload": upload("arabic.txt", ARABIC.encode("cp1256"))},
        "upload",
        "The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
        id="windows-arabic",
    ),
    pytest.param(
        {"text": "", "upload": upload("utf16.txt", "Khoja said".encode("utf-16"))},
        "upload",
        "The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
        id="utf-16",
    ),
    pytest.param(
        {"text": "", "upload": upload("image.txt", b"GIF89a\x01\x00\x00\x00text")},
        "upload",
        "The file is not a text file: it contains binary data. Upload a .txt, .html or .pdf file.",
        id="nul-bytes",
    ),
    pytest.param(
        {"text": "a" * 2_000_001},
        "text",
        "The text is 2,000,001 characters long; the limit is 2,000,000. "
        "Upload it as a .txt or .html file instead.",
        id="text-too-long",
    ),
    pytest.param({"url": "javascript:alert(1)"}, "url", HTTP_ONLY, id="javascript-url"),
    pytest.param({"url": "ftp://example.org/article.txt"}, "url", HTTP_ONLY, id="ftp-url"),
    pytest.param({"url": "www.example.org/article"}, "url", HTTP_ONLY, id="url-without-scheme"),
    pytest.param({"language": "xx-klingon"}, "language", "Choose a language from the list.", id="language"),
    pytest.param({"kind": "rumour"}, "kind", "Choose a kind of document from the list.", id="kind"),
    pytest.param({"title": ""}, "title", "Give the source a title.", id="no-title"),
    pytest.param(
        {"published_on": "1st October"},
        "published_on",
        "Enter the date as year-month-day, such as 2015-10-01.",
        id="bad-date",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    journalist_client, fields, field, message
):
    before = row_counts()
    response = post(journalist_client, **fields)
    assert response.status_code == 422
    form = response.context["form"]
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert errors == [message]
    page = response.content.decode()
    assert 'role="alert"' in page
    assert message.replace("'", "&#x27;") in page
    assert row_counts() == before


def test_field_errors_are_next_to_their_field_and_linked_from_the_summary(journalist_client):
    page = post(journalist_client, url="javascript:alert(1)").content.decode()
    assert f'<li><a href="#id_url">URL</a>: {HTTP_ONLY}</li>' in page
    assert f'<ul class="errorlist" id="id_url_error"><li>{HTTP_ONLY}</li></ul>' in page
    assert 'aria-invalid="true" aria-describedby="id_url_helptext id_url_error"' in page


def test_a_failed_upload_asks_for_the_file_again(journalist_client):
    page = post(journalist_client, text="", upload=upload("article.docx", b"PK\x03\x04")).content.decode()
    assert "choose the file again" in page


def test_the_pasted_text_is_kept_when_the_form_comes_back(journalist_client):
    page = post(journalist_client, title="", text="Khoja said 36 civilians were killed.").content.decode()
    assert "Khoja said 36 civilians were killed.</textarea>" in page


# Good input


def test_pasted_plain_text_is_imported_with_its_metadata(journalist_client):
    response = post(
        journalist_client, text="  Khoja said:\r\n36 civilians were killed.  \r\n\r\n\r\nLavrov denied it. "
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == source_workspace_url(source)
    assert messages_of(response) == [
        "Imported “Russia airstrike on Homs”. Select a passage to make a claim of it."
    ]
    assert (source.title, source.kind, source.outlet, source.url, source.authors, source.language) == (
        "Russia airstrike on Homs",
        "article",
        "Middle East Eye",
        "https://www.middleeasteye.net/news/homs",
        "Alex MacDonald",
        "en",
    )
    assert source.published_on == date(2015, 10, 1)
    journalist = response.wsgi_request.user
    assert source.created_by == journalist
    revision = source.revisions.get()
    assert revision.number == 1
    assert revision.created_by == journalist
    assert revision.text == "Khoja said:\n36 civilians were killed.\n\nLavrov denied it."
    assert source.history.get().history_user == journalist


def test_outlet_url_authors_and_date_may_be_left_empty(journalist_client):
    response = post(journalist_client, outlet="", url="", authors="", published_on="")
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.url, source.published_on) == ("", None)


def test_pasted_arabic_text_is_kept_as_it_is(journalist_client):
    post(journalist_client, text=f"{ARABIC}\n\nСергей Лавров 😀", language="ar")
    assert SourceRevision.objects.get().text == f"{ARABIC}\n\nСергей Лавров 😀"
    assert Source.objects.get().language == "ar"


def test_pasted_html_becomes_plain_text_with_its_paragraphs(journalist_client):
    post(
        journalist_client,
        text_format="html",
        text="<h1>Homs</h1><p>36 civilians&nbsp;were <b>killed</b>.</p>"
        "<script>track()</script><p>Lavrov &amp; Putin denied it.</p>",
    )
    assert (
        SourceRevision.objects.get().text == "Homs\n\n36 civilians were killed.\n\nLavrov & Putin denied it."
    )


def test_a_txt_upload_with_a_byte_order_mark_and_windows_newlines(journalist_client):
    content = (
        "\ufeffKhoja said 36 civilians were killed.\r\nHe spoke to AFP.\r\n\r\n\r\nLavrov denied it.\r\n"
    )
    response = post(journalist_client, text="", upload=upload("homs.txt", content.encode("utf-8")))
    assert response.status_code == 302
    assert SourceRevision.objects.get().text == (
        "Khoja said 36 civilians were killed.\nHe spoke to AFP.\n\nLavrov denied it."
    )


def test_an_html_upload_keeps_paragraphs_drops_scripts_and_decodes_entities(journalist_client):
    html = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Site title</title><style>p {{ color: red }}</style></head>
<body>
  <nav><a href="/">Home</a></nav>
  <article>
    <h1>Russia airstrike on Homs</h1>
    <p>Khoja said 36 civilians were killed,
       including five children.</p>
    <script>window.tracker = "secret";</script>
    <p>Lavrov called it &ldquo;completely untrue&rdquo; &amp; more.</p>
    <p dir="rtl">{ARABIC}</p>
  </article>
</body></html>"""
    response = post(journalist_client, text="", upload=upload("homs.HTML", html.encode("utf-8")))
    assert response.status_code == 302
    assert SourceRevision.objects.get().text == (
        "Russia airstrike on Homs\n\n"
        "Khoja said 36 civilians were killed, including five children.\n\n"
        "Lavrov called it “completely untrue” & more.\n\n"
        f"{ARABIC}"
    )


def test_an_htm_upload_is_read_as_html_whatever_the_format_says(journalist_client):
    post(journalist_client, text="", text_format="plain", upload=upload("homs.htm", b"<p>One</p><p>Two</p>"))
    assert SourceRevision.objects.get().text == "One\n\nTwo"


def test_a_txt_upload_is_read_as_plain_text_whatever_the_format_says(journalist_client):
    post(journalist_client, text="", text_format="html", upload=upload("notes.txt", b"a <b> tag"))
    assert SourceRevision.objects.get().text == "a <b> tag"


def test_a_file_just_at_the_limit_is_accepted(journalist_client):
    content = b"word " * (MAX_UPLOAD_BYTES // 5)
    assert len(content) == MAX_UPLOAD_BYTES
    response = post(journalist_client, text="", upload=upload("long.txt", content))
    assert response.status_code == 302


# Duplicates


def test_a_text_imported_before_takes_the_journalist_to_the_existing_source(journalist_client):
    existing = make_source(title="Homs article", text="Khoja said 36 civilians were killed.")
    before = row_counts()
    response = post(journalist_client, title="The same article again")
    assert response.status_code == 302
    assert response["Location"] == source_workspace_url(existing)
    assert messages_of(response) == ["This text was already imported as “Homs article”: here it is."]
    assert row_counts() == before


def test_the_same_text_is_recognised_whether_pasted_as_html_or_uploaded(journalist_client):
    existing = make_source(text="One\n\nTwo")
    before = row_counts()
    assert post(journalist_client, text="<p>One</p>\n<p>Two</p>", text_format="html")["Location"] == (
        source_workspace_url(existing)
    )
    assert post(journalist_client, text="", upload=upload("x.txt", b"One  \r\n\r\nTwo\r\n"))["Location"] == (
        source_workspace_url(existing)
    )
    assert row_counts() == before


# The form page


def test_the_form_has_a_label_and_help_text_for_every_field(journalist_client):
    response = journalist_client.get(import_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'role="alert"' not in page
    form = response.context["form"]
    for name, field in form.fields.items():
        bound = form[name]
        if bound.use_fieldset:
            assert f"<legend>{field.label}" in page
        else:
            assert f'<label for="{bound.id_for_label}">{field.label}' in page
        assert field.help_text
        assert f'id="{bound.auto_id}_helptext"' in page
    assert 'value="plain" required id="id_text_format_0" checked' in page


def test_a_source_url_leads_to_the_reader_when_there_is_one(monkeypatch):
    source = make_source()
    assert source_workspace_url(source) == reverse("workspace:reader", args=[source.pk])

    def reverse_without_reader(name, *args, **kwargs):
        if name == "workspace:reader":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", reverse_without_reader)
    assert source_workspace_url(source) == reverse("sources:list")


# Who may import and list sources


@pytest.mark.parametrize("name", ["sources:import", "sources:list"])
def test_anonymous_readers_are_sent_to_sign_in(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", ["sources:import", "sources:list"])
def test_an_account_in_neither_group_is_refused(client, name):
    client.force_login(make_user())
    assert client.get(reverse(name)).status_code == 403


def test_an_account_in_neither_group_cannot_import_by_posting(client):
    client.force_login(make_user())
    assert post(client).status_code == 403
    assert row_counts() == (0, 0)


def test_an_anonymous_post_imports_nothing(client):
    assert post(client).status_code == 302
    assert row_counts() == (0, 0)


@pytest.mark.parametrize("group", ["Journalist", "Editor"])
@pytest.mark.parametrize("name", ["sources:import", "sources:list"])
def test_journalists_and_editors_get_in(client, group, name):
    client.force_login(make_user(groups=[group]))
    assert client.get(reverse(name)).status_code == 200


def test_an_editor_can_import(client):
    client.force_login(make_user(groups=["Editor"]))
    assert post(client).status_code == 302
    assert row_counts() == (1, 1)


# The list of sources


def test_the_list_shows_each_source_newest_first_with_its_details(journalist_client):
    importer = make_user(username="rania")
    older = make_source(title="Older article", created_by=importer)
    newer = make_source(
        title="تقرير عن حمص",
        outlet="Al Jazeera",
        language="ar",
        published_on=date(2015, 10, 1),
        created_by=importer,
    )
    SourceRevision.objects.create(source=newer, number=2, text="A revised text.")
    page = journalist_client.get(reverse("sources:list")).content.decode()
    assert page.index("تقرير عن حمص") < page.index("Older article")
    assert f'<a href="{source_workspace_url(newer)}" dir="auto">تقرير عن حمص</a>' in page
    assert f'<a href="{source_workspace_url(older)}" dir="auto">Older article</a>' in page
    row = page[page.index("تقرير عن حمص") : page.index("</tr>", page.index("تقرير عن حمص"))]
    for expected in ("Al Jazeera", "Arabic", "1 Oct 2015", "<td>2</td>", "rania"):
        assert expected in row


def test_the_list_is_paginated_by_fifty(journalist_client):
    for n in range(51):
        make_source(title=f"Article {n:02d}")
    first = journalist_client.get(reverse("sources:list"))
    assert len(first.context["rows"]) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = journalist_client.get(reverse("sources:list"), {"page": 2})
    assert [source.title for source, _ in second.context["rows"]] == ["Article 00"]


def test_the_list_has_a_helpful_empty_state(journalist_client):
    page = journalist_client.get(reverse("sources:list")).content.decode()
    assert "No sources have been imported yet." in page
    assert f'href="{reverse("sources:import")}"' in page


def test_the_list_takes_the_same_number_of_queries_for_any_number_of_sources(
    journalist_client, django_assert_num_queries
):
    for n in range(5):
        make_source(title=f"Article {n}", created_by=make_user())
    # Session, user, permissions (two: the user's own and their groups'),
    # the count for the paginator, and the page of sources.
    with django_assert_num_queries(6):
        journalist_client.get(reverse("sources:list"))
    for n in range(5):
        make_source(title=f"More {n}", created_by=make_user())
    with django_assert_num_queries(6):
        journalist_client.get(reverse("sources:list"))
