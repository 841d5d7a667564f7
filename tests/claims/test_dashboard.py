"""The workspace dashboard: what the signed-in journalist or editor is
working on, and what is waiting for them."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.models import Verdict, VerdictVote
from sources.views import source_workspace_url
from tests.factories import make_claim, make_source, make_speaker, make_user, make_verdict

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def journalist():
    return make_user(groups=["Journalist"])


@pytest.fixture
def editor():
    return make_user(groups=["Editor"])


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 200
    return response


def test_links_to_import_a_source_and_to_all_sources(client, journalist):
    page = dashboard(client, journalist).content.decode()
    assert f'href="{reverse("sources:capture")}">Import from a link or PDF</a>' in page
    assert f'href="{reverse("sources:import")}">Paste or upload a text</a>' in page
    assert f'href="{reverse("sources:list")}">All sources</a>' in page


def test_empty_states_say_what_to_do(client, journalist):
    page = dashboard(client, journalist).content.decode()
    assert "You have not imported any sources yet." in page
    assert "You have no claims in progress." in page
    assert "You have no draft verdicts." in page


def test_sources_you_imported_latest_ten_linking_to_the_reader(client, journalist):
    mine = [make_source(title=f"Mine {n:02d}", created_by=journalist) for n in range(12)]
    make_source(title="Someone else's", created_by=make_user())
    response = dashboard(client, journalist)
    page = response.content.decode()
    assert [source.title for source, _ in response.context["sources"]] == [
        f"Mine {n:02d}" for n in range(11, 1, -1)
    ]
    assert f'<a href="{source_workspace_url(mine[-1])}" dir="auto">Mine 11</a>' in page
    assert "Mine 01" not in page
    assert "Someone else" not in page


def test_claims_you_are_working_on_with_speaker_and_publication(client, journalist):
    lavrov = make_speaker(name="Sergei Lavrov")
    draft = make_claim(speaker=lavrov, text="The allegations are untrue.", created_by=journalist)
    published = make_claim(text="36 civilians were killed.", created_by=journalist, published_at=PUBLISHED)
    make_claim(text="Withdrawn claim.", created_by=journalist, withdrawn_at=PUBLISHED)
    make_claim(text="Another journalist's claim.", created_by=make_user())
    page = dashboard(client, journalist).content.decode()
    assert "Sergei Lavrov" in page
    # Every claim links to its page in the workspace, where it is edited.
    draft_url = reverse("workspace:claim", args=[draft.pk])
    published_url = reverse("workspace:claim", args=[published.pk])
    assert f'<a href="{draft_url}" dir="auto">The allegations are untrue.</a>' in page
    assert f'<a href="{published_url}" dir="auto">36 civilians were killed.</a>' in page
    assert "Not published" in page
    assert "Published</span>" in page
    assert "Withdrawn claim." not in page
    assert "Another journalist" not in page


def test_claims_are_limited_to_the_latest_twenty(client, journalist):
    for n in range(21):
        make_claim(text=f"Claim {n:02d}.", created_by=journalist)
    claims = list(dashboard(client, journalist).context["claims"])
    assert len(claims) == 20
    assert claims[0].text == "Claim 20."


def test_your_draft_verdicts(client, journalist):
    make_verdict(author=journalist, claim=make_claim(text="Figures were inflated."))
    make_verdict(author=journalist, state=Verdict.State.SUBMITTED, claim=make_claim(text="Submitted one."))
    make_verdict(author=make_user(), claim=make_claim(text="Someone else's draft."))
    page = dashboard(client, journalist).content.decode()
    assert "<strong>False</strong> on" in page
    assert "Figures were inflated." in page
    assert "Submitted one." not in page
    assert "Someone else" not in page


def test_journalists_see_no_review_count(client, journalist):
    make_verdict(state=Verdict.State.SUBMITTED)
    page = dashboard(client, journalist).content.decode()
    assert "Verdicts waiting for review" not in page


def test_editors_see_how_many_verdicts_wait_for_their_review(client, editor):
    make_verdict(state=Verdict.State.SUBMITTED)
    make_verdict(state=Verdict.State.SUBMITTED)
    make_verdict(state=Verdict.State.SUBMITTED, author=editor)  # nobody reviews their own
    voted = make_verdict(state=Verdict.State.SUBMITTED)
    VerdictVote.objects.create(verdict=voted, editor=editor, decision=VerdictVote.Decision.APPROVE)
    make_verdict(state=Verdict.State.DRAFT)
    response = dashboard(client, editor)
    assert response.context["waiting_for_review"] == 2
    assert "<strong>2</strong> submitted verdicts by other journalists are waiting for your review." in (
        response.content.decode()
    )


def test_editors_are_told_when_nothing_waits_for_review(client, editor):
    assert "No verdicts are waiting for your review." in dashboard(client, editor).content.decode()


def fill(user, n: int) -> None:
    for i in range(n):
        make_source(title=f"Source {user.pk}-{i}", created_by=user)
        make_claim(created_by=user, published_at=PUBLISHED if i % 2 else None)
        make_verdict(author=user)
        make_verdict(state=Verdict.State.SUBMITTED)


@pytest.mark.parametrize("items", [1, 6])
def test_a_journalists_dashboard_takes_a_constant_number_of_queries(
    client, journalist, django_assert_num_queries, items
):
    fill(journalist, items)
    client.force_login(journalist)
    # Session, user, permissions (the user's own and their groups'), then
    # sources, claims with speakers, drafts with claims, speakers and ratings.
    with django_assert_num_queries(7):
        client.get(reverse("workspace:dashboard"))


@pytest.mark.parametrize("items", [1, 6])
def test_an_editors_dashboard_takes_a_constant_number_of_queries(
    client, editor, django_assert_num_queries, items
):
    fill(editor, items)
    client.force_login(editor)
    # As for a journalist, and the count of verdicts waiting for review.
    with django_assert_num_queries(8):
        client.get(reverse("workspace:dashboard"))
