"""A source's canonical text, from HTML and from plain text."""

import unicodedata

import pytest

from sources.text import html_to_text, normalize_text

ARABIC = "قال رئيس الائتلاف الوطني السوري إن الغارات قتلت 36 مدنيا"
RUSSIAN = "Министр иностранных дел назвал обвинения «абсолютно ложными»"


# html_to_text


def test_block_elements_become_paragraphs_separated_by_one_blank_line():
    html = (
        "<h1>Title</h1><p>First.</p><div>Second.</div>"
        "<blockquote>Third.</blockquote><ul><li>a</li><li>b</li></ul>"
    )
    assert html_to_text(html) == "Title\n\nFirst.\n\nSecond.\n\nThird.\n\na\n\nb"


def test_a_line_break_ends_a_paragraph():
    assert html_to_text("<p>One<br>Two<br><br>Three</p>") == "One\n\nTwo\n\nThree"


def test_whitespace_inside_a_paragraph_collapses_to_single_spaces():
    html = "<p>  Khoja   said\n\t36 <b>civilians</b>&nbsp;were\r\nkilled.  </p>"
    assert html_to_text(html) == "Khoja said 36 civilians were killed."


def test_inline_elements_do_not_split_words_or_paragraphs():
    assert html_to_text("<p>kill<em>ed</em> <a href='/x'>36</a> civilians</p>") == "killed 36 civilians"


def test_entities_are_decoded():
    assert html_to_text("<p>Russia &amp; Syria &lt;said&gt; &quot;no&quot; &#8212; &mdash; &eacute;</p>") == (
        'Russia & Syria <said> "no" — — é'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>Text</p><script>alert('x')</script>",
        "<style>p { color: red }</style><p>Text</p>",
        "<head><title>Page title</title></head><body><p>Text</p></body>",
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><p>Text</p>",
        "<p>Text</p><noscript>Enable JavaScript</noscript><template><p>hidden</p></template>",
        "<p>Text</p><svg><text>chart label</text></svg><iframe src='x'>frame</iframe>",
        "<!-- a comment --><p>Text</p>",
    ],
)
def test_code_head_and_navigation_are_left_out(html):
    assert html_to_text(html) == "Text"


def test_text_after_a_removed_element_is_kept():
    assert html_to_text("<p>Before<script>x()</script> after</p>") == "Before after"


def test_table_rows_are_paragraphs_and_cells_are_spaced():
    html = "<table><tr><th>Place</th><th>Killed</th></tr><tr><td>Talbiseh</td><td>17</td></tr></table>"
    assert html_to_text(html) == "Place Killed\n\nTalbiseh 17"


def test_arabic_russian_and_emoji_are_kept_as_they_are():
    html = f"<p dir='rtl'>{ARABIC}</p><p>{RUSSIAN}</p><p>Flag 🇸🇾 and 👩‍⚕️</p>"
    assert html_to_text(html) == f"{ARABIC}\n\n{RUSSIAN}\n\nFlag 🇸🇾 and 👩‍⚕️"


def test_a_full_document_and_a_fragment_give_the_same_text():
    fragment = "<p>One</p><p>Two</p>"
    document = f"<!doctype html><html><head><meta charset='utf-8'></head><body>{fragment}</body></html>"
    assert html_to_text(document) == html_to_text(fragment) == "One\n\nTwo"


def test_broken_markup_is_read_as_a_browser_reads_it():
    assert html_to_text("<p>One<p>Two<div>Three") == "One\n\nTwo\n\nThree"


def test_deeply_nested_markup_does_not_exhaust_the_stack():
    assert html_to_text("<div>" * 5000 + "deep" + "</div>" * 5000) == "deep"


def test_markup_without_text_gives_an_empty_text():
    assert html_to_text("<p> </p><script>x</script><br>") == ""


def test_html_text_is_nfc_normalized():
    decomposed = "Cafe\u0301"
    assert html_to_text(f"<p>{decomposed}</p>") == "Café"


# normalize_text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_from_every_system_become_line_feeds(newline):
    assert normalize_text(f"one{newline}two{newline}{newline}three") == "one\ntwo\n\nthree"


def test_trailing_spaces_on_lines_are_removed():
    assert normalize_text("one  \ntwo\t\nthree") == "one\ntwo\nthree"


def test_runs_of_blank_lines_shrink_to_one():
    assert normalize_text("one\n\n\n\ntwo\n \n\t\n\nthree") == "one\n\ntwo\n\nthree"


def test_single_newlines_and_inner_spaces_are_kept():
    text = "KHOJA:  Thirty-six\nLAVROV:\tUntrue"
    assert normalize_text(text) == text


def test_leading_and_trailing_whitespace_is_stripped():
    assert normalize_text("\n\n  text \n\n") == "text"


def test_a_byte_order_mark_is_dropped():
    assert normalize_text("\ufeffText") == "Text"


def test_plain_text_is_nfc_normalized():
    composed, decomposed = "é", "e\u0301"
    assert normalize_text(decomposed) == composed
    assert unicodedata.is_normalized("NFC", normalize_text(f"{ARABIC}\n{RUSSIAN}"))


def test_arabic_russian_and_emoji_are_unchanged():
    text = f"{ARABIC}\n\n{RUSSIAN} 😀"
    assert normalize_text(text) == text
