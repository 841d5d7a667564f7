"""An imported document whose markup would swallow the text after it is
refused with a message that names the culprit, rather than imported with
that text silently missing (issue 15, item 5)."""

import pytest

from sources.forms import SourceImportForm
from sources.unclosed import unclosed_construct

AFTER = "<p>The paragraph after it.</p>"

SWALLOWING = {
    "textarea": "<textarea>x",
    "title": "<title>x",
    "style": "<style>x",
    "script": "<script>x",
    "noscript": "<noscript>x",
    "xmp": "<xmp>x",
    "plaintext": "<plaintext>x",
    "iframe": "<iframe>x",
    "noembed": "<noembed>x",
    "noframes": "<noframes>x",
    "<!--": "<!-- x",
    "math": "<math><mi>x",
    "select": "<select>x",
    "template": "<template>x",
    "nav": "<nav>x",
}


@pytest.mark.parametrize(("culprit", "construct"), SWALLOWING.items())
def test_a_construct_that_swallows_the_rest_is_named_with_its_line(culprit, construct):
    html = f"<p>Before.</p>\n\n{construct}{AFTER}"
    message = unclosed_construct(html)
    assert message is not None
    name = culprit if culprit.startswith("<") else f"<{culprit}>"
    assert f"The HTML has an unclosed {name} at line 3" in message
    assert "everything after it would be lost" in message


@pytest.mark.parametrize(
    "html",
    [
        "<p>Before.</p><textarea>x</textarea>" + AFTER,
        "<p>Before.</p><!-- a comment -->" + AFTER,
        "<p>Before.</p><svg><style>x" + AFTER,  # <p> leaves the SVG: nothing lost
        "<p>Before.</p><script>var a = 1;</script><nav>Home</nav>" + AFTER,
        "<p>Before.</p><nav>",  # unclosed, but holds no text
        "<p>Unclosed paragraphs<p>are fine<div>and so are divs",
    ],
)
def test_closed_or_empty_constructs_are_fine(html):
    assert unclosed_construct(html) is None


def form(text: str) -> SourceImportForm:
    return SourceImportForm(
        data={"title": "A report", "kind": "article", "language": "en", "text": text, "text_format": "html"}
    )


@pytest.mark.django_db
def test_the_import_form_refuses_a_document_that_would_lose_text():
    bound = form("<p>Before.</p>\n<textarea>\n" + AFTER)
    assert not bound.is_valid()
    assert bound.errors["text"] == [
        "The HTML has an unclosed <textarea> at line 2; everything after it would be lost. "
        "Close it or paste the text as plain text."
    ]


@pytest.mark.django_db
def test_the_import_form_takes_a_well_formed_document():
    bound = form("<p>Before.</p><textarea>x</textarea>" + AFTER)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["canonical_text"] == "Before.\n\nThe paragraph after it."
