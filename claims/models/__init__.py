"""Speakers, claims and the links between them, disputes, ratings and verdicts.

Builds on ``sources``: a claim's appearances are quotes in source texts. One
module per thing the newsroom records; every model is importable from here,
as Django and the rest of the project expect (``from claims.models import
Claim``).
"""

from claims.models.base import (
    NullsLastIndex,
    User,
    Versioned,
    Withdrawable,
    slug_base,
    unique_slug,
    validate_colour,
    validate_wikidata_id,
)
from claims.models.claim import Appearance, Claim, ClaimQuerySet, Figure
from claims.models.disputes import Dispute, DisputeQuerySet
from claims.models.evidence import Evidence
from claims.models.external import ExternalFactCheck, ExternalFactCheckImport, ExternalFactCheckQuerySet
from claims.models.page_cache import PageGeneration
from claims.models.relations import ClaimRelation
from claims.models.speakers import Speaker
from claims.models.tokens import APIToken, APITokenQuerySet
from claims.models.verdicts import (
    Rating,
    RatingScale,
    Verdict,
    VerdictQuerySet,
    VerdictTransition,
    VerdictVote,
    current_verdicts,
)

__all__ = [
    "APIToken",
    "APITokenQuerySet",
    "Appearance",
    "Claim",
    "ClaimQuerySet",
    "ClaimRelation",
    "Dispute",
    "DisputeQuerySet",
    "Evidence",
    "ExternalFactCheck",
    "ExternalFactCheckImport",
    "ExternalFactCheckQuerySet",
    "Figure",
    "NullsLastIndex",
    "PageGeneration",
    "Rating",
    "RatingScale",
    "Speaker",
    "User",
    "Verdict",
    "VerdictQuerySet",
    "VerdictTransition",
    "VerdictVote",
    "Versioned",
    "Withdrawable",
    "current_verdicts",
    "slug_base",
    "unique_slug",
    "validate_colour",
    "validate_wikidata_id",
]
