"""A speaker whose other name is written in Cyrillic or Arabic is found by
lower-case and partial words wherever the workspace looks speakers up, and
typing that name for a new claim reuses the speaker instead of making a
second one. SQLite folds only ASCII in LIKE and lower(), so these are the
pages that missed them there."""

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker
from tests.factories import make_claim, make_source, make_speaker
from tests.parsing import choice_labels, parse, radios, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "Lavrov said the reports of civilian deaths were completely untrue."


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def lavrov():
    return make_speaker(name="Sergei Lavrov", aliases=["Сергей Лавров"])


@pytest.fixture
def coalition():
    return make_speaker(name="Syrian National Coalition", aliases=["الائتلاف الوطني السوري"])


@pytest.fixture
def putin():
    return make_speaker(name="Vladimir Putin", aliases=["Владимир Путин"])


def reader_search(client, typed: str) -> str:
    response = client.get(
        reverse("workspace:speaker-search"), {"prefix": "new", "new-speaker_name": typed}, **HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert parse(content).find(".//form") is None and "<html" not in content  # the fragment only
    return content


@pytest.mark.parametrize("typed", ["лавров", "сергей лав", "ЛАВР"])
def test_the_reader_panel_finds_a_cyrillic_alias_by_lower_case_and_partial_words(
    signed_in, lavrov, putin, typed
):
    labels = choice_labels(reader_search(signed_in, typed), "new-speaker")
    assert "Sergei Lavrov" in labels[str(lavrov.pk)]
    assert str(putin.pk) not in labels
    assert "" in labels  # and "a new speaker named …", unchecked unless nothing matches


@pytest.mark.parametrize("typed", ["الوطني", "الائتلاف السوري", "الإئتلاف"])
def test_the_reader_panel_finds_an_arabic_alias_by_some_of_its_words(signed_in, coalition, lavrov, typed):
    labels = choice_labels(reader_search(signed_in, typed), "new-speaker")
    assert set(labels) == {str(coalition.pk), ""}


def test_typing_the_alias_exactly_checks_that_speaker_rather_than_a_new_one(signed_in, lavrov):
    assert radios(reader_search(signed_in, "сергей лавров"), "new-speaker") == {
        str(lavrov.pk): True,
        "": False,
    }


def test_the_claim_editors_speaker_search_finds_a_cyrillic_alias(signed_in, lavrov, putin):
    claim = make_claim(speaker=putin)
    response = signed_in.get(
        reverse("workspace:claim-speaker-search", args=[claim.pk]), {"claim-speaker_name": "лавров"}, **HTMX
    )
    assert response.status_code == 200
    labels = choice_labels(response.content, "claim-speaker")
    assert list(labels) == [str(lavrov.pk)]
    assert "Sergei Lavrov" in labels[str(lavrov.pk)]


def test_the_claim_editor_takes_a_speaker_typed_by_their_cyrillic_alias(signed_in, lavrov, putin):
    claim = make_claim(speaker=putin)
    data = {
        "claim-version": claim.version,
        "claim-text": claim.text,
        "claim-speaker": "",
        "claim-speaker_name": "сергей  лавров",
        "claim-speaker_role": "",
        "claim-claimed_on": "",
        "claim-venue": "",
        "claim-dispute": "",
        "claim-dispute_stance": "",
    }
    response = signed_in.post(reverse("workspace:claim-edit", args=[claim.pk]), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.speaker == lavrov


def listed_names(content) -> list[str]:
    table = parse(content).find(".//table")
    return (
        []
        if table is None
        else [text_of(row.find("td/a")) for row in table.iter("tr") if row.find("td/a") is not None]
    )


@pytest.mark.parametrize("typed", ["лавров", "ЛАВРОВ", "серг"])
def test_the_speakers_page_finds_a_cyrillic_alias(signed_in, lavrov, putin, typed):
    url = reverse("workspace:speakers")
    assert listed_names(signed_in.get(url, {"q": typed}).content) == ["Sergei Lavrov"]
    assert listed_names(signed_in.get(url, {"q": typed}, **HTMX).content) == ["Sergei Lavrov"]


def test_the_speakers_page_finds_an_arabic_alias(signed_in, coalition, lavrov):
    page = signed_in.get(reverse("workspace:speakers"), {"q": "الوطني"}).content
    assert listed_names(page) == ["Syrian National Coalition"]


def test_merge_choices_find_the_record_to_keep_by_its_cyrillic_alias(signed_in, lavrov):
    duplicate = make_speaker(name="S. Lavrov")
    response = signed_in.get(reverse("workspace:speaker-merge", args=[duplicate.pk]), {"q": "лавров"}, **HTMX)
    assert list(radios(response.content, "into")) == [str(lavrov.pk)]


def test_a_claim_from_a_selection_with_the_alias_typed_reuses_the_speaker(signed_in, lavrov):
    source = make_source(text=TEXT)
    words = "completely untrue"
    start = TEXT.index(words)
    data = {
        "revision": source.current_revision().pk,
        "start": start,
        "end": start + len(words),
        "exact": words,
        "new-text": "Reports of civilian deaths are untrue.",
        "new-speaker_name": "сергей лавров",
        "new-speaker_kind": "person",
    }
    response = signed_in.post(reverse("workspace:selection-claim", args=[source.pk]), data, **HTMX)
    assert response.status_code == 200
    assert Claim.objects.get().speaker == lavrov
    assert Speaker.objects.count() == 1
