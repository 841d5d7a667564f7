"""Synthetic data for benchmarks (claims.devdata.generating, manage.py generate_data)."""

from collections import Counter
from dataclasses import replace
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from claims.devdata.generating import GenerationRefused, Plan, generate, sources_for
from claims.domain import editing, verdict_rules, workflow
from claims.domain.lookups import find_speakers, speaker_with_name
from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    Speaker,
    Verdict,
    VerdictTransition,
    VerdictVote,
)
from claims.search.document import refresh_search_text
from claims.words import speaker_lookup_names
from sources.anchoring import Selectors, selectors_for
from sources.models import Quote, Source, SourceRevision
from tests.claims.replay import ACTION_OF, Clock, Stored, make_move
from tests.factories import make_claim, make_dispute

pytestmark = pytest.mark.django_db

CLAIMS = 600
BATCH = 200


@pytest.fixture
def generated():
    return generate(claims=CLAIMS, seed=3, batch_size=BATCH)


def fingerprint() -> tuple:
    """What a run made, by id, without the columns the database fills itself."""
    return (
        list(Speaker.objects.order_by("pk").values_list("pk", "name", "slug", "aliases", "wikidata_id")),
        list(Dispute.objects.order_by("pk").values_list("pk", "question", "date", "published_at")),
        list(SourceRevision.objects.order_by("pk").values_list("pk", "source__language", "sha256")),
        list(Quote.objects.order_by("pk").values_list("pk", "revision_id", "start", "end", "exact")),
        list(
            Claim.objects.order_by("pk").values_list(
                "pk", "text", "speaker_id", "dispute_id", "published_at", "search_text"
            )
        ),
        list(ClaimRelation.objects.order_by("pk").values_list("from_claim_id", "to_claim_id", "kind")),
        list(Verdict.objects.order_by("pk").values_list("claim_id", "rating_id", "state", "decided_at")),
    )


def test_it_makes_the_planned_numbers_of_things(generated):
    plan = Plan.for_claims(CLAIMS)
    assert Claim.objects.count() == CLAIMS == generated.claims
    assert Speaker.objects.count() == plan.speakers
    assert Dispute.objects.count() == plan.disputes
    assert Source.objects.count() == SourceRevision.objects.count() == 3 * sources_for(BATCH)
    per_claim = Counter(Appearance.objects.values_list("claim_id", flat=True))
    assert len(per_claim) == CLAIMS
    assert set(per_claim.values()) == {1, 2, 3}
    # Every quote is the appearance of exactly one claim.
    assert Quote.objects.count() == Appearance.objects.count() == sum(per_claim.values())
    assert 0.5 * CLAIMS < Evidence.objects.count() < 1.5 * CLAIMS
    assert 0.3 * CLAIMS < ClaimRelation.objects.count() < 0.7 * CLAIMS
    assert generated.rows > 10 * CLAIMS


def test_about_nine_in_ten_claims_are_published_and_six_in_ten_have_an_approved_verdict(generated):
    public = Claim.objects.public()
    assert 0.85 * CLAIMS < public.count() < 0.95 * CLAIMS
    approved = Verdict.objects.approved()
    assert 0.5 * CLAIMS < approved.count() < 0.7 * CLAIMS
    # Approved verdicts are on published claims only, so readers see them.
    assert not approved.exclude(claim__in=public).exists()
    states = Counter(Verdict.objects.values_list("state", flat=True))
    assert {"superseded", "rejected", "submitted", "draft"} <= states.keys()


def test_every_quote_is_anchored_at_the_real_offsets_of_its_words(generated):
    quotes = list(Quote.objects.select_related("revision"))
    assert quotes
    for quote in quotes:
        assert Selectors.of(quote) == selectors_for(quote.revision.text, quote.start, quote.end)
        quote.full_clean()
    # The claims quote texts in several languages and scripts, emoji included.
    languages = set(Source.objects.values_list("language", flat=True))
    assert languages == {"en", "ar", "ru"}
    assert any("🚑" in r.text or "📹" in r.text for r in SourceRevision.objects.all())


def test_a_claims_quotes_are_the_same_words_in_each_source(generated):
    for claim in Claim.objects.prefetch_related("appearances__quote")[:100]:
        quotes = [a.quote for a in claim.appearances.all()]
        assert len({q.revision_id for q in quotes}) == len(quotes)  # one quote per source
        assert claim.text.rstrip(".").casefold() in {q.exact.casefold() for q in quotes} or any(
            claim.text.rstrip(".").casefold() in q.exact.casefold() for q in quotes
        )


def test_each_approved_verdict_went_through_the_workflow(generated):
    verdict = Verdict.objects.approved().first()
    moves = list(verdict.transitions.values_list("from_state", "to_state"))
    assert moves == [("draft", "submitted"), ("submitted", "approved")]
    assert VerdictVote.objects.filter(verdict=verdict, decision="approve").count() == 1
    superseded = Verdict.objects.filter(state="superseded").first()
    later = superseded.claim.verdicts.get(state="approved")
    assert superseded.superseded_at == later.decided_at
    assert list(VerdictTransition.objects.filter(verdict=superseded).values_list("to_state", flat=True)) == [
        "submitted",
        "approved",
        "superseded",
    ]
    rejected = Verdict.objects.filter(state="rejected").first()
    assert rejected.rejection_reason
    assert rejected.votes.get().decision == "reject"


def replay(made: Verdict, *, claim: Claim, clock: Clock) -> Verdict:
    """A new verdict on ``claim`` taken through ``made``'s moves by the
    workflow functions, by the same people at the same times. A superseded
    verdict's last move is left out: approving its successor makes it."""
    clock.now = made.created_at
    verdict = workflow.propose_verdict(
        claim=claim, rating=made.rating, rationale=made.rationale, by=made.author
    )
    for transition in made.transitions.order_by("at", "pk").select_related("by"):
        if transition.to_state != Verdict.State.SUPERSEDED:
            action = ACTION_OF[(transition.from_state, transition.to_state)]
            move = verdict_rules.Move(action, transition.by_id, transition.at, transition.reason)
            make_move(verdict, move, by=transition.by, clock=clock)
    return verdict


def test_generated_verdicts_are_what_the_workflow_functions_store_for_the_same_moves(generated, monkeypatch):
    clock = Clock(monkeypatch)
    superseded = Verdict.objects.filter(state="superseded").first()
    successor = superseded.claim.verdicts.get(state="approved")
    for state in ("draft", "submitted", "rejected", "approved"):
        made = Verdict.objects.filter(state=state).exclude(claim=superseded.claim).first()
        assert Stored.of(replay(made, claim=make_claim(), clock=clock)) == Stored.of(made), state

    claim = make_claim()
    older = replay(superseded, claim=claim, clock=clock)
    newer = replay(successor, claim=claim, clock=clock)
    assert Stored.of(newer) == Stored.of(successor)
    # The superseding move names the successor, whose id differs in the replay.
    replayed, stored = Stored.of(older), Stored.of(superseded)
    assert replayed.transitions[-1][-1] == f"Superseded by verdict {newer.pk}."
    assert stored.transitions[-1][-1] == f"Superseded by verdict {successor.pk}."
    assert replace(replayed, transitions=replayed.transitions[:-1]) == replace(
        stored, transitions=stored.transitions[:-1]
    )
    assert replayed.transitions[-1][:-1] == stored.transitions[-1][:-1]


def test_the_generator_refuses_accounts_without_the_permissions_of_their_moves():
    Group.objects.get(name="Editor").permissions.clear()
    with pytest.raises(GenerationRefused, match=r"generated-editor-1 \(claims.approve_verdict\)"):
        generate(claims=10)
    assert not Claim.objects.exists()


def test_with_a_quorum_of_two_approved_verdicts_have_two_editors_votes(settings):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    generate(claims=150, batch_size=50)
    approved = list(Verdict.objects.approved().prefetch_related("votes"))
    assert approved
    for verdict in approved:
        editors = [vote.editor_id for vote in verdict.votes.all()]
        assert len(set(editors)) == 2
        assert verdict.reviewer_id == editors[-1]
        assert verdict.author_id not in editors


def changes_after_creation(obj: Claim | Dispute) -> tuple:
    """What saving an object after its creation left: its version, last
    change, publication and withdrawal, and its history's change rows."""
    obj.refresh_from_db()
    withdrawn = [getattr(obj, name, None) for name in ("withdrawn_at", "withdrawn_by_id", "withdrawn_reason")]
    changes = obj.history.filter(history_type="~").order_by("history_date")
    return (
        obj.version,
        obj.updated_at,
        obj.published_at,
        obj.published_by_id,
        withdrawn,
        [(h.history_user_id, h.history_date, h.version) for h in changes],
    )


def test_generated_publications_and_withdrawals_are_what_the_domain_functions_store(generated, monkeypatch):
    clock = Clock(monkeypatch)
    claim = Claim.objects.public().first()
    dispute = Dispute.objects.public().first()
    withdrawn = Claim.objects.filter(withdrawn_at__isnull=False).first()

    clock.now = claim.published_at
    fresh_claim = workflow.publish_claim(claim=make_claim(), by=claim.published_by)
    clock.now = dispute.published_at
    fresh_dispute = workflow.publish_dispute(dispute=make_dispute(), by=dispute.published_by)
    clock.now = withdrawn.withdrawn_at
    fresh_withdrawn = editing.withdraw(
        make_claim(), reason=withdrawn.withdrawn_reason, expected_version=1, by=withdrawn.withdrawn_by
    )

    assert changes_after_creation(fresh_claim) == changes_after_creation(claim)
    assert changes_after_creation(fresh_dispute) == changes_after_creation(dispute)
    assert changes_after_creation(fresh_withdrawn) == changes_after_creation(withdrawn)


def test_relations_are_never_to_the_claim_itself_nor_repeated(generated):
    pairs = list(ClaimRelation.objects.values_list("from_claim_id", "to_claim_id", "kind"))
    assert all(a != b for a, b, _ in pairs)
    assert len(pairs) == len(set(pairs))


def test_speakers_are_named_in_several_scripts_some_with_wikidata_ids_and_aliases(generated):
    names = "".join(Speaker.objects.values_list("name", flat=True))
    assert any("a" <= c <= "z" for c in names)
    assert any("\u0600" <= c <= "\u06ff" for c in names)  # Arabic
    assert any("\u0400" <= c <= "\u04ff" for c in names)  # Cyrillic
    assert Speaker.objects.exclude(wikidata_id="").exists()
    assert Speaker.objects.exclude(aliases=[]).exists()
    for speaker in Speaker.objects.all():
        speaker.full_clean()


def test_generated_speakers_are_found_by_the_lookups_as_saved_ones_are(generated):
    # The rows bypass Speaker.save(), so the generator fills lookup_names itself.
    for speaker in Speaker.objects.all():
        assert speaker.lookup_names == speaker_lookup_names(speaker.name, speaker.aliases)
    arabic = Speaker.objects.filter(name__regex="[\u0600-\u06ff]").first()
    assert arabic in find_speakers(arabic.name.split()[-1])
    assert speaker_with_name(arabic.name) == arabic


def test_claims_have_history_rows_for_their_creation_and_publication_or_withdrawal(generated):
    claim = Claim.objects.public().first()
    history = list(
        claim.history.order_by("history_date").values_list("history_type", "published_at", "version")
    )
    assert history == [("+", None, 1), ("~", claim.published_at, 2)]
    assert claim.history.latest().history_user == claim.published_by
    withdrawn = Claim.objects.filter(withdrawn_at__isnull=False).first()
    history = list(withdrawn.history.order_by("history_date").values_list("history_type", "withdrawn_at"))
    assert history == [("+", None), ("~", withdrawn.withdrawn_at)]
    assert withdrawn.version == 2
    changed = Claim.objects.filter(Q(published_at__isnull=False) | Q(withdrawn_at__isnull=False)).count()
    assert Claim.history.count() == CLAIMS + changed


def test_disputes_are_created_then_published_by_an_editor(generated):
    dispute = Dispute.objects.public().first()
    history = list(
        dispute.history.order_by("history_date").values_list("history_type", "published_at", "version")
    )
    assert history == [("+", None, 1), ("~", dispute.published_at, 2)]
    assert dispute.published_by.has_perm(workflow.PUBLISH_DISPUTE_PERMISSION)
    assert Dispute.history.count() == Dispute.objects.count() + Dispute.objects.public().count()


def test_search_text_is_what_the_search_module_would_write(generated):
    ids = list(Claim.objects.values_list("pk", flat=True)[:200])
    stored = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "search_text"))
    assert refresh_search_text(ids) == stored
    assert all(stored.values())


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    def run(seed: int) -> tuple:
        with transaction.atomic():
            generate(claims=150, seed=seed, batch_size=50)
            made = fingerprint()
            transaction.set_rollback(True)
        return made

    first = run(7)
    assert first == run(7)
    assert first != run(8)


def test_it_refuses_a_database_with_content_unless_appending():
    make_claim()
    with pytest.raises(GenerationRefused, match="already holds 1 claims"):
        generate(claims=10)
    assert Claim.objects.count() == 1
    generate(claims=40, append=True, batch_size=20)
    assert Claim.objects.count() == 41
    # Appended ids continue after the existing ones, and new rows get new ids.
    assert Claim.objects.create(text="After", speaker=Speaker.objects.first()).pk > max(
        Claim.objects.exclude(text="After").values_list("pk", flat=True)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are deferred on PostgreSQL only")
def test_deferred_indexes_are_all_built_again():
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")
            return {row[0] for row in cursor.fetchall()}

    before = indexes()
    generate(claims=100, batch_size=40, defer_indexes=True)
    assert indexes() == before
    assert Claim.objects.count() == 100


def test_public_pages_show_generated_claims(generated, client):
    claim = (
        Claim.objects.public()
        .filter(verdicts__state="approved", dispute__published_at__isnull=False)
        .order_by("pk")
        .first()
    )
    page = client.get(reverse("claims:detail", args=[claim.pk]))
    assert page.status_code == 200
    assert claim.text in page.content.decode()
    source = claim.appearances.first().quote.revision.source
    for url in (
        reverse("home"),
        reverse("claims:dispute", args=[claim.dispute.slug]),
        reverse("claims:speaker", args=[claim.speaker.slug]),
        reverse("claims:source", args=[source.pk]),
        reverse("feed-verdicts"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_command_prints_progress_and_refuses_with_a_message():
    out = StringIO()
    call_command("generate_data", "--claims", "60", "--batch-size", "20", "--seed", "2", stdout=out)
    printed = out.getvalue()
    assert "60 / 60 claims (100.0%)" in printed
    assert "claims/s" in printed and "ETA" in printed
    assert "Done: 60 claims" in printed
    with pytest.raises(CommandError, match="pass --append"):
        call_command("generate_data", "--claims", "5", stdout=StringIO())


def test_the_story_runs_in_order_said_reported_recorded_published_rated(generated):
    for claim in Claim.objects.public().prefetch_related("appearances__quote__revision__source")[:200]:
        for appearance in claim.appearances.all():
            source = appearance.quote.revision.source
            assert claim.claimed_on <= source.published_on
            assert source.created_at < claim.created_at
        assert claim.created_at < claim.published_at
    for verdict in Verdict.objects.approved().select_related("claim")[:200]:
        assert verdict.claim.published_at < verdict.submitted_at < verdict.decided_at
