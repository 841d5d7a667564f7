"""Verdicts and publication in the workspace: proposing, editing, submitting
and withdrawing on the claim's page, the editors' review queue, and
publishing claims and disputes. The rules themselves are claims.domain.workflow's
and tested there; these tests pin how the views answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from claims.models import Claim, Dispute, Verdict, VerdictVote
from tests.factories import (
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_relation,
    make_speaker,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EARLY = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def journalist():
    return make_user(groups=["Journalist"])


@pytest.fixture
def editor():
    return make_user(groups=["Editor"])


@pytest.fixture
def claim():
    return make_claim(text="36 civilians were killed.")


def propose_url(claim: Claim) -> str:
    return reverse("workspace:verdict-propose", args=[claim.pk])


def action_url(name: str, verdict: Verdict) -> str:
    return reverse(f"workspace:verdict-{name}", args=[verdict.claim_id, verdict.pk])


def proposal(rating: str = "false", rationale: str = "<p>The count is wrong.</p>", evidence=()) -> dict:
    return {
        "vd-rating": default_rating(slug=rating).pk,
        "vd-rationale": rationale,
        "vd-evidence": [e.pk for e in evidence],
    }


def submitted(**overrides) -> Verdict:
    overrides.setdefault("submitted_at", EARLY)
    return make_verdict(state=Verdict.State.SUBMITTED, **overrides)


# --- The claim's page -------------------------------------------------------------------


def test_the_claim_page_shows_the_verdicts_and_the_proposal_form(client, journalist, claim):
    make_verdict(claim=claim, rating=default_rating(slug="unproven"), author=journalist)
    rejected = make_verdict(
        claim=claim, state=Verdict.State.REJECTED, rejection_reason="Sources are too thin."
    )
    make_evidence(claim=claim, title="Hospital records")
    make_evidence(claim=claim, title="Withdrawn photo", withdrawn_at=EARLY)
    client.force_login(journalist)
    page = client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert 'id="verdicts"' in page
    assert "Unproven" in page and "Draft" in page
    assert 'Rejected because: <span dir="auto">Sources are too thin.</span>' in page
    assert f"By {rejected.author.get_username()}" in page
    assert "Propose a verdict" in page
    assert "Limited HTML is allowed" in page
    assert "Hospital records" in page
    assert "Withdrawn photo</span></label>" not in page
    # Every rating of the default scale is offered, with what it means.
    assert ">False</option>" in page and ">Unproven</option>" in page


def test_a_journalist_proposes_a_draft_with_sanitized_rationale(client, journalist, claim):
    evidence = make_evidence(claim=claim)
    client.force_login(journalist)
    data = proposal(rationale='<p onclick="x()">Wrong.<script>alert(1)</script></p>', evidence=[evidence])
    response = client.post(propose_url(claim), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:claim", args=[claim.pk]) + "#verdicts"
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.state == Verdict.State.DRAFT
    assert verdict.author == journalist
    assert verdict.rating.slug == "false"
    assert "script" not in verdict.rationale and "onclick" not in verdict.rationale
    assert list(verdict.evidence.all()) == [evidence]


def test_an_htmx_proposal_gets_only_the_verdicts_section(client, journalist, claim):
    client.force_login(journalist)
    response = client.post(propose_url(claim), proposal(), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="verdicts"')
    assert "<html" not in page and 'id="evidence"' not in page
    assert "Verdict saved as a draft." in page
    assert "Submit for review" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"vd-rationale": "<p>Why.</p>"}, "This field is required."),
        ({"vd-rating": "999999", "vd-rationale": "Why."}, "Select a valid choice."),
        ({"vd-rationale": "   "}, "This field is required."),
    ],
)
def test_an_invalid_proposal_comes_back_with_errors(client, journalist, claim, data, error):
    client.force_login(journalist)
    response = client.post(propose_url(claim), data, **HTMX)
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Verdict.objects.exists()


def test_evidence_of_another_claim_is_refused(client, journalist, claim):
    other = make_evidence()
    client.force_login(journalist)
    response = client.post(propose_url(claim), proposal() | {"vd-evidence": [other.pk]})
    assert response.status_code == 422
    assert not Verdict.objects.exists()


def test_a_verdict_on_a_withdrawn_claim_is_refused_with_the_reason(client, journalist):
    claim = make_claim(withdrawn_at=EARLY)
    client.force_login(journalist)
    response = client.post(propose_url(claim), proposal(), **HTMX)
    assert response.status_code == 422
    assert "restore it before proposing a verdict" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["verdict-propose", "verdict-edit", "verdict-submit", "verdict-withdraw", "claim-publish"]
)
def test_verdict_actions_answer_get_with_405(client, journalist, name):
    verdict = make_verdict(author=journalist)
    client.force_login(journalist)
    args = (
        [verdict.claim_id] if name in ("verdict-propose", "claim-publish") else [verdict.claim_id, verdict.pk]
    )
    assert client.get(reverse(f"workspace:{name}", args=args)).status_code == 405


def test_readers_are_sent_to_sign_in_and_other_accounts_refused(client, claim):
    response = client.post(propose_url(claim), proposal())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(make_user())
    assert client.post(propose_url(claim), proposal()).status_code == 403


def test_the_author_edits_their_draft(client, journalist, claim):
    verdict = make_verdict(claim=claim, author=journalist)
    client.force_login(journalist)
    page = client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert "Edit the draft" in page
    data = {
        f"vd{verdict.pk}-version": verdict.version,
        f"vd{verdict.pk}-rating": default_rating(slug="unproven").pk,
        f"vd{verdict.pk}-rationale": "<p>Not enough to say.</p>",
    }
    response = client.post(action_url("edit", verdict), data, **HTMX)
    assert response.status_code == 200
    assert "Draft saved." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.rating.slug == "unproven"
    assert verdict.rationale == "<p>Not enough to say.</p>"


def test_an_edit_from_a_stale_form_is_a_conflict(client, journalist, claim):
    verdict = make_verdict(claim=claim, author=journalist)
    stale = verdict.version
    verdict.rationale = "<p>Changed in another tab.</p>"
    verdict.save()
    client.force_login(journalist)
    data = {
        f"vd{verdict.pk}-version": stale,
        f"vd{verdict.pk}-rating": default_rating().pk,
        f"vd{verdict.pk}-rationale": "<p>Mine.</p>",
    }
    response = client.post(action_url("edit", verdict), data, **HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved: someone else changed this first." in page
    # The form comes back with what was typed, at the version now stored.
    assert "&lt;p&gt;Mine.&lt;/p&gt;" in page
    assert f'name="vd{verdict.pk}-version" value="{verdict.version}"' in page
    verdict.refresh_from_db()
    assert verdict.rationale == "<p>Changed in another tab.</p>"


def test_an_invalid_edit_comes_back_with_errors(client, journalist, claim):
    verdict = make_verdict(claim=claim, author=journalist)
    client.force_login(journalist)
    data = {f"vd{verdict.pk}-version": verdict.version, f"vd{verdict.pk}-rationale": ""}
    response = client.post(action_url("edit", verdict), data, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_only_the_author_edits_a_draft(client, journalist, claim):
    verdict = make_verdict(claim=claim)
    client.force_login(journalist)
    page = client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert "Edit the draft" not in page and "Submit for review" not in page
    data = {
        f"vd{verdict.pk}-version": verdict.version,
        f"vd{verdict.pk}-rating": default_rating().pk,
        f"vd{verdict.pk}-rationale": "Mine now.",
    }
    response = client.post(action_url("edit", verdict), data)
    assert response.status_code == 403
    assert "Only the author of a draft can edit it." in response.content.decode()


def test_a_verdict_of_another_claim_is_not_found(client, journalist, claim):
    verdict = make_verdict(author=journalist)
    client.force_login(journalist)
    url = reverse("workspace:verdict-submit", args=[claim.pk, verdict.pk])
    assert client.post(url).status_code == 404


def test_the_author_submits_a_draft(client, journalist, claim, mailoutbox):
    verdict = make_verdict(claim=claim, author=journalist)
    client.force_login(journalist)
    response = client.post(action_url("submit", verdict))
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "Verdict submitted" in page
    assert "0 of 1</strong> approval" in page


def test_submitting_twice_is_refused_with_409(client, journalist, claim):
    verdict = submitted(claim=claim, author=journalist)
    client.force_login(journalist)
    response = client.post(action_url("submit", verdict), **HTMX)
    assert response.status_code == 409
    assert "This verdict is submitted, so it cannot be submitted." in response.content.decode()
    plain = client.post(action_url("submit", verdict))
    assert plain.status_code == 409
    assert "This verdict is submitted, so it cannot be submitted." in plain.content.decode()


def test_only_the_author_submits(client, journalist, claim):
    verdict = make_verdict(claim=claim)
    client.force_login(journalist)
    response = client.post(action_url("submit", verdict))
    assert response.status_code == 403
    assert "Only the author of a verdict can submit it." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.DRAFT


def test_the_author_withdraws_a_submitted_verdict(client, journalist, claim):
    verdict = submitted(claim=claim, author=journalist)
    client.force_login(journalist)
    response = client.post(
        action_url("withdraw", verdict), {f"vdw{verdict.pk}-reason": "Rethinking."}, **HTMX
    )
    assert response.status_code == 200
    assert "it is a draft again" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.DRAFT
    assert verdict.transitions.get().reason == "Rethinking."


def test_withdrawing_a_draft_is_refused_with_409(client, journalist, claim):
    verdict = make_verdict(claim=claim, author=journalist)
    client.force_login(journalist)
    response = client.post(action_url("withdraw", verdict), **HTMX)
    assert response.status_code == 409
    assert "This verdict is draft, so it cannot be withdrawn." in response.content.decode()


def test_the_claim_page_shows_votes_so_far(client, journalist, editor, claim, settings):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = submitted(claim=claim, author=journalist)
    VerdictVote.objects.create(
        verdict=verdict, editor=editor, decision="approve", created_at=EARLY + timedelta(1)
    )
    client.force_login(journalist)
    page = client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert "<strong>1 of 2</strong> approvals" in page
    assert f"{editor.get_username()}: approved" in page


# --- The review queue -------------------------------------------------------------------


def test_the_queue_is_for_editors_only(client, journalist, editor):
    url = reverse("workspace:review")
    assert client.get(url).status_code == 302
    client.force_login(journalist)
    response = client.get(url)
    assert response.status_code == 403
    assert "Only editors review verdicts." in response.content.decode()
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_editors_see_the_review_link_in_the_nav(client, journalist, editor):
    link = f'<a href="{reverse("workspace:review")}">Review</a>'
    client.force_login(journalist)
    assert link not in client.get(reverse("workspace:dashboard")).content.decode()
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert link in page


def test_the_queue_lists_submitted_verdicts_oldest_first(client, editor):
    newer = submitted(submitted_at=EARLY + timedelta(hours=2))
    older = submitted(submitted_at=EARLY)
    make_verdict()  # a draft is not for review
    make_verdict(state=Verdict.State.REJECTED)
    client.force_login(editor)
    response = client.get(reverse("workspace:review"))
    assert [item.verdict for item in response.context["items"]] == [older, newer]


def test_the_queue_shows_what_an_editor_needs_to_decide(client, editor, django_assert_max_num_queries):
    speaker = make_speaker(name="Khaled Khoja")
    claim = make_claim(
        speaker=speaker,
        speaker_role="President of the Syrian National Coalition",
        claimed_on=datetime(2015, 9, 30).date(),
        text="36 civilians were killed.",
        published_at=EARLY,
    )
    make_appearance(claim=claim)
    kremlin = make_claim(speaker=make_speaker(name="Kremlin"), text="Only terrorists were targeted.")
    lavrov = make_claim(speaker=make_speaker(name="Lavrov"), text="The reports are untrue.")
    make_relation(from_claim=claim, to_claim=kremlin, note="Opposite counts.")
    make_relation(from_claim=lavrov, to_claim=claim)
    cited = make_evidence(claim=claim, title="Hospital records", description="<p>Doctors counted.</p>")
    make_evidence(claim=claim, title="Satellite image")
    make_verdict(claim=claim, rating=default_rating(slug="unproven"), state=Verdict.State.APPROVED)
    verdict = submitted(claim=claim, rationale="<p>The <em>count</em> is wrong.</p>")
    verdict.evidence.add(cited)
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("workspace:review")).content.decode()
    assert "36 civilians were killed." in page
    assert "Khaled Khoja" in page and "President of the Syrian National Coalition" in page
    assert "30 September 2015" in page
    assert "<mark>36 civilians were killed</mark>" in page
    assert "Contradicts" in page and "Only terrorists were targeted." in page
    assert "Contradicted by" in page and "The reports are untrue." in page
    assert "Hospital records" in page and "Doctors counted." in page
    assert "Other evidence on the claim" in page and "Satellite image" in page
    assert "The <em>count</em> is wrong." in page
    assert "Public verdict now:" in page and "would become:" in page
    assert page.index("Unproven") < page.index("would become:")
    assert "<strong>0 of 1</strong> approval" in page
    assert '<label for="id_rj' in page and "Reason for rejecting" in page


def test_a_claim_without_an_approved_verdict_says_so(client, editor):
    submitted()
    client.force_login(editor)
    assert "No public verdict yet" in client.get(reverse("workspace:review")).content.decode()


def test_an_editor_approves_from_the_queue(client, editor, mailoutbox):
    claim = make_claim(published_at=EARLY)
    old = make_verdict(claim=claim, rating=default_rating(slug="unproven"), state=Verdict.State.APPROVED)
    verdict = submitted(claim=claim)
    client.force_login(editor)
    response = client.post(reverse("workspace:verdict-approve", args=[verdict.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("workspace:review")
    verdict.refresh_from_db()
    old.refresh_from_db()
    assert verdict.state == Verdict.State.APPROVED
    assert old.state == Verdict.State.SUPERSEDED
    page = client.get(reverse("workspace:review")).content.decode()
    assert "approved; the author has been told" in page
    assert "No verdicts are waiting for review." in page


def test_an_htmx_approval_gets_the_queue_back(client, editor, settings):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = submitted()
    client.force_login(editor)
    response = client.post(reverse("workspace:verdict-approve", args=[verdict.pk]), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="queue">')
    assert "<html" not in page
    assert "it needs more approvals" in page
    assert "<strong>1 of 2</strong> approvals" in page
    assert "You approved this verdict" in page


def test_a_second_vote_is_refused_with_409(client, editor, settings):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = submitted()
    client.force_login(editor)
    url = reverse("workspace:verdict-approve", args=[verdict.pk])
    client.post(url)
    response = client.post(url, **HTMX)
    assert response.status_code == 409
    assert "You have already voted on this verdict" in response.content.decode()


def test_approving_a_decided_verdict_is_refused_with_409(client, editor):
    verdict = make_verdict(state=Verdict.State.REJECTED)
    client.force_login(editor)
    response = client.post(reverse("workspace:verdict-approve", args=[verdict.pk]))
    assert response.status_code == 409
    assert "This verdict is rejected, so it cannot be approved." in response.content.decode()


def test_an_editor_never_approves_their_own_verdict(client, editor):
    verdict = submitted(author=editor)
    client.force_login(editor)
    page = client.get(reverse("workspace:review")).content.decode()
    assert "You wrote this verdict: another editor must approve it." in page
    assert reverse("workspace:verdict-approve", args=[verdict.pk]) not in page
    response = client.post(reverse("workspace:verdict-approve", args=[verdict.pk]))
    assert response.status_code == 403
    assert "You wrote this verdict: another editor must approve it." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED
    assert not verdict.votes.exists()


def test_journalists_cannot_approve_or_reject(client, journalist):
    verdict = submitted()
    client.force_login(journalist)
    assert client.post(reverse("workspace:verdict-approve", args=[verdict.pk])).status_code == 403
    data = {f"rj{verdict.pk}-reason": "No."}
    assert client.post(reverse("workspace:verdict-reject", args=[verdict.pk]), data).status_code == 403
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED


def test_an_editor_rejects_with_a_reason(client, editor, mailoutbox):
    verdict = submitted()
    client.force_login(editor)
    url = reverse("workspace:verdict-reject", args=[verdict.pk])
    response = client.post(url, {f"rj{verdict.pk}-reason": "The sources are too thin."}, **HTMX)
    assert response.status_code == 200
    assert "rejected." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.REJECTED
    assert verdict.rejection_reason == "The sources are too thin."


def test_a_rejection_without_a_reason_comes_back_with_an_error(client, editor):
    verdict = submitted()
    client.force_login(editor)
    url = reverse("workspace:verdict-reject", args=[verdict.pk])
    response = client.post(url, {f"rj{verdict.pk}-reason": "  "}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED


def test_decision_routes_answer_get_with_405(client, editor):
    verdict = submitted()
    client.force_login(editor)
    assert client.get(reverse("workspace:verdict-approve", args=[verdict.pk])).status_code == 405
    assert client.get(reverse("workspace:verdict-reject", args=[verdict.pk])).status_code == 405


# --- Publication ------------------------------------------------------------------------


def test_an_editor_publishes_and_unpublishes_a_claim(client, editor, claim):
    client.force_login(editor)
    page = client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert ">Publish</button>" in page
    response = client.post(reverse("workspace:claim-publish", args=[claim.pk]))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.published_at is not None and claim.published_by == editor
    assert client.get(reverse("claims:detail", args=[claim.pk])).status_code == 200
    response = client.post(reverse("workspace:claim-unpublish", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="claim"')
    assert "Claim unpublished" in response.content.decode()
    claim.refresh_from_db()
    assert claim.published_at is None
    assert client.get(reverse("claims:detail", args=[claim.pk])).status_code == 404


def test_publishing_a_published_claim_is_refused_with_409(client, editor):
    claim = make_claim(published_at=EARLY)
    client.force_login(editor)
    response = client.post(reverse("workspace:claim-publish", args=[claim.pk]), **HTMX)
    assert response.status_code == 409
    assert "This claim is already published." in response.content.decode()


def test_journalists_neither_see_nor_use_publication(client, journalist, claim):
    dispute = make_dispute()
    client.force_login(journalist)
    assert ">Publish</button>" not in client.get(reverse("workspace:claim", args=[claim.pk])).content.decode()
    assert (
        ">Publish</button>"
        not in client.get(reverse("workspace:dispute", args=[dispute.pk])).content.decode()
    )
    for name, pk in [
        ("claim-publish", claim.pk),
        ("claim-unpublish", claim.pk),
        ("dispute-publish", dispute.pk),
        ("dispute-unpublish", dispute.pk),
    ]:
        response = client.post(reverse(f"workspace:{name}", args=[pk]))
        assert response.status_code == 403, name
        assert "Only editors" in response.content.decode()
    claim.refresh_from_db()
    dispute.refresh_from_db()
    assert claim.published_at is None and dispute.published_at is None


def test_an_editor_publishes_and_unpublishes_a_dispute(client, editor):
    dispute = make_dispute()
    client.force_login(editor)
    response = client.post(reverse("workspace:dispute-publish", args=[dispute.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "workspace:dispute", args=[dispute.pk]
    )
    assert Dispute.objects.get(pk=dispute.pk).published_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Dispute published" in page and ">Unpublish</button>" in page
    response = client.post(reverse("workspace:dispute-unpublish", args=[dispute.pk]), **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="dispute-publication"')
    assert Dispute.objects.get(pk=dispute.pk).published_at is None
    response = client.post(reverse("workspace:dispute-unpublish", args=[dispute.pk]), **HTMX)
    assert response.status_code == 409
    assert "This dispute is not published." in response.content.decode()


# --- The dashboard ----------------------------------------------------------------------


def test_the_dashboard_links_to_the_queue_and_the_drafts(client, editor):
    submitted()
    draft = make_verdict(author=editor)
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert f'href="{reverse("workspace:review")}">Verdicts waiting for review: 1</a>' in page
    assert f'href="{reverse("workspace:claim", args=[draft.claim_id])}#verdict-{draft.pk}"' in page
