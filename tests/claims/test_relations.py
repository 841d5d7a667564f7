"""A relation read from one claim's end (claims.domain.relations): the one
read model behind the public claim page, the claim editor and the review
queue."""

from datetime import UTC, datetime

import pytest

from claims.domain.relations import prefetch_related_claims, prefetched_related_claims, related_claims
from claims.models import Claim, ClaimRelation, Verdict
from tests.factories import make_claim, make_relation, make_verdict

pytestmark = pytest.mark.django_db

EARLY = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


def test_a_relation_reads_by_its_label_from_one_end_and_its_inverse_from_the_other():
    khoja, lavrov = make_claim(), make_claim()
    make_relation(from_claim=khoja, to_claim=lavrov, note="Same strike.")
    [from_khoja] = related_claims(khoja)
    [from_lavrov] = related_claims(lavrov)
    assert (from_khoja.label, from_khoja.claim, from_khoja.note) == ("contradicts", lavrov, "Same strike.")
    assert (from_lavrov.label, from_lavrov.claim) == ("contradicted by", khoja)


def test_outgoing_relations_come_first_then_incoming():
    claim = make_claim()
    incoming = make_relation(to_claim=claim, kind=ClaimRelation.Kind.CONTRADICTS)
    outgoing = make_relation(from_claim=claim, kind=ClaimRelation.Kind.SUPPORTS)
    assert [r.relation for r in related_claims(claim)] == [outgoing, incoming]


def test_withdrawn_relations_only_when_asked():
    claim = make_claim()
    active = make_relation(from_claim=claim)
    withdrawn = make_relation(from_claim=claim, withdrawn_at=EARLY, withdrawn_reason="Wrong claim.")
    assert [r.relation for r in related_claims(claim)] == [active]
    assert {r.relation for r in related_claims(claim, withdrawn=True)} == {active, withdrawn}


def test_readers_see_relations_to_public_claims_only_with_their_verdicts(django_assert_num_queries):
    claim = make_claim(published_at=EARLY)
    public = make_claim(published_at=EARLY)
    make_verdict(claim=public, state=Verdict.State.APPROVED, decided_at=EARLY)
    make_relation(from_claim=claim, to_claim=public)
    make_relation(from_claim=claim, to_claim=make_claim())  # unpublished
    make_relation(to_claim=claim, from_claim=make_claim(published_at=EARLY, withdrawn_at=EARLY))
    with django_assert_num_queries(3):  # outgoing, their verdicts, incoming (none: no verdict query)
        [related] = related_claims(claim, others=Claim.objects.public(), verdicts=True)
        assert related.claim == public
        assert [v.rating.slug for v in related.claim.current_verdicts] == ["false"]


def test_the_prefetched_reading_is_the_same_for_many_claims_at_once(django_assert_num_queries):
    first, second = make_claim(), make_claim()
    make_relation(from_claim=first, to_claim=second)
    make_relation(from_claim=second, to_claim=make_claim(withdrawn_at=EARLY))
    make_relation(to_claim=first, kind=ClaimRelation.Kind.SUPPORTS)
    active = Claim.objects.active()
    with django_assert_num_queries(3):  # the claims, their outgoing and incoming relations
        claims = list(
            Claim.objects.filter(pk__in=[first.pk, second.pk])
            .order_by("pk")
            .prefetch_related(*prefetch_related_claims(others=active))
        )
        read = [prefetched_related_claims(claim) for claim in claims]
    assert read == [related_claims(claim, others=active) for claim in (first, second)]
    assert [r.label for r in read[0]] == ["contradicts", "supported by"]
    assert [r.label for r in read[1]] == ["contradicted by"]
