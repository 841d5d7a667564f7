"""A speaker's track record (``claims.domain.track_record``): how many claims
got each rating of their scale, in the scale's order and with zeros, and how
many are not rated yet, read from the prefetched current verdicts."""

import pytest

from claims.domain.track_record import TrackRecordRow, track_record
from claims.models import Claim, Rating, RatingScale, Verdict, current_verdicts
from tests.factories import default_rating, make_claim, make_verdict

pytestmark = pytest.mark.django_db


def loaded(claims: list[Claim]) -> list[Claim]:
    """The claims as the speaker page reads them, with ``current_verdicts``."""
    return list(
        Claim.objects.filter(pk__in=[claim.pk for claim in claims])
        .prefetch_related(current_verdicts())
        .order_by("pk")
    )


def rated(slug: str | None = None, *, rating: Rating | None = None, state=Verdict.State.APPROVED) -> Claim:
    claim = make_claim()
    make_verdict(claim=claim, rating=rating or default_rating(slug=slug), state=state)
    return claim


def test_every_rating_of_the_scale_is_counted_in_its_order_zeros_included():
    claims = loaded([rated("false"), rated("false"), rated("true"), make_claim()])
    rows, unrated = track_record(claims)
    default_scale = list(Rating.objects.filter(scale__is_default=True).order_by("order"))
    assert [row.rating for row in rows] == default_scale
    counts = {row.rating.slug: row.count for row in rows}
    assert counts["false"] == 2
    assert counts["true"] == 1
    assert sum(counts.values()) == 3  # every other rating of the scale is listed with zero
    assert unrated == 1


def test_verdicts_not_approved_leave_a_claim_unrated():
    claims = loaded([rated("true", state=Verdict.State.SUBMITTED), rated("false", state=Verdict.State.DRAFT)])
    assert track_record(claims) == ([], 2)


def test_without_a_rated_claim_there_is_nothing_to_ask_the_database(django_assert_num_queries):
    claims = loaded([make_claim(), make_claim()])
    with django_assert_num_queries(0):
        assert track_record(claims) == ([], 2)
    assert track_record([]) == ([], 0)


def test_only_the_scales_used_are_listed_each_in_its_own_order(django_assert_num_queries):
    other = RatingScale.objects.create(name="Two-step", best_rating=2, worst_rating=1)
    kept = Rating.objects.create(scale=other, label="Kept", slug="kept", order=2)
    broken = Rating.objects.create(scale=other, label="Broken", slug="broken", order=1)
    claims = loaded([rated(rating=kept), rated(rating=kept)])
    with django_assert_num_queries(1):  # the other ratings of the scale used
        rows, unrated = track_record(claims)
    assert rows == [TrackRecordRow(broken, 0), TrackRecordRow(kept, 2)]
    assert unrated == 0
