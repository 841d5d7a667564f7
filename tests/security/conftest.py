"""Fixtures of the security tests: one of everything the forms act on, and
an editor's client."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from claims.models import ClaimRelation, Figure, Verdict
from tests.factories import (
    default_rating,
    make_claim,
    make_dispute,
    make_evidence,
    make_source,
    make_speaker,
    make_verdict,
)


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def world(journalist) -> dict:
    """One of everything the forms act on, the verdicts by ``journalist``."""
    source = make_source()
    claim = make_claim()
    other = make_claim()
    relation = ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="supports")
    evidence = make_evidence(claim=claim)
    figure = Figure.objects.create(claim=claim, counted="people", value=3)
    draft = make_verdict(claim=claim, author=journalist)
    submitted = make_verdict(
        claim=claim, author=journalist, state=Verdict.State.SUBMITTED, submitted_at=datetime.now(tz=UTC)
    )
    return {
        "source": source,
        "revision": source.current_revision(),
        "claim": claim,
        "other": other,
        "relation": relation,
        "evidence": evidence,
        "figure": figure,
        "draft": draft,
        "submitted": submitted,
        "speaker": make_speaker(),
        "dispute": make_dispute(),
        "rating": default_rating(),
    }
