"""The invariants of the claims app, checked twice: the database refuses a bad
row (the last line of defence, for code that skips validation), and
``full_clean`` explains the problem in words a journalist can act on."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim, ClaimRelation, Evidence, Figure, Rating, RatingScale, Speaker, Verdict
from tests.factories import (
    default_rating,
    make_claim,
    make_evidence,
    make_figure,
    make_relation,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

BAD_URLS = ["javascript:alert(1)", "ftp://x.org/f", "data:text/html,x"]
HTTP_URL_MESSAGE = "Enter a web address that starts with http:// or https://."
WIKIDATA_MESSAGE = "A Wikidata id is the letter Q followed by digits, such as Q7747."
BAD_WIKIDATA_IDS = ["7747", "q7747", "Q", "Q0", "Q12a", "Q07747", " Q7747", "Q7747\n"]


def assert_refused_by_database(obj) -> None:
    """Saving ``obj`` raises IntegrityError; the savepoint lets the test go on."""
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


# ClaimRelation: not to itself


def test_database_refuses_a_claim_related_to_itself():
    claim = make_claim()

    assert_refused_by_database(ClaimRelation(from_claim=claim, to_claim=claim, kind="supports"))
    assert not ClaimRelation.objects.exists()


def test_full_clean_explains_a_claim_related_to_itself():
    claim = make_claim()
    relation = ClaimRelation(from_claim=claim, to_claim=claim, kind="supports")

    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert error.value.message_dict == {"__all__": ["A claim cannot be related to itself."]}


# ClaimRelation: one of each kind between two claims, in each direction


def test_database_refuses_a_second_relation_of_the_same_kind():
    first = make_relation(kind="contradicts")

    assert_refused_by_database(
        ClaimRelation(from_claim=first.from_claim, to_claim=first.to_claim, kind="contradicts")
    )
    assert ClaimRelation.objects.count() == 1


def test_full_clean_explains_a_second_relation_of_the_same_kind():
    first = make_relation(kind="contradicts")
    second = ClaimRelation(from_claim=first.from_claim, to_claim=first.to_claim, kind="contradicts")

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict == {"__all__": ["These two claims already have a relation of this kind."]}


def test_two_claims_may_have_relations_of_different_kinds():
    first = make_relation(kind="contradicts")
    second = ClaimRelation(from_claim=first.from_claim, to_claim=first.to_claim, kind="responds_to")

    second.full_clean()
    second.save()


def test_the_same_kind_of_relation_may_run_the_other_way():
    first = make_relation(kind="contradicts")
    reverse = ClaimRelation(from_claim=first.to_claim, to_claim=first.from_claim, kind="contradicts")

    reverse.full_clean()
    reverse.save()


# Figure: a range's minimum is not above its maximum


def test_database_refuses_a_range_whose_minimum_is_above_its_maximum():
    figure = Figure(claim=make_claim(), counted="civilians killed", minimum=Decimal(40), maximum=Decimal(30))

    assert_refused_by_database(figure)
    assert not Figure.objects.exists()


def test_full_clean_explains_a_range_whose_minimum_is_above_its_maximum():
    figure = Figure(claim=make_claim(), counted="civilians killed", minimum=Decimal(40), maximum=Decimal(30))

    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict == {"__all__": ["A range's minimum cannot be above its maximum."]}


def test_a_range_may_have_equal_ends():
    figure = Figure(claim=make_claim(), counted="civilians killed", minimum=Decimal(36), maximum=Decimal(36))

    figure.full_clean()
    figure.save()
    assert figure.display_value == "36–36"


# Figure: one value or a range, not both and not neither

VALUE_OR_RANGE_MESSAGE = "Give either one value or a range from a minimum to a maximum."
NOT_VALUE_OR_RANGE = [
    pytest.param({"value": Decimal(36), "minimum": Decimal(30), "maximum": Decimal(40)}, id="both"),
    pytest.param({}, id="neither"),
    pytest.param({"value": Decimal(36), "minimum": Decimal(30)}, id="value-and-minimum"),
    pytest.param({"minimum": Decimal(30)}, id="half-a-range"),
]


@pytest.mark.parametrize("numbers", NOT_VALUE_OR_RANGE)
def test_database_refuses_a_figure_without_exactly_a_value_or_a_range(numbers):
    assert_refused_by_database(Figure(claim=make_claim(), counted="civilians killed", **numbers))


@pytest.mark.parametrize("numbers", NOT_VALUE_OR_RANGE)
def test_full_clean_explains_a_figure_without_exactly_a_value_or_a_range(numbers):
    figure = Figure(claim=make_claim(), counted="civilians killed", **numbers)

    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict == {"__all__": [VALUE_OR_RANGE_MESSAGE]}


def test_a_figure_may_be_one_value_or_a_range():
    value = make_figure(value=Decimal(36), unit="people", qualifier="at_least")
    span = make_figure(minimum=Decimal(30), maximum=Decimal(40))

    value.full_clean()
    span.full_clean()
    assert value.display_value == "at least 36 people"
    assert span.display_value == "30–40"


# Verdict: at most one approved verdict per claim


def test_database_refuses_a_second_approved_verdict_on_a_claim():
    first = make_verdict(state=Verdict.State.APPROVED)
    second = make_verdict(claim=first.claim)
    # state is not editable in forms; the workflow sets it as an attribute.
    second.state = Verdict.State.APPROVED

    assert_refused_by_database(second)
    second.refresh_from_db()
    assert second.state == Verdict.State.DRAFT


def test_full_clean_explains_a_second_approved_verdict_on_a_claim():
    first = make_verdict(state=Verdict.State.APPROVED)
    second = make_verdict(claim=first.claim)
    second.state = Verdict.State.APPROVED

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict == {"__all__": ["A claim can have only one current approved verdict."]}


def test_a_claim_may_keep_superseded_and_rejected_verdicts_beside_its_approved_one():
    claim = make_claim()
    for state in [Verdict.State.SUPERSEDED, Verdict.State.REJECTED, Verdict.State.SUPERSEDED]:
        make_verdict(claim=claim, state=state)
    approved = make_verdict(claim=claim)
    approved.state = Verdict.State.APPROVED

    approved.full_clean()
    approved.save()
    assert list(Verdict.objects.approved()) == [approved]


def test_different_claims_may_each_have_an_approved_verdict():
    make_verdict(state=Verdict.State.APPROVED)
    make_verdict(state=Verdict.State.APPROVED)

    assert Verdict.objects.approved().count() == 2


# Speaker: Wikidata id


@pytest.mark.parametrize("wikidata_id", BAD_WIKIDATA_IDS)
def test_database_refuses_a_malformed_wikidata_id(wikidata_id):
    assert_refused_by_database(Speaker(name="Sergey Lavrov", wikidata_id=wikidata_id))
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("wikidata_id", BAD_WIKIDATA_IDS)
def test_full_clean_explains_a_malformed_wikidata_id(wikidata_id):
    speaker = Speaker(name="Sergey Lavrov", slug="sergey-lavrov", wikidata_id=wikidata_id)

    with pytest.raises(ValidationError) as error:
        speaker.full_clean()
    assert error.value.message_dict == {"wikidata_id": [WIKIDATA_MESSAGE]}


@pytest.mark.parametrize("wikidata_id", ["Q7747", "Q1", "Q100", ""])
def test_a_wikidata_id_may_be_q_and_digits_or_empty(wikidata_id):
    speaker = Speaker(name="Vladimir Putin", slug="vladimir-putin", wikidata_id=wikidata_id)

    speaker.full_clean()
    speaker.save()


def test_speakers_get_unique_slugs():
    first = make_speaker(name="Ministry of Defence")
    second = make_speaker(name="Ministry of Defence")

    assert (first.slug, second.slug) == ("ministry-of-defence", "ministry-of-defence-2")


# Evidence: URL


@pytest.mark.parametrize("url", BAD_URLS)
def test_database_refuses_an_evidence_url_that_is_not_http(url):
    evidence = Evidence(claim=make_claim(), title="Photo", stance="supports", kind="photo", url=url)

    assert_refused_by_database(evidence)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_full_clean_explains_an_evidence_url_that_is_not_http(url):
    evidence = Evidence(claim=make_claim(), title="Photo", stance="supports", kind="photo", url=url)

    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    # URLField's own validator may add its generic "Enter a valid URL." first.
    assert HTTP_URL_MESSAGE in error.value.message_dict["url"]
    assert error.value.message_dict.keys() == {"url"}


def test_an_evidence_url_may_be_https():
    evidence = Evidence(
        claim=make_claim(), title="Photo", stance="supports", kind="photo", url="https://example.org/a"
    )

    evidence.full_clean()
    evidence.save()


# RatingScale and Rating


def test_database_refuses_a_second_default_rating_scale():
    assert RatingScale.objects.filter(is_default=True).count() == 1  # made by migration claims/0002

    assert_refused_by_database(RatingScale(name="Another scale", is_default=True))
    assert RatingScale.objects.count() == 1


def test_full_clean_explains_a_second_default_rating_scale():
    scale = RatingScale(name="Another scale", is_default=True)

    with pytest.raises(ValidationError) as error:
        scale.full_clean()
    assert error.value.message_dict == {"__all__": ["Only one rating scale can be the default."]}


def test_other_rating_scales_may_exist_beside_the_default():
    scale = RatingScale(name="Another scale")

    scale.full_clean()
    scale.save()


@pytest.mark.parametrize("value", [0, 6, -1])
def test_full_clean_refuses_a_rating_value_outside_the_scale(value):
    scale = default_rating().scale
    rating = Rating(scale=scale, label="Pants on fire", slug="pants-on-fire", order=99, rating_value=value)

    with pytest.raises(ValidationError) as error:
        rating.full_clean()
    assert error.value.message_dict == {
        "rating_value": ["The value must be between 1 and 5, the ends of the scale."]
    }


@pytest.mark.parametrize("value", [1, 5, None])
def test_a_rating_value_may_be_an_end_of_the_scale_or_empty(value):
    scale = default_rating().scale
    rating = Rating(scale=scale, label="Pants on fire", slug="pants-on-fire", order=99, rating_value=value)

    rating.full_clean()


# Rich text is sanitized on save

DIRTY_HTML = '<p onclick="steal()">Seen <a href="https://example.org/a">here</a>.</p><script>steal()</script>'
CLEAN_HTML_START = '<p>Seen <a href="https://example.org/a" rel="noopener noreferrer nofollow">here</a>.</p>'


def assert_sanitized(stored: str) -> None:
    assert stored.startswith(CLEAN_HTML_START)
    assert "<script" not in stored
    assert "onclick" not in stored


def test_evidence_description_is_sanitized_on_save():
    evidence = make_evidence(description=DIRTY_HTML)

    evidence.refresh_from_db()
    assert_sanitized(evidence.description)


def test_verdict_rationale_is_sanitized_on_save():
    verdict = make_verdict(rationale=DIRTY_HTML)

    verdict.refresh_from_db()
    assert_sanitized(verdict.rationale)


# History


def test_each_save_of_a_claim_is_recorded_in_its_history():
    claim = make_claim(text="Five civilians were killed.")
    claim.text = "Six civilians were killed."
    claim.save()

    records = claim.history.order_by("history_id")
    assert [(record.history_type, record.text) for record in records] == [
        ("+", "Five civilians were killed."),
        ("~", "Six civilians were killed."),
    ]


# What readers may see


def test_public_claims_are_the_published_ones_not_withdrawn():
    now = timezone.now()
    published = make_claim(published_at=now)
    make_claim()  # never published
    make_claim(published_at=now, withdrawn_at=now, withdrawn_reason="Duplicate.")
    make_claim(withdrawn_at=now)

    assert list(Claim.objects.public()) == [published]
    assert [claim.is_published for claim in Claim.objects.order_by("pk")] == [True, False, False, False]
