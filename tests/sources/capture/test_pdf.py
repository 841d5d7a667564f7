"""A PDF's text page by page, its metadata, and the PDFs that are refused."""

import pickle
from datetime import date, datetime

import pytest

from sources.capture.pdf import MIN_LETTERS_PER_PAGE, PdfRefused, extract_pdf, page_of
from sources.text import normalize_text
from tests.sources.capture import pdfs

FIRST_PAGE = [
    "Syrian Network for Human Rights",
    "Report on the Russian airstrikes of 30 September 2015 in rural Homs",
]
SECOND_PAGE = [
    "Talbiseh: 17 civilians killed, among them five children.",
    "Al-Zafaraneh and Rastan: 19 civilians killed (names in the annex).",
]
THIRD_PAGE = ["Annex: the names of the victims, as their families gave them."]


def report(**metadata) -> bytes:
    return pdfs.make_pdf([FIRST_PAGE, SECOND_PAGE, THIRD_PAGE], **metadata)


# Text and pages


def test_the_text_is_each_pages_lines_with_pages_separated_by_a_blank_line():
    extracted = extract_pdf(report(), max_pages=10)
    assert extracted.text == "\n\n".join("\n".join(page) for page in (FIRST_PAGE, SECOND_PAGE, THIRD_PAGE))
    assert extracted.page_count == 3


def test_the_text_is_canonical():
    text = extract_pdf(report(), max_pages=10).text
    assert normalize_text(text) == text


def test_each_page_start_is_where_that_pages_first_words_are():
    extracted = extract_pdf(report(), max_pages=10)
    assert len(extracted.page_starts) == 3
    for start, page in zip(extracted.page_starts, (FIRST_PAGE, SECOND_PAGE, THIRD_PAGE), strict=True):
        assert extracted.text[start:].startswith(page[0])
    assert extracted.page_starts[0] == 0


def test_an_empty_page_starts_where_the_next_text_starts():
    pdf = pdfs.make_pdf([[], FIRST_PAGE, [], [], SECOND_PAGE, []])
    extracted = extract_pdf(pdf, max_pages=10)
    second = extracted.text.index(SECOND_PAGE[0])
    assert extracted.page_starts == (0, 0, second, second, second, len(extracted.text))
    assert "\n\n\n" not in extracted.text


def test_page_of_finds_the_page_an_offset_is_on():
    extracted = extract_pdf(report(), max_pages=10)
    assert page_of(extracted.page_starts, 0) == 1
    assert page_of(extracted.page_starts, extracted.text.index("Homs")) == 1
    assert page_of(extracted.page_starts, extracted.text.index("Talbiseh")) == 2
    assert page_of(extracted.page_starts, extracted.text.index("Rastan")) == 2
    assert page_of(extracted.page_starts, extracted.text.index("Annex")) == 3
    assert page_of(extracted.page_starts, len(extracted.text) - 1) == 3


def test_the_blank_line_between_pages_belongs_to_the_earlier_page():
    extracted = extract_pdf(report(), max_pages=10)
    separator = extracted.page_starts[1] - 2
    assert extracted.text[separator : separator + 2] == "\n\n"
    assert page_of(extracted.page_starts, separator) == 1
    assert page_of(extracted.page_starts, separator + 2) == 2


def test_page_of_skips_empty_pages():
    starts = extract_pdf(pdfs.make_pdf([FIRST_PAGE, [], [], SECOND_PAGE]), max_pages=10).page_starts
    assert page_of(starts, starts[3]) == 4


def test_page_of_refuses_a_negative_offset():
    with pytest.raises(ValueError):
        page_of((0, 10), -1)


# Metadata


def test_metadata_comes_from_the_info_dictionary_and_the_catalog():
    pdf = report(
        title="Russian  airstrikes\non rural Homs",
        author="Syrian Network for Human Rights; Fadel Abdul Ghany",
        created=datetime(2015, 10, 2, 9, 30),
        language="en-GB",
    )
    extracted = extract_pdf(pdf, max_pages=10)
    assert extracted.title == "Russian airstrikes on rural Homs"
    assert extracted.authors == ("Syrian Network for Human Rights", "Fadel Abdul Ghany")
    assert extracted.published_on == date(2015, 10, 2)
    assert extracted.language == "en"


def test_a_pdf_without_metadata_has_empty_fields():
    extracted = extract_pdf(report(), max_pages=10)
    assert extracted.title == extracted.language == ""
    assert extracted.authors == ()
    assert extracted.published_on is None


def test_a_malformed_creation_date_is_left_empty():
    pdf = report(title="Report").replace(b"/Title (Report)", b"/Title (Report) /CreationDate (yesterday)")
    # The info dictionary grew, so the offsets after it in the xref are off;
    # pypdf rebuilds them, as it does for many real files.
    extracted = extract_pdf(pdf, max_pages=10)
    assert extracted.published_on is None
    assert extracted.title == "Report"


# Refusals


def refusal(body: bytes, *, max_pages: int = 10) -> PdfRefused:
    with pytest.raises(PdfRefused) as caught:
        extract_pdf(body, max_pages=max_pages)
    return caught.value


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a PDF</body></html>", b"PK\x03\x04zipfile"])
def test_a_file_that_is_not_a_pdf_is_refused(body):
    assert refusal(body).code == "not_a_pdf"


def test_a_password_protected_pdf_is_refused():
    error = refusal(pdfs.encrypt(report(), user_password="s3cret"))
    assert error.code == "encrypted"
    assert "password-protected" in error.message


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_that_opens_without_a_password_is_read(algorithm):
    body = pdfs.encrypt(report(title="Report"), user_password="", algorithm=algorithm)

    extracted = extract_pdf(body, max_pages=10)

    assert extracted.page_count == 3
    assert FIRST_PAGE[0] in extracted.text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_pdf_with_a_password_is_refused_as_encrypted(algorithm):
    error = refusal(pdfs.encrypt(report(), user_password="s3cret", algorithm=algorithm))

    assert error.code == "encrypted"


def test_a_pdf_encrypted_with_an_empty_password_is_read():
    extracted = extract_pdf(pdfs.encrypt(report(title="Report"), user_password=""), max_pages=10)
    assert extracted.text.startswith(FIRST_PAGE[0])
    assert extracted.title == "Report"


def test_a_pdf_with_more_pages_than_the_limit_is_refused_with_both_numbers():
    error = refusal(pdfs.make_many_pages_pdf(1200), max_pages=500)
    assert error.code == "too_many_pages"
    assert error.message.startswith("This PDF has 1,200 pages, and Counterclaim reads at most 500.")


def test_a_pdf_at_the_page_limit_is_read():
    assert extract_pdf(pdfs.make_many_pages_pdf(25), max_pages=25).page_count == 25


def test_a_scanned_pdf_is_refused_for_having_no_text_layer():
    error = refusal(pdfs.make_scanned_pdf(page_count=4))
    assert error.code == "no_text_layer"
    assert error.message == (
        "This PDF has no text layer: it looks like a scanned image. "
        "Run it through OCR first, or paste its text."
    )


def test_a_pdf_averaging_fewer_than_twenty_letters_a_page_counts_as_a_scan():
    # A scan with a stamped page number: a few letters a page, not a text.
    stamped = pdfs.make_pdf([["Page 1 of 3"], ["Page 2 of 3"], ["Page 3 of 3"]])
    assert refusal(stamped).code == "no_text_layer"
    assert MIN_LETTERS_PER_PAGE == 20
    just_enough = pdfs.make_pdf([["a" * 20], ["b" * 20]])
    assert extract_pdf(just_enough, max_pages=10).page_count == 2


@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.4\nthis is not a PDF body at all", b"%PDF-1.7\n" + bytes(range(256)) * 8],
    ids=["text after the header", "binary after the header"],
)
def test_a_broken_pdf_is_refused_as_unreadable(body):
    assert refusal(body).code == "unreadable"


def test_a_truncated_pdf_is_refused_as_unreadable():
    assert refusal(report()[:300]).code == "unreadable"


@pytest.mark.parametrize("code", ["not_a_pdf", "encrypted", "too_many_pages", "no_text_layer", "unreadable"])
def test_a_refusal_survives_pickling_with_its_code_and_message(code):
    error = PdfRefused.because(code, pages="600", limit="500")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is PdfRefused
    assert (copy.code, copy.message, str(copy)) == (error.code, error.message, error.message)
