"""The invariants of sources, revisions and quotes, checked twice: the
database refuses a bad row (the last line of defence, for code that skips
validation), and ``full_clean`` explains the problem in words a journalist can
act on (what forms show)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Quote, Source, SourceRevision
from tests.factories import make_quote, make_source

pytestmark = pytest.mark.django_db

TEXT = "Officials said 36 civilians were killed."

BAD_URLS = ["javascript:alert(1)", "ftp://x.org/f", "data:text/html,x"]
HTTP_URL_MESSAGE = "Enter a web address that starts with http:// or https://."


def revision_of(text: str = TEXT) -> SourceRevision:
    return make_source(text=text).current_revision()


# Quote: start before end


@pytest.mark.parametrize(("start", "end"), [(10, 5), (7, 7)])
def test_database_refuses_a_quote_that_does_not_start_before_it_ends(start, end):
    quote = Quote.from_position(revision_of(), start, end)

    with pytest.raises(IntegrityError), transaction.atomic():
        quote.save()
    assert not Quote.objects.exists()


@pytest.mark.parametrize(("start", "end"), [(10, 5), (7, 7)])
def test_full_clean_explains_a_quote_that_does_not_start_before_it_ends(start, end):
    # Some words are given so that the only fault is the position.
    quote = Quote(revision=revision_of(), start=start, end=end, exact="36 civilians")

    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert error.value.message_dict == {"end": ["A quote must start before it ends."]}


# Quote: the exact words are the text at the position


def test_full_clean_refuses_quoted_words_that_differ_from_the_text():
    quote = Quote.from_position(revision_of(), 15, 27)
    assert quote.exact == "36 civilians"
    quote.exact = "63 civilians"

    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert error.value.message_dict == {
        "exact": ["The quoted words do not match the source's text at the given position."]
    }


def test_full_clean_accepts_quoted_words_that_match_the_text():
    quote = Quote.from_position(revision_of(), 15, 27)

    quote.full_clean()


def test_an_orphaned_quote_keeps_its_words_when_the_text_no_longer_matches():
    quote = Quote.from_position(revision_of(), 15, 27, orphaned=True)
    quote.exact = "63 civilians"

    quote.full_clean()


# Quote: inside the text. The database cannot compare a quote's end with the
# length of another table's text, so this rule lives in the model only.


def test_full_clean_refuses_a_quote_that_ends_after_the_text():
    revision = revision_of()
    quote = Quote.from_position(revision, 15, len(TEXT) + 5)

    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    end, length = len(TEXT) + 5, len(TEXT)
    assert error.value.message_dict == {
        "end": [f"The quote ends at character {end}, after the end of the text ({length} characters)."]
    }


def test_a_quote_may_end_at_the_last_character():
    quote = Quote.from_position(revision_of(), 15, len(TEXT))

    quote.full_clean()
    quote.save()


def test_make_quote_fills_both_selectors():
    revision = revision_of()

    quote = make_quote(revision=revision, exact="civilians")

    assert (quote.start, quote.end) == (18, 27)
    assert quote.prefix == "Officials said 36 "
    assert quote.suffix == " were killed."


# Source and its URL


@pytest.mark.parametrize("url", BAD_URLS)
def test_database_refuses_a_source_url_that_is_not_http(url):
    source = Source(title="A report", url=url)

    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_full_clean_explains_a_source_url_that_is_not_http(url):
    source = Source(title="A report", url=url)

    with pytest.raises(ValidationError) as error:
        source.full_clean()
    # URLField's own validator may add its generic "Enter a valid URL." first.
    assert HTTP_URL_MESSAGE in error.value.message_dict["url"]
    assert error.value.message_dict.keys() == {"url"}


@pytest.mark.parametrize(
    "url", ["https://example.org/a", "http://example.org/a", "HTTPS://example.org/upper-case-scheme", ""]
)
def test_a_source_url_may_be_http_https_or_empty(url):
    source = Source(title="A report", url=url)

    source.full_clean()
    source.save()


# Source language


def test_full_clean_refuses_an_unknown_language():
    source = Source(title="A report", language="xx")

    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert error.value.message_dict == {"language": ["Value 'xx' is not a valid choice."]}


@pytest.mark.parametrize("language", ["ar", "ru", "en", "uk", "fa", "he"])
def test_full_clean_accepts_the_languages_we_report_in(language):
    Source(title="A report", language=language).full_clean()


# SourceRevision


def test_a_saved_revision_cannot_be_saved_again():
    revision = revision_of()
    revision.text = "Officials said 63 civilians were killed."

    with pytest.raises(ValidationError) as error:
        revision.save()
    assert error.value.messages == ["A revision is never overwritten: save the new text as a new revision."]
    revision.refresh_from_db()
    assert revision.text == TEXT


def test_a_revision_stores_the_sha256_of_its_utf8_text():
    text = "قال المسؤولون إن 36 مدنياً قتلوا."

    revision = revision_of(text)

    assert revision.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    revision.refresh_from_db()
    assert revision.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_sha256_of_a_known_text():
    assert revision_of("abc").sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_database_refuses_an_empty_revision():
    source = make_source()
    revision = SourceRevision(source=source, number=2, text="")

    with pytest.raises(IntegrityError), transaction.atomic():
        revision.save()
    assert source.revisions.count() == 1


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_full_clean_explains_an_empty_revision(text):
    revision = SourceRevision(source=make_source(), number=2, text=text)

    with pytest.raises(ValidationError) as error:
        revision.full_clean()
    assert "A source's text cannot be empty." in error.value.message_dict["text"]
    assert error.value.message_dict.keys() == {"text"}


def test_database_refuses_two_revisions_with_one_number():
    source = make_source()

    with pytest.raises(IntegrityError), transaction.atomic():
        SourceRevision.objects.create(source=source, number=1, text="Another text.")


def test_current_revision_is_the_newest():
    source = make_source(text="First.")
    SourceRevision.objects.create(source=source, number=2, text="Second.")

    assert source.current_revision().text == "Second."
    assert list(SourceRevision.objects.current().values_list("text", flat=True)) == ["Second."]


def test_quote_context_for_display_is_cut_at_words_with_ellipses():
    text = "One two three four five six seven eight nine ten eleven twelve. " * 3
    source = make_source(text=text)
    revision = source.current_revision()
    middle = text.index("nine", 64)
    quote = Quote.from_position(revision, middle, middle + len("nine"))

    assert quote.lead_in.startswith("…")
    assert not quote.lead_in.startswith("… ")
    assert text[: quote.start].endswith(quote.lead_in[1:])
    assert quote.lead_out.endswith("…")
    assert text[quote.end :].startswith(quote.lead_out[:-1])


def test_quote_context_at_the_ends_of_the_text_has_no_ellipsis():
    source = make_source(text="Short text here.")
    revision = source.current_revision()
    quote = Quote.from_position(revision, 6, 10)

    assert quote.lead_in == "Short "
    assert quote.lead_out == " here."
