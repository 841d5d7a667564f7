"""The public claim page and home page, as an anonymous reader meets them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimRelation, Evidence, Verdict
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_fact_check,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_speaker,
    make_verdict,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


def published_claim(**overrides):
    overrides.setdefault("published_at", PUBLISHED)
    return make_claim(**overrides)


def test_claim_page_shows_wording_speaker_role_date_and_venue(client):
    speaker = make_speaker(name="Sergei Lavrov")
    claim = published_claim(
        speaker=speaker,
        text="The allegations are completely untrue.",
        speaker_role="Russian Foreign Minister",
        claimed_on=date(2015, 10, 1),
        venue="remarks to reporters",
    )
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "The allegations are completely untrue.",
        "Sergei Lavrov",
        "Russian Foreign Minister",
        "1 October 2015",
        "remarks to reporters",
    ):
        assert expected in page


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"published_at": None}, id="unpublished"),
        pytest.param({"published_at": PUBLISHED, "withdrawn_at": PUBLISHED}, id="withdrawn"),
    ],
)
def test_claim_page_is_404_for_claims_readers_may_not_see(client, overrides):
    claim = make_claim(**overrides)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_claim_page_is_404_for_a_claim_that_does_not_exist(client):
    assert client.get(reverse("claims:detail", args=[987654])).status_code == 404


def test_claim_page_shows_each_quote_in_its_context_with_its_source(client):
    source = make_source(
        title="Russia airstrike on Homs", outlet="Middle East Eye", url="https://example.org/homs"
    )
    claim = published_claim()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<mark>36 civilians</mark>" in page
    assert "said on Tuesday that " in page  # the end of the prefix, as context
    assert "Russia airstrike on Homs" in page
    assert "Middle East Eye" in page
    assert 'href="https://example.org/homs" rel="noopener noreferrer nofollow"' in page


def test_a_quote_lost_in_a_revision_is_shown_as_from_an_earlier_version(client):
    claim = published_claim()
    make_appearance(claim=claim, quote=make_quote(exact="The army denied", orphaned=True))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<mark>The army denied</mark>" in page
    assert "in an earlier version of this source (revision 1)" in page


def test_relations_read_from_both_ends(client):
    khoja = published_claim(speaker=make_speaker(name="Khaled Khoja"), text="36 civilians were killed.")
    lavrov = published_claim(speaker=make_speaker(name="Sergei Lavrov"), text="That is completely untrue.")
    make_relation(from_claim=lavrov, to_claim=khoja, kind=ClaimRelation.Kind.CONTRADICTS, note="A denial.")

    khoja_page = client.get(khoja.get_absolute_url()).content.decode()
    assert "Contradicted by" in khoja_page
    assert "That is completely untrue." in khoja_page
    assert "A denial." in khoja_page

    lavrov_page = client.get(lavrov.get_absolute_url()).content.decode()
    assert "Contradicts" in lavrov_page
    assert "36 civilians were killed." in lavrov_page


def test_relations_to_unpublished_claims_and_withdrawn_relations_are_hidden(client):
    claim = published_claim()
    hidden = make_claim(text="A draft claim nobody may see yet.")
    make_relation(from_claim=hidden, to_claim=claim)
    other = published_claim(text="A published claim whose link was withdrawn.")
    make_relation(from_claim=claim, to_claim=other, withdrawn_at=PUBLISHED, withdrawn_reason="Wrong link")

    page = client.get(claim.get_absolute_url()).content.decode()
    assert "A draft claim nobody may see yet." not in page
    assert "A published claim whose link was withdrawn." not in page
    assert "No related claims yet." in page


def test_evidence_is_grouped_by_stance_and_withdrawn_evidence_is_hidden(client):
    claim = published_claim()
    make_evidence(claim=claim, title="Names of the victims", stance=Evidence.Stance.SUPPORTS)
    make_evidence(claim=claim, title="Satellite images", stance=Evidence.Stance.REFUTES)
    make_evidence(
        claim=claim, title="A mistaken link", withdrawn_at=PUBLISHED, withdrawn_reason="Wrong claim"
    )

    page = client.get(claim.get_absolute_url()).content.decode()
    assert page.index("<h3>Supports</h3>") < page.index("Names of the victims")
    assert page.index("<h3>Refutes</h3>") < page.index("Satellite images")
    assert "A mistaken link" not in page


def test_evidence_description_is_rendered_as_sanitized_html(client):
    claim = published_claim()
    make_evidence(claim=claim, description='<p>See <em>the list</em></p><script>alert("x")</script>')
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<p>See <em>the list</em></p>" in page
    assert '<script>alert("x")' not in page


def test_user_text_is_escaped(client):
    claim = published_claim(text='<img src=x onerror="alert(1)"> said so')
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_only_the_approved_verdict_is_public_and_superseded_ones_are_history(client):
    claim = published_claim()
    make_verdict(claim=claim, rating=default_rating(slug="true"), rationale="<p>Draft reasoning</p>")
    make_verdict(
        claim=claim,
        rating=default_rating(slug="false"),
        state=Verdict.State.SUBMITTED,
        rationale="<p>Pending</p>",
    )
    make_verdict(
        claim=claim,
        rating=default_rating(slug="half-true"),
        state=Verdict.State.SUPERSEDED,
        decided_at=PUBLISHED,
        rationale="<p>Old reasoning</p>",
    )
    make_verdict(
        claim=claim,
        rating=default_rating(slug="unproven"),
        state=Verdict.State.APPROVED,
        decided_at=PUBLISHED + timedelta(days=3),
        rationale="<p>Nobody has confirmed the count.</p>",
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Nobody has confirmed the count." in page
    assert "Unproven" in page
    assert "Half true" in page and "superseded" in page
    assert "Old reasoning" in page  # a superseded verdict keeps its rationale in the history
    assert "Draft reasoning" not in page
    assert "Pending" not in page
    assert ">False<" not in page


def test_claim_without_an_approved_verdict_says_so(client):
    claim = published_claim()
    make_verdict(claim=claim, state=Verdict.State.REJECTED)
    assert "Not yet rated." in client.get(claim.get_absolute_url()).content.decode()


def test_figures_are_shown_with_their_qualifier(client):
    claim = published_claim()
    make_figure(claim=claim, counted="civilians killed", value=36, qualifier="at_least", unit="people")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "civilians killed" in page
    assert "at least 36 people" in page


def build_claim_with(n: int):
    """A published claim with ``n`` quotes, relations each way, evidence and figures."""
    claim = published_claim(dispute=make_dispute(published_at=PUBLISHED))
    source = make_source(text=" ".join(f"Passage number {i:03d}." for i in range(n)))
    for i in range(n):
        make_appearance(
            claim=claim,
            quote=make_quote(revision=source.current_revision(), exact=f"Passage number {i:03d}."),
        )
        other = published_claim()
        make_verdict(claim=other, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
        make_relation(from_claim=claim, to_claim=other)
        make_relation(from_claim=published_claim(), to_claim=claim, kind=ClaimRelation.Kind.SUPPORTS)
        make_evidence(claim=claim, source=source)
        make_figure(claim=claim, counted=f"count {i}")
        make_fact_check(claim=claim)
    make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    return claim


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("page_cache_off")
def test_claim_page_runs_the_same_queries_for_one_or_fifty_of_everything(client):
    small = build_claim_with(1)
    large = build_claim_with(50)
    # The tenth: the other newsrooms' reviews matched to the claim ("Also checked by").
    assert count_queries(client, small.get_absolute_url()) == 10
    assert count_queries(client, large.get_absolute_url()) == 10


def test_home_lists_published_claims_and_disputes_only(client):
    published_claim(text="A claim readers can see.")
    make_claim(text="An unpublished claim.")
    published_claim(text="A withdrawn claim.", withdrawn_at=PUBLISHED)
    make_dispute(question="Was the bridge destroyed?", published_at=PUBLISHED)
    make_dispute(question="An unpublished dispute?")

    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "A claim readers can see." in page
    assert "An unpublished claim." not in page
    assert "A withdrawn claim." not in page
    assert "Was the bridge destroyed?" in page
    assert "An unpublished dispute?" not in page


@pytest.mark.usefixtures("page_cache_off")
def test_home_runs_the_same_queries_for_one_or_many_claims(client):
    for _ in range(2):
        make_verdict(claim=published_claim(), state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    few = count_queries(client, reverse("home"))
    for _ in range(15):
        make_verdict(claim=published_claim(), state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    assert count_queries(client, reverse("home")) == few == 4


def test_home_lists_the_newest_approved_verdicts_of_public_claims(client):
    older = published_claim(text="An older rated claim.")
    make_verdict(claim=older, state=Verdict.State.APPROVED, decided_at=datetime(2015, 10, 3, tzinfo=UTC))
    newer = published_claim(text="A newer rated claim.")
    make_verdict(claim=newer, state=Verdict.State.APPROVED, decided_at=datetime(2015, 10, 5, tzinfo=UTC))
    hidden = make_claim(text="A rated claim nobody published.")
    make_verdict(claim=hidden, state=Verdict.State.APPROVED, decided_at=datetime(2015, 10, 6, tzinfo=UTC))
    draft = published_claim(text="A claim with only a draft verdict.")
    make_verdict(claim=draft)

    page = client.get(reverse("home")).content.decode()
    verdicts = page[page.index('id="recent-verdicts"') : page.index('id="recent-claims"')]

    assert verdicts.index("A newer rated claim.") < verdicts.index("An older rated claim.")
    assert "A rated claim nobody published." not in page
    assert "A claim with only a draft verdict." not in verdicts


def test_rating_colours_are_served_as_a_stylesheet(client):
    response = client.get(reverse("claims:rating-styles"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert ".swatch-false { background: #b91c1c; }" in response.content.decode()
