"""A speaker's track record: how many of their public claims got each rating."""

from __future__ import annotations

from dataclasses import dataclass

from claims.models import Claim, Rating


@dataclass(frozen=True)
class TrackRecordRow:
    rating: Rating
    count: int


def track_record(claims: list[Claim]) -> tuple[list[TrackRecordRow], int]:
    """How many of ``claims`` got each rating of their scale (from their
    prefetched ``current_verdicts``), in the scale's order, and how many are
    not yet rated. Every rating of a scale used is listed, zeros included,
    so the row shows where the speaker stands on the whole scale."""
    counts: dict[int, int] = {}
    ratings: dict[int, Rating] = {}
    unrated = 0
    for claim in claims:
        verdict = claim.current_verdicts[0] if claim.current_verdicts else None
        if verdict is None:
            unrated += 1
            continue
        ratings[verdict.rating_id] = verdict.rating
        counts[verdict.rating_id] = counts.get(verdict.rating_id, 0) + 1
    scales = {rating.scale_id for rating in ratings.values()}
    if scales:
        for rating in Rating.objects.filter(scale_id__in=scales):
            ratings.setdefault(rating.pk, rating)
    ordered = sorted(ratings.values(), key=lambda r: (r.scale_id, r.order))
    return [TrackRecordRow(rating, counts.get(rating.pk, 0)) for rating in ordered], unrated
