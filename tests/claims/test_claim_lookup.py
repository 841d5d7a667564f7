"""The workspace finds claims the one way (``claims.domain.lookups.find_claims``)
wherever a journalist types words of one: the reader panel's "existing
claim", the claim editor's relation search, attaching a claim to a dispute,
the claims list, and the candidates for similar claims. In Russian and
Arabic as in English, in any case, by the wording or by any name of the
speaker."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.domain.lookups import find_claims
from claims.domain.similar import similar_claims
from tests.factories import make_claim, make_dispute, make_speaker
from tests.parsing import parse, radios, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RUSSIAN = "Обвинения в гибели мирных жителей совершенно не соответствуют действительности"
ARABIC = "قتلت الغارات الروسية ستة وثلاثين مدنيا في ريف حمص الشمالي"


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def claims():
    lavrov = make_speaker(name="Sergei Lavrov", aliases=["Сергей Лавров"])
    khoja = make_speaker(name="Khaled Khoja", aliases=["خالد خوجة"])
    return {
        "russian": make_claim(speaker=lavrov, text=RUSSIAN),
        "arabic": make_claim(speaker=khoja, text=ARABIC),
        "english": make_claim(speaker=khoja, text="The Russians killed 36 innocent people."),
        "withdrawn": make_claim(speaker=lavrov, text=RUSSIAN, withdrawn_at=datetime(2015, 10, 2, tzinfo=UTC)),
    }


# Words typed, and the claims they find (never the withdrawn one).
QUERIES = [
    ("ОБВИНЕНИЯ мирных", {"russian"}),
    ("лавров", {"russian"}),  # the speaker's Cyrillic name
    ("الغارات الروسية", {"arabic"}),
    ("خالد", {"arabic", "english"}),  # the speaker's Arabic name
    ("khoja innocent", {"english"}),
    ("russian", {"english"}),  # the start of a word: "Russians"
]


@pytest.mark.parametrize(("typed", "expected"), QUERIES)
def test_the_lookup_finds_active_claims_by_every_word_in_any_script(claims, typed, expected):
    assert {key for key, claim in claims.items() if claim in find_claims(typed)} == expected


def test_a_query_without_words_finds_nothing_and_nul_fails_nothing(claims):
    assert list(find_claims("?! * ")) == []
    assert list(find_claims("лавров\x00")) == [claims["russian"]]


@pytest.mark.parametrize(("typed", "expected"), QUERIES)
def test_the_reader_panel_finds_the_existing_claim(signed_in, claims, typed, expected):
    response = signed_in.get(
        reverse("workspace:claim-search"), {"prefix": "add", "add-claim_q": typed}, **HTMX
    )
    assert response.status_code == 200
    assert set(radios(response.content, "add-claim")) == {str(claims[key].pk) for key in expected}


def test_the_claim_editors_relation_search_finds_other_claims_in_russian(signed_in, claims):
    other = make_claim(text="Обвинения беспочвенны.")
    url = reverse("workspace:claim-relation-search", args=[claims["russian"].pk])
    response = signed_in.get(url, {"rel-claim_q": "обвинения"}, **HTMX)
    assert set(radios(response.content, "rel-other")) == {str(other.pk)}  # never the claim itself


def test_attaching_to_a_dispute_finds_claims_by_arabic_words(signed_in, claims):
    dispute = make_dispute()
    url = reverse("workspace:dispute-attach-search", args=[dispute.pk])
    response = signed_in.get(url, {"q": "مدنيا حمص"}, **HTMX)
    assert set(radios(response.content, "claim")) == {str(claims["arabic"].pk)}


def test_the_claims_list_finds_claims_by_the_speakers_cyrillic_name(signed_in, claims):
    page = parse(signed_in.get(reverse("workspace:claims"), {"q": "ЛАВРОВ"}).content)
    links = {
        anchor.get("href")
        for anchor in page.iter("a")
        if text_of(anchor) and anchor.get("href", "").startswith("/workspace/claims/")
    }
    assert reverse("workspace:claim", args=[claims["russian"].pk]) in links
    assert reverse("workspace:claim", args=[claims["english"].pk]) not in links


def test_similar_claims_are_looked_up_in_any_case(claims):
    found = similar_claims(text=RUSSIAN.upper())
    assert [s.claim for s in found] == [claims["russian"]]
