"""Hand-written test factories, in the manner of djangoproject.com's
checklists/tests/factory.py.

Each ``make_*`` function saves the smallest valid object, making whatever it
depends on when not given, and lets a test override any field by keyword.
Names come from a counter so that objects made in one test never collide.
"""

import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User

from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    ExternalFactCheck,
    ExternalFactCheckImport,
    Figure,
    Rating,
    Speaker,
    Verdict,
)
from sources.models import Quote, Source, SourceRevision

DEFAULT_TEXT = (
    "The ministry said on Tuesday that 36 civilians were killed in the strikes. "
    "The army denied that any civilians were in the area."
)
DEFAULT_PASSWORD = "pw-factory-user-1"

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_user(*, groups: Iterable[str] = (), **overrides: Any) -> User:
    """A user with a usable password (``DEFAULT_PASSWORD`` unless given),
    added to the named groups ("Journalist", "Editor")."""
    n = _next()
    username = overrides.setdefault("username", f"user-{n}")
    overrides.setdefault("email", f"{username}@example.org")
    overrides.setdefault("password", DEFAULT_PASSWORD)
    user = User.objects.create_user(**overrides)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_source(*, text: str = DEFAULT_TEXT, **overrides: Any) -> Source:
    """A source with its first revision holding ``text``."""
    overrides.setdefault("title", f"Source {_next()}")
    source = Source.objects.create(**overrides)
    SourceRevision.objects.create(source=source, number=1, text=text)
    return source


def make_quote(
    *, revision: SourceRevision | None = None, exact: str = "36 civilians were killed", **overrides: Any
) -> Quote:
    """A quote of the first occurrence of ``exact`` in the revision's text."""
    if revision is None:
        revision = make_source().current_revision()
    start = revision.text.index(exact)
    quote = Quote.from_position(revision, start, start + len(exact), **overrides)
    quote.save()
    return quote


def make_speaker(**overrides: Any) -> Speaker:
    overrides.setdefault("name", f"Speaker {_next()}")
    return Speaker.objects.create(**overrides)


def make_dispute(**overrides: Any) -> Dispute:
    overrides.setdefault("question", f"Did event {_next()} happen?")
    return Dispute.objects.create(**overrides)


def make_claim(**overrides: Any) -> Claim:
    """An unpublished claim; its speaker is made unless given."""
    if "speaker" not in overrides:
        overrides["speaker"] = make_speaker()
    overrides.setdefault("text", f"Claim number {_next()} is true.")
    return Claim.objects.create(**overrides)


def make_appearance(
    *, claim: Claim | None = None, quote: Quote | None = None, **overrides: Any
) -> Appearance:
    return Appearance.objects.create(
        claim=claim if claim is not None else make_claim(),
        quote=quote if quote is not None else make_quote(),
        **overrides,
    )


def make_relation(
    *,
    from_claim: Claim | None = None,
    to_claim: Claim | None = None,
    kind: str = ClaimRelation.Kind.CONTRADICTS,
    **overrides: Any,
) -> ClaimRelation:
    return ClaimRelation.objects.create(
        from_claim=from_claim if from_claim is not None else make_claim(),
        to_claim=to_claim if to_claim is not None else make_claim(),
        kind=kind,
        **overrides,
    )


def make_evidence(*, claim: Claim | None = None, **overrides: Any) -> Evidence:
    overrides.setdefault("title", f"Evidence {_next()}")
    overrides.setdefault("stance", Evidence.Stance.SUPPORTS)
    overrides.setdefault("kind", Evidence.Kind.DOCUMENT)
    return Evidence.objects.create(claim=claim if claim is not None else make_claim(), **overrides)


def make_figure(*, claim: Claim | None = None, **overrides: Any) -> Figure:
    """A figure with a single value of 36, unless a value or a range is given."""
    overrides.setdefault("counted", "civilians killed")
    if not {"value", "minimum", "maximum"} & overrides.keys():
        overrides["value"] = Decimal(36)
    return Figure.objects.create(claim=claim if claim is not None else make_claim(), **overrides)


def default_rating(*, slug: str = "false") -> Rating:
    """A rating of the default scale, which migration claims/0002 creates."""
    return Rating.objects.get(scale__is_default=True, slug=slug)


def make_verdict(**overrides: Any) -> Verdict:
    """A draft verdict rating a new claim "False". ``state`` is not editable in
    forms, but may be given here to build a verdict in any state."""
    if "claim" not in overrides:
        overrides["claim"] = make_claim()
    if "rating" not in overrides:
        overrides["rating"] = default_rating()
    if "author" not in overrides:
        overrides["author"] = make_user()
    overrides.setdefault("rationale", "<p>The figures do not add up.</p>")
    return Verdict.objects.create(**overrides)


def make_fact_check(**overrides: Any) -> ExternalFactCheck:
    """Another newsroom's review, imported in a batch of its own, matched to
    no claim unless ``claim`` is given."""
    n = _next()
    if "batch" not in overrides:
        overrides["batch"] = ExternalFactCheckImport.objects.create(sha256="0" * 64)
    overrides.setdefault("organisation_name", f"Fact Desk {n}")
    overrides.setdefault("rating_text", "False")
    overrides.setdefault("review_url", f"https://factcheck.example/reviews/{n}")
    overrides.setdefault("claim_reviewed", f"Claim number {n} they reviewed.")
    return ExternalFactCheck.objects.create(**overrides)
