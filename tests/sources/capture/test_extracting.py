"""An article's text and metadata from a captured page's bytes."""

import os
import socket
from datetime import date

import pytest

from sources.capture.extracting import MIN_ARTICLE_WORDS, decode_page, extract_article
from sources.text import html_to_text, normalize_text
from tests.sources.capture import pages


@pytest.fixture(scope="module")
def homs():
    return extract_article(pages.HOMS_ARTICLE_BYTES, url=pages.URL)


# The article's text


def test_the_article_text_is_the_story_paragraph_by_paragraph(homs):
    assert homs.text == "\n\n".join(pages.ARTICLE_PARAGRAPHS)
    assert len(homs.text.split("\n\n")) == len(pages.ARTICLE_PARAGRAPHS) == 25


def test_paragraphs_on_both_sides_of_the_newsletter_box_and_the_subheading_are_kept(homs):
    paragraphs = homs.text.split("\n\n")
    assert "Russian Foreign Minister Sergei Lavrov said on Thursday morning" in paragraphs[6]
    assert paragraphs[7].startswith("In a statement issued later in the day, the Kremlin said")
    assert pages.SUBHEADING in paragraphs
    assert paragraphs[-1].endswith("could not disguise the deep divisions Moscow's actions had revealed.")


@pytest.mark.parametrize("boilerplate", pages.BOILERPLATE)
def test_navigation_ads_newsletter_related_links_comments_and_footer_are_left_out(homs, boilerplate):
    assert boilerplate not in homs.text


@pytest.mark.parametrize(
    "label",
    [*pages.NAVIGATION_LINKS, "Subscribe", "Comments", "More on Syria", "Twitter", "Omar from Leeds"],
)
def test_menu_items_and_section_labels_are_not_paragraphs(homs, label):
    assert label not in homs.text.split("\n\n")


def test_the_text_is_canonical(homs):
    assert normalize_text(homs.text) == homs.text
    assert "\n\n\n" not in homs.text
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in homs.text.split("\n\n"))


def test_the_edited_article_shows_the_changed_sentence_and_the_added_paragraph():
    edited = extract_article(pages.HOMS_ARTICLE_EDITED_BYTES, url=pages.URL)
    assert edited.text == "\n\n".join(pages.EDITED_PARAGRAPHS)
    assert pages.CHANGED_SENTENCE in edited.text
    assert pages.ORIGINAL_SENTENCE not in edited.text
    assert edited.text.endswith(pages.ADDED_PARAGRAPH)


def test_a_table_in_the_article_is_kept_a_row_to_a_paragraph():
    paragraph = (
        "<p>The monitor counted the dead in each town of the province and gave the figures to "
        "reporters in Beirut on Thursday, a day after the strikes.</p>"
    )
    html = (
        f"<html><body><article>{paragraph * 3}<table><tr><th>Town</th><th>Killed</th></tr>"
        "<tr><td>Talbiseh</td><td>17</td></tr><tr><td>Rastan</td><td>9</td></tr></table>"
        "</article></body></html>"
    )
    text = extract_article(html.encode(), url="https://example.org/figures").text
    assert "Town Killed\n\nTalbiseh 17\n\nRastan 9" in text


def test_extraction_is_deterministic():
    first = extract_article(pages.HOMS_ARTICLE_BYTES, url=pages.URL)
    extract_article(pages.ARABIC_ARTICLE_BYTES, url=pages.URL)
    assert extract_article(pages.HOMS_ARTICLE_BYTES, url=pages.URL) == first


# Metadata


def test_metadata_comes_from_the_page(homs):
    assert homs.title == pages.TITLE
    assert homs.outlet == pages.OUTLET
    assert homs.authors == (pages.AUTHOR,)
    assert homs.published_on == date(2015, 9, 30)
    assert homs.language == "en"


def test_several_authors_are_kept_apart():
    html = pages.HOMS_ARTICLE.replace(
        f'<meta name="author" content="{pages.AUTHOR}">',
        '<meta name="author" content="Rori Donaghy"><meta name="author" content="Alex MacDonald">',
    )
    assert extract_article(html.encode(), url=pages.URL).authors == ("Rori Donaghy", "Alex MacDonald")


@pytest.mark.parametrize(
    ("declaration", "language"),
    [
        ('<html lang="en-GB">', "en"),
        ('<html lang="AR">', "ar"),
        ('<html><head><meta http-equiv="Content-Language" content="ru-RU"></head>', "ru"),
        ('<html><head><meta property="og:locale" content="ar_AR"></head>', "ar"),
        ('<html lang="und">', ""),
        ("<html>", ""),
    ],
)
def test_the_language_is_the_primary_subtag_the_page_declares(declaration, language):
    body = f"{declaration}<body><p>Text.</p></body></html>".encode()
    assert extract_article(body, url="https://example.org/").language == language


def test_a_page_without_metadata_has_empty_fields_and_no_date():
    body = b"<html><body><p>Only a paragraph, and nothing about who wrote it or when.</p></body></html>"
    extraction = extract_article(body, url="https://example.org/note")
    assert (extraction.title, extraction.authors, extraction.published_on, extraction.language) == (
        "",
        (),
        None,
        "",
    )


# Languages and encodings


def test_an_arabic_article_is_read_right_to_left_as_it_is():
    extraction = extract_article(pages.ARABIC_ARTICLE_BYTES, url="https://akhbar.example/homs")
    assert extraction.text == "\n\n".join(pages.ARABIC_PARAGRAPHS)
    assert (extraction.title, extraction.outlet, extraction.language) == (
        pages.ARABIC_TITLE,
        pages.ARABIC_OUTLET,
        "ar",
    )
    assert pages.ARABIC_NEWSLETTER not in extraction.text
    assert pages.ARABIC_FOOTER not in extraction.text
    assert extraction.useful


def test_a_windows_1251_page_is_decoded_by_its_meta_charset():
    extraction = extract_article(pages.RUSSIAN_ARTICLE_BYTES, url="https://vestnik.example/lavrov")
    for paragraph in pages.RUSSIAN_PARAGRAPHS:
        assert paragraph in extraction.text.split("\n\n")
    assert pages.RUSSIAN_FOOTER not in extraction.text
    assert (extraction.title, extraction.outlet, extraction.authors, extraction.language) == (
        pages.RUSSIAN_TITLE,
        pages.RUSSIAN_OUTLET,
        ("Ирина Соколова",),
        "ru",
    )
    assert extraction.published_on == date(2015, 10, 1)


def test_the_servers_charset_wins_over_the_pages():
    mislabelled = pages.RUSSIAN_ARTICLE.replace("windows-1251", "koi8-r").encode("windows-1251")
    assert pages.RUSSIAN_PARAGRAPHS[0] not in decode_page(mislabelled)
    assert pages.RUSSIAN_PARAGRAPHS[0] in decode_page(mislabelled, "windows-1251")


def test_an_undeclared_windows_1251_page_is_detected():
    undeclared = pages.RUSSIAN_ARTICLE_BYTES.replace(b'<meta charset="windows-1251">', b"")
    assert pages.RUSSIAN_PARAGRAPHS[0] in decode_page(undeclared)


def test_an_http_equiv_content_type_declares_the_charset_too():
    body = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Хомс</p>'
    assert decode_page(body.encode("windows-1251")).endswith("<p>Хомс</p>")


def test_a_byte_order_mark_wins_and_is_dropped():
    assert decode_page("\ufeff<p>Café</p>".encode("utf-16-le"), "iso-8859-1") == "<p>Café</p>"


def test_latin_1_is_read_as_windows_1252_as_browsers_do():
    assert decode_page(b"<p>\x93quoted\x94</p>", "ISO-8859-1") == "<p>\u201cquoted\u201d</p>"


def test_an_unknown_charset_falls_back_to_the_pages_own():
    assert decode_page("<p>Café</p>".encode(), "no-such-charset") == "<p>Café</p>"


def test_bytes_invalid_in_the_declared_encoding_become_replacement_characters():
    assert decode_page(b"<p>ok \xff\xfe</p>", "utf-8") == "<p>ok \ufffd\ufffd</p>"


# Pages without an article


def test_an_index_page_is_not_useful_but_keeps_its_whole_text():
    extraction = extract_article(pages.INDEX_PAGE_BYTES, url="https://www.middleeasteye.net/news")
    assert not extraction.useful
    assert len(extraction.text.split()) < MIN_ARTICLE_WORDS
    for headline in pages.INDEX_HEADLINES:
        assert headline in extraction.whole_page_text.split("\n\n")


def test_the_whole_page_text_is_html_to_text_of_the_page(homs):
    assert homs.whole_page_text == html_to_text(pages.HOMS_ARTICLE)
    assert pages.COMMENT in homs.whole_page_text


def test_an_article_needs_forty_words_to_be_useful():
    def page(words: int) -> bytes:
        sentence = " ".join(["word"] * words)
        return f"<html><body><article><p>{sentence}</p></article></body></html>".encode()

    assert extract_article(page(MIN_ARTICLE_WORDS), url="https://example.org/").useful
    assert not extract_article(page(MIN_ARTICLE_WORDS - 1), url="https://example.org/").useful
    assert MIN_ARTICLE_WORDS == 40


@pytest.mark.parametrize(
    "body",
    [
        os.urandom(4096),
        b"",
        b"\x00" * 100,
        b"\xff\xfe\x00\xd8",  # a UTF-16 mark and half a surrogate
        b"<html><body>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</body></html>",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    ],
    ids=["random", "empty", "nul bytes", "broken utf-16", "deeply nested", "a pdf"],
)
def test_garbage_bytes_do_not_raise(body):
    extraction = extract_article(body, url="https://example.org/")
    assert not extraction.useful
    assert isinstance(extraction.whole_page_text, str)


def test_extraction_never_touches_the_network(monkeypatch):
    # htmldate downloads a "page" that is a bare URL; the extractor must
    # never hand it one, whatever the body says.
    attempts = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: attempts.append(args) or [])
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    for body in (b"https://attacker.example/page", pages.HOMS_ARTICLE_BYTES, pages.INDEX_PAGE_BYTES):
        extract_article(body, url="https://attacker.example/page")
    assert attempts == []
