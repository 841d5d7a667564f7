"""The CSV downloads of the browse results and of a dispute's figures, read
back with Python's csv module as a spreadsheet would read them."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.domain.spreadsheets import CLAIM_COLUMNS, FIGURE_COLUMNS, neutralised
from claims.models import Claim, Figure, Verdict
from claims.public import browse
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_figure,
    make_quote,
    make_source,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
BROWSE_CSV = reverse("claims:browse-csv")
ARABIC = "قالت وزارة الدفاع إن الغارات قتلت 36 مدنيا في ريف حمص."
RUSSIAN = "Лавров назвал сообщения о жертвах среди мирных жителей ложью."
Stance = Claim.DisputeStance


def public_claim(**overrides) -> Claim:
    overrides.setdefault("published_at", PUBLISHED)
    return make_claim(**overrides)


def quoted(claim: Claim, text: str, exact: str, language: str = "en") -> Claim:
    source = make_source(text=text, language=language)
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact=exact))
    return claim


def read(response) -> list[dict[str, str]]:
    """The rows as a spreadsheet reads them, checking the file's form first."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


# --- The browse results ---------------------------------------------------------------


def test_one_row_per_public_claim_with_the_documented_columns(client):
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    speaker = make_speaker(name="Khaled Khoja")
    claim = quoted(
        public_claim(
            speaker=speaker,
            text="36 civilians were killed.",
            speaker_role="President of the Syrian National Coalition",
            claimed_on=date(2015, 9, 30),
            venue="interview with AFP",
            dispute=dispute,
            dispute_stance=Stance.AFFIRMS,
        ),
        ARABIC,
        "قتلت 36 مدنيا",
        language="ar",
    )
    make_verdict(claim=claim, rating=default_rating(slug="false"), state=Verdict.State.APPROVED)
    make_claim(text="Not published.")
    make_claim(text="Withdrawn.", published_at=PUBLISHED, withdrawn_at=PUBLISHED)

    response = client.get(BROWSE_CSV)
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert header(response) == list(CLAIM_COLUMNS)
    assert read(response) == [
        {
            "id": str(claim.pk),
            "url": f"http://testserver{claim.get_absolute_url()}",
            "speaker": "Khaled Khoja",
            "speaker_role": "President of the Syrian National Coalition",
            "wording": "36 civilians were killed.",
            "claimed_on": "2015-09-30",
            "venue": "interview with AFP",
            "rating": default_rating(slug="false").label,
            "dispute": "Did the strikes kill civilians?",
            "dispute_url": f"http://testserver{reverse('claims:dispute', args=[dispute.slug])}",
            "stance": "Says yes",
            "languages": "ar",
            "published_at": "2015-10-02T09:00:00+00:00",
        }
    ]


def test_arabic_and_russian_come_back_intact(client):
    arabic = quoted(public_claim(text=ARABIC, claimed_on=date(2015, 10, 2)), ARABIC, "ريف حمص", "ar")
    russian = quoted(
        public_claim(text=RUSSIAN, speaker=make_speaker(name="Сергей Лавров"), claimed_on=date(2015, 10, 1)),
        RUSSIAN,
        "мирных жителей",
        "ru",
    )
    rows = read(client.get(BROWSE_CSV))
    assert [(row["id"], row["wording"], row["languages"]) for row in rows] == [
        (str(arabic.pk), ARABIC, "ar"),
        (str(russian.pk), RUSSIAN, "ru"),
    ]
    assert rows[1]["speaker"] == "Сергей Лавров"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_start_a_formula_is_neutralised(client, start):
    wording = f'{start}HYPERLINK("https://evil.example","click")'
    public_claim(text=wording, speaker=make_speaker(name=f"{start}cmd|' /C calc'!A0"))
    (row,) = read(client.get(BROWSE_CSV))
    assert row["wording"] == "'" + wording
    assert row["speaker"] == f"'{start}cmd|' /C calc'!A0"


def test_ordinary_text_is_left_as_it_is():
    assert neutralised("36 civilians") == "36 civilians"
    assert neutralised("“=” in quotes") == "“=” in quotes"
    assert neutralised("") == ""


def test_the_filters_and_the_search_apply(client):
    lavrov = make_speaker(name="Sergei Lavrov")
    his = public_claim(speaker=lavrov, text="The allegations are completely untrue.")
    public_claim(text="The strikes hit civilians.")
    assert [row["id"] for row in read(client.get(BROWSE_CSV, {"speaker": lavrov.slug}))] == [str(his.pk)]
    assert [row["id"] for row in read(client.get(BROWSE_CSV, {"q": "untrue"}))] == [str(his.pk)]
    assert read(client.get(BROWSE_CSV, {"q": "untrue", "speaker": lavrov.slug, "rating": "unrated"}))
    assert read(client.get(BROWSE_CSV, {"rating": "false"})) == []


def test_invalid_filters_are_a_400_in_words(client):
    response = client.get(BROWSE_CSV, {"date_from": "yesterday"})
    assert response.status_code == 400
    assert "Enter the date as year-month-day" in response.content.decode()


def test_an_unpublished_dispute_is_not_named(client):
    draft = make_dispute(question="A dispute not yet published?")
    public_claim(dispute=draft, dispute_stance=Stance.DENIES)
    (row,) = read(client.get(BROWSE_CSV))
    assert row["dispute"] == row["dispute_url"] == row["stance"] == ""


def test_the_rows_stop_at_the_browse_pages_limit(client, monkeypatch):
    monkeypatch.setattr("claims.public.downloads.COUNT_LIMIT", 2)
    monkeypatch.setattr(browse, "COUNT_LIMIT", 2)
    for day in range(1, 5):
        public_claim(claimed_on=date(2015, 10, day))
    rows = read(client.get(BROWSE_CSV))
    assert [row["claimed_on"] for row in rows] == ["2015-10-04", "2015-10-03"]


def test_the_browse_page_links_its_csv_with_its_filters(client):
    lavrov = make_speaker(name="Sergei Lavrov")
    public_claim(speaker=lavrov)
    page = client.get(reverse("claims:browse"), {"speaker": lavrov.slug, "page": "1"}).content.decode()
    assert f'href="{BROWSE_CSV}?speaker={lavrov.slug}" download>Download these claims as CSV</a>' in page


def test_a_cached_download_stays_a_download(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    public_claim()
    first = client.get(BROWSE_CSV)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(BROWSE_CSV)
    assert len(queries) <= 1  # the generation only: served from the cache
    assert second.content == first.content
    assert second["Content-Type"] == "text/csv; charset=utf-8"
    assert second["Content-Disposition"] == 'attachment; filename="claims.csv"'


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(client, page_cache_off):
    quoted(public_claim(), ARABIC, "ريف حمص", "ar")
    few = count_queries(client, BROWSE_CSV)
    for _ in range(5):
        claim = quoted(public_claim(), RUSSIAN, "мирных жителей", "ru")
        make_verdict(claim=claim, state=Verdict.State.APPROVED)
    assert count_queries(client, BROWSE_CSV) == few


# --- A dispute's figures --------------------------------------------------------------


@pytest.fixture
def dispute():
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    source = make_source(
        title="Middle East Eye", text="Khoja said 36 civilians were killed, including five children."
    )
    khoja = public_claim(
        speaker=make_speaker(name="Khaled Khoja"), dispute=dispute, dispute_stance=Stance.AFFIRMS
    )
    quote = make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    make_appearance(claim=khoja, quote=quote)
    make_figure(claim=khoja, counted="civilians killed", value=Decimal(36), quote=quote)
    make_figure(claim=khoja, counted="children killed", value=Decimal(5), unit="people")
    ranged = public_claim(
        speaker=make_speaker(name="=Local activists"), dispute=dispute, dispute_stance=Stance.OTHER
    )
    make_figure(
        claim=ranged,
        counted="Civilians killed",
        value=None,
        minimum=Decimal("-2.5"),
        maximum=Decimal(40),
        qualifier=Figure.Qualifier.ABOUT,
    )
    unpublished = make_claim(dispute=dispute, dispute_stance=Stance.AFFIRMS)
    make_figure(claim=unpublished, counted="civilians killed", value=Decimal(99))
    public_claim(speaker=make_speaker(name="Sergei Lavrov"), dispute=dispute, dispute_stance=Stance.DENIES)
    return dispute, khoja, ranged, source


def figures_url(dispute) -> str:
    return reverse("claims:dispute-figures-csv", args=[dispute.slug])


def test_one_row_per_figure_of_the_public_claims(client, dispute):
    dispute, khoja, ranged, source = dispute
    response = client.get(figures_url(dispute))
    assert response["Content-Disposition"] == f'attachment; filename="{dispute.slug}-figures.csv"'
    assert header(response) == list(FIGURE_COLUMNS)
    rows = read(response)
    # The denial gives no figure, so it is no row; the unpublished claim's 99 is not there.
    assert [(row["speaker"], row["quantity"], row["as_shown"]) for row in rows] == [
        ("Khaled Khoja", "civilians killed", "36"),
        ("'=Local activists", "civilians killed", "about -2.5–40"),
        ("Khaled Khoja", "children killed", "5 people"),
    ]
    first, second, third = rows
    assert first == {
        "claim": str(khoja.pk),
        "claim_url": f"http://testserver{khoja.get_absolute_url()}",
        "speaker": "Khaled Khoja",
        "speaker_role": "",
        "stance": "Says yes",
        "quantity": "civilians killed",
        "value": "36",
        "min": "",
        "max": "",
        "unit": "",
        "qualifier": "",
        "as_shown": "36",
        "source": "Middle East Eye",
        "source_url": f"http://testserver{reverse('claims:source', args=[source.pk])}",
        "quote": "36 civilians were killed",
    }
    # A negative figure is a number, not a formula: written as it is.
    assert (second["value"], second["min"], second["max"], second["qualifier"]) == ("", "-2.5", "40", "About")
    # The children's figure has no quote of its own: the claim's appearance stands for it.
    assert third["quote"] == "36 civilians were killed" and third["unit"] == "people"


def test_an_unpublished_dispute_has_no_figures_to_download(client):
    draft = make_dispute(question="Not yet?")
    make_figure(claim=public_claim(dispute=draft))
    assert client.get(figures_url(draft)).status_code == 404


def test_the_dispute_page_links_its_figures(client, dispute):
    dispute = dispute[0]
    page = client.get(reverse("claims:dispute", args=[dispute.slug])).content.decode()
    assert f'href="{figures_url(dispute)}" download>Download the figures as CSV</a>' in page


def test_the_figures_queries_do_not_grow(client, page_cache_off, dispute):
    dispute = dispute[0]
    few = count_queries(client, figures_url(dispute))
    for _ in range(4):
        make_figure(claim=public_claim(dispute=dispute, dispute_stance=Stance.AFFIRMS), value=Decimal(7))
    assert count_queries(client, figures_url(dispute)) == few
