"""Ranking of similar claims, for suggesting duplicates."""

import pytest

from claims.domain.similar import similar_claims, wording_similarity, words
from tests.factories import make_claim, make_dispute, make_speaker

pytestmark = pytest.mark.django_db


def test_stopwords_do_not_make_claims_alike():
    assert words("The army said the strikes") == {"army", "strikes"}
    assert wording_similarity("The end of the war", "The start of the peace") < 0.3


def test_identical_wording_scores_highest():
    assert wording_similarity("36 civilians were killed", "36 civilians were killed") == pytest.approx(1.0)
    near = wording_similarity("36 civilians were killed in Homs", "Thirty-six civilians were killed in Homs")
    far = wording_similarity("36 civilians were killed in Homs", "Russia is preparing a ground operation")
    assert near > 0.5 > far


def test_claims_with_similar_wording_are_ranked_best_first():
    close = make_claim(text="A Russian airstrike in northern Homs killed 36 civilians.")
    closer = make_claim(
        text="A Russian airstrike in northern Homs killed 36 civilians, including five children."
    )
    make_claim(text="The US got a heads-up one hour before the bombing.")
    found = similar_claims(
        text="A Russian airstrike in northern Homs killed 36 civilians, including children."
    )
    assert [s.claim for s in found] == [closer, close]
    assert found[0].reasons == ["similar wording"]


def test_arabic_wording_is_found_despite_diacritics():
    claim = make_claim(text="قتلت الغارات الروسية ستة وثلاثين مدنياً في ريف حمص الشمالي")
    make_claim(text="روسيا تستعد لعملية برية في سوريا")
    found = similar_claims(text="الغارات الروسية قتلت ستةً وثلاثين مدنيا في ريف حمص")
    assert [s.claim for s in found] == [claim]


def test_russian_wording_is_found_whatever_the_case():
    claim = make_claim(text="Обвинения в гибели мирных жителей совершенно не соответствуют действительности")
    found = similar_claims(text="обвинения в гибели мирных жителей не соответствуют действительности")
    assert [s.claim for s in found] == [claim]


def test_same_speaker_or_dispute_is_offered_even_with_other_wording():
    lavrov = make_speaker(name="Sergei Lavrov")
    dispute = make_dispute()
    by_speaker = make_claim(speaker=lavrov, text="Russia only strikes terrorists.")
    in_dispute = make_claim(dispute=dispute, text="No civilians were in the area.")
    make_claim(text="Something else entirely.")
    found = similar_claims(text="The allegations are untrue.", speaker=lavrov, dispute=dispute)
    assert {s.claim for s in found} == {by_speaker, in_dispute}
    # The same speaker counts for more than the same dispute.
    assert found[0].claim == by_speaker
    assert found[0].reasons == ["same speaker"]


def test_withdrawn_and_excluded_claims_are_never_offered():
    from datetime import UTC, datetime

    text = "A Russian airstrike in northern Homs killed 36 civilians."
    own = make_claim(text=text)
    make_claim(text=text, withdrawn_at=datetime(2015, 10, 2, tzinfo=UTC))
    other = make_claim(text=text)
    assert [s.claim for s in similar_claims(text=text, exclude=own)] == [other]


def test_limit_and_empty_input():
    for _ in range(7):
        make_claim(text="Thirty-six civilians were killed in Homs.")
    assert len(similar_claims(text="Thirty-six civilians were killed in Homs.", limit=3)) == 3
    assert similar_claims(text="") == []
