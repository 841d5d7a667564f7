"""What a run makes (the shape of the data and ``Plan``), what it made
(``Report``), its calendar, and ``Context``: what its steps share."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from claims.devdata.generating.tables import Ids

# The shape of the data, per claim.
CLAIMS_PER_SPEAKER = 100
CLAIMS_PER_DISPUTE = 200
CLAIMS_PER_SOURCE = 20
IN_DISPUTE = 0.10  # share of claims attached to a dispute
PUBLISHED = 0.90
WITHDRAWN = 0.005
APPROVED = 0.60  # share of all claims with an approved verdict (all of them published)
SUPERSEDED = 0.10  # share of approved verdicts with an earlier, superseded one
REJECTED = 0.03
PENDING = 0.02  # submitted, waiting for an editor
DRAFTS = 0.02
RELATIONS = 0.5
FIGURES = 0.25  # share of claims whose statement has a number that becomes a figure
FULL_SENTENCE_QUOTES = 0.25  # the rest quote only the claim's clause
PUBLISHED_DISPUTES = 0.95

# The calendar: times are drawn as seconds from START.
START = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
SPAN_DAYS = 12 * 365
HOUR = 3600
DAY = 24 * HOUR


def at(seconds: float) -> dt.datetime:
    """The moment ``seconds`` after START."""
    return START + dt.timedelta(seconds=seconds)


@dataclass(frozen=True)
class Plan:
    claims: int
    speakers: int
    disputes: int

    @classmethod
    def for_claims(cls, claims: int) -> Plan:
        return cls(
            claims=claims,
            speakers=max(5, claims // CLAIMS_PER_SPEAKER),
            disputes=max(2, claims // CLAIMS_PER_DISPUTE),
        )


@dataclass
class Report:
    claims: int = 0
    rows: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def sources_for(claims: int) -> int:
    """How many sources carry a batch of ``claims`` claims."""
    return max(1, math.ceil(claims / CLAIMS_PER_SOURCE))


@dataclass
class SpeakerInfo:
    id: int
    name: str
    aliases: list[str]
    script: str


@dataclass
class DisputeInfo:
    id: int
    question: str
    date: dt.date
    published: bool
    recent_claims: list[int] = field(default_factory=list)  # the newest, that relations point at

    def remember(self, claim_id: int) -> None:
        self.recent_claims.append(claim_id)
        if len(self.recent_claims) > 50:
            del self.recent_claims[0]


@dataclass
class Context:
    """What the steps of a run share: the one random source that decides
    everything, the ids, and the rows made earlier that later rows point at
    (accounts, ratings, speakers, disputes)."""

    rng: random.Random
    ids: Ids
    first_claim: int
    journalists: list[int] = field(default_factory=list)
    editors: list[int] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)
    rating_cum_weights: list[int] = field(default_factory=list)  # for rng.choices
    speakers: list[SpeakerInfo] = field(default_factory=list)
    speakers_by_script: dict[str, list[SpeakerInfo]] = field(default_factory=dict)
    disputes: list[DisputeInfo] = field(default_factory=list)
