"""claims.domain.workflow: the one table of verdict moves, who may make them, review
rounds and quorum, and the publication of claims and disputes."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from claims.domain import verdict_rules, workflow
from claims.domain.editing import EditConflict
from claims.domain.workflow import TransitionRefused
from claims.models import Verdict, VerdictTransition, VerdictVote
from tests.claims.replay import Clock, Stored, make_move
from tests.factories import (
    default_rating,
    make_claim,
    make_dispute,
    make_evidence,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

S = Verdict.State
EARLIER = timezone.now() - dt.timedelta(days=1)


def verdict_in(state: str, **overrides) -> Verdict:
    """A verdict in ``state`` with the timestamps that state implies, as if
    it had got there through the workflow."""
    if state != S.DRAFT:
        overrides.setdefault("submitted_at", EARLIER)
    if state in (S.APPROVED, S.REJECTED, S.SUPERSEDED):
        overrides.setdefault("decided_at", EARLIER)
    if state == S.REJECTED:
        overrides.setdefault("rejection_reason", "Not enough evidence.")
    if state == S.SUPERSEDED:
        overrides.setdefault("superseded_at", EARLIER)
    return make_verdict(state=state, **overrides)


def snapshot(verdict: Verdict) -> tuple:
    """Everything a refused move must leave as it was."""
    verdict.refresh_from_db()
    return (
        verdict.state,
        verdict.version,
        verdict.submitted_at,
        verdict.decided_at,
        verdict.superseded_at,
        verdict.reviewer_id,
        verdict.rejection_reason,
        verdict.transitions.count(),
        verdict.votes.count(),
    )


@pytest.fixture
def author():
    return make_user(groups=["Journalist"])


@pytest.fixture
def editor():
    return make_user(groups=["Editor"])


# --- The transition table -------------------------------------------------------


def test_the_table_holds_exactly_the_moves_of_the_issue():
    assert verdict_rules.TRANSITIONS == {
        (S.DRAFT, "submit"): S.SUBMITTED,
        (S.SUBMITTED, "withdraw"): S.DRAFT,
        (S.SUBMITTED, "approve"): S.APPROVED,
        (S.SUBMITTED, "reject"): S.REJECTED,
        (S.APPROVED, "supersede"): S.SUPERSEDED,
    }


@pytest.mark.parametrize("action", verdict_rules.ACTIONS)
@pytest.mark.parametrize("state", S.values)
def test_next_state_follows_the_table_and_refuses_everything_else(state, action):
    if (state, action) in verdict_rules.TRANSITIONS:
        assert verdict_rules.next_state(state, action) == verdict_rules.TRANSITIONS[(state, action)]
    else:
        with pytest.raises(TransitionRefused) as refused:
            verdict_rules.next_state(state, action)
        assert refused.value.message == (
            f"This verdict is {S(state).label.lower()}, so it cannot be {verdict_rules._ACTION_PAST[action]}."
        )


def call_action(action: str, verdict: Verdict, *, author, editor) -> Callable[[], Verdict]:
    return {
        "submit": lambda: workflow.submit_verdict(verdict=verdict, by=author),
        "withdraw": lambda: workflow.withdraw_verdict(
            verdict=verdict, by=author, reason="Needs another look."
        ),
        "approve": lambda: workflow.approve_verdict(verdict=verdict, by=editor),
        "reject": lambda: workflow.reject_verdict(verdict=verdict, by=editor, reason="The source is weak."),
    }[action]


@pytest.mark.parametrize("action", ["submit", "withdraw", "approve", "reject"])
@pytest.mark.parametrize("state", S.values)
def test_every_state_and_action_through_the_workflow(state, action, author, editor):
    verdict = verdict_in(state, author=author)
    before = snapshot(verdict)
    move = call_action(action, verdict, author=author, editor=editor)

    if (state, action) not in verdict_rules.TRANSITIONS:
        with pytest.raises(TransitionRefused):
            move()
        assert snapshot(verdict) == before
        return

    result = move()
    assert result.state == verdict_rules.TRANSITIONS[(state, action)]
    stored = Verdict.objects.get(pk=verdict.pk)
    assert stored.state == result.state
    assert stored.version == verdict.version + 1
    transition = stored.transitions.get()
    assert (transition.from_state, transition.to_state) == (state, result.state)
    assert transition.by == (author if action in ("submit", "withdraw") else editor)
    assert stored.history.first().history_user == transition.by


@pytest.mark.parametrize("state", S.values)
def test_supersede_happens_only_to_the_approved_verdict_when_a_newer_one_is_approved(state, editor):
    claim = make_claim()
    older = verdict_in(state, claim=claim)
    before = snapshot(older)
    newer = verdict_in(S.SUBMITTED, claim=claim)

    workflow.approve_verdict(verdict=newer, by=editor)

    if (state, "supersede") in verdict_rules.TRANSITIONS:
        older.refresh_from_db()
        assert older.state == S.SUPERSEDED
        assert older.superseded_at is not None
        transition = older.transitions.get()
        assert (transition.from_state, transition.to_state, transition.by) == (
            S.APPROVED,
            S.SUPERSEDED,
            editor,
        )
        assert transition.reason == f"Superseded by verdict {newer.pk}."
    else:
        assert snapshot(older) == before
    assert list(Verdict.objects.filter(claim=claim).approved()) == [newer]


def test_the_state_is_checked_on_the_stored_row_not_on_the_callers_copy(author):
    verdict = verdict_in(S.DRAFT, author=author)
    stale = Verdict.objects.get(pk=verdict.pk)
    workflow.submit_verdict(verdict=verdict, by=author)

    assert stale.state == S.DRAFT
    with pytest.raises(TransitionRefused, match="submitted, so it cannot be submitted"):
        workflow.submit_verdict(verdict=stale, by=author)
    assert VerdictTransition.objects.filter(verdict=verdict).count() == 1


# --- Proposing and editing drafts ---------------------------------------------


def test_a_journalist_proposes_a_draft_with_evidence_of_the_claim(author):
    claim = make_claim()
    evidence = make_evidence(claim=claim)

    verdict = workflow.propose_verdict(
        claim=claim,
        rating=default_rating(),
        rationale="<p>Wrong.</p><script>alert(1)</script>",
        evidence=[evidence],
        by=author,
    )

    verdict.refresh_from_db()
    assert (verdict.state, verdict.author, verdict.claim) == (S.DRAFT, author, claim)
    assert "<script>" not in verdict.rationale
    assert list(verdict.evidence.all()) == [evidence]
    assert verdict.history.first().history_user == author
    assert not verdict.transitions.exists()


def test_proposing_needs_the_permission():
    with pytest.raises(PermissionDenied):
        workflow.propose_verdict(claim=make_claim(), rating=default_rating(), rationale="x", by=make_user())
    assert not Verdict.objects.exists()


def test_proposing_refuses_a_withdrawn_claim_and_evidence_of_another_claim(author):
    withdrawn = make_claim(withdrawn_at=timezone.now(), withdrawn_reason="Duplicate.")
    with pytest.raises(ValidationError, match="withdrawn"):
        workflow.propose_verdict(claim=withdrawn, rating=default_rating(), rationale="x", by=author)

    with pytest.raises(ValidationError) as refused:
        workflow.propose_verdict(
            claim=make_claim(), rating=default_rating(), rationale="x", evidence=[make_evidence()], by=author
        )
    assert "evidence" in refused.value.message_dict
    assert not Verdict.objects.exists()


def test_proposing_needs_a_rationale(author):
    with pytest.raises(ValidationError) as refused:
        workflow.propose_verdict(claim=make_claim(), rating=default_rating(), rationale="", by=author)
    assert "rationale" in refused.value.message_dict


def test_the_author_edits_a_draft_at_the_version_read(author):
    verdict = verdict_in(S.DRAFT, author=author)
    evidence = make_evidence(claim=verdict.claim)

    edited = workflow.edit_draft(
        verdict=verdict,
        rating=default_rating(slug="true"),
        rationale="<p>Checked again.</p>",
        evidence=[evidence],
        expected_version=verdict.version,
        by=author,
    )

    stored = Verdict.objects.get(pk=verdict.pk)
    assert stored.version == verdict.version + 1 == edited.version
    assert (stored.rating.slug, stored.rationale) == ("true", "<p>Checked again.</p>")
    assert list(stored.evidence.all()) == [evidence]

    with pytest.raises(EditConflict) as conflict:
        workflow.edit_draft(
            verdict=verdict,
            rating=default_rating(),
            rationale="<p>From an old form.</p>",
            evidence=[],
            expected_version=verdict.version,
            by=author,
        )
    assert Verdict.objects.get(pk=verdict.pk).rationale == "<p>Checked again.</p>"
    # The conflict names what the other save changed, the evidence included.
    changed = {change.label: (change.before, change.after) for change in conflict.value.changes}
    assert changed["Evidence"] == ("(empty)", evidence.title)
    assert changed["Rating"] == ("False", "True")


def test_only_the_author_edits_and_only_a_draft(author, editor):
    draft = verdict_in(S.DRAFT, author=author)
    arguments = {"rating": default_rating(), "rationale": "<p>Mine now.</p>", "evidence": []}
    with pytest.raises(PermissionDenied):
        workflow.edit_draft(verdict=draft, expected_version=draft.version, by=editor, **arguments)

    submitted = verdict_in(S.SUBMITTED, author=author)
    before = snapshot(submitted)
    with pytest.raises(TransitionRefused, match="^Only a draft can be edited; this verdict is submitted."):
        workflow.edit_draft(verdict=submitted, expected_version=submitted.version, by=author, **arguments)
    assert snapshot(submitted) == before


def test_only_the_author_submits_or_withdraws(author, editor):
    draft = verdict_in(S.DRAFT, author=author)
    with pytest.raises(PermissionDenied):
        workflow.submit_verdict(verdict=draft, by=editor)
    submitted = verdict_in(S.SUBMITTED, author=author)
    with pytest.raises(PermissionDenied):
        workflow.withdraw_verdict(verdict=submitted, by=editor)
    assert (snapshot(draft)[0], snapshot(submitted)[0]) == (S.DRAFT, S.SUBMITTED)


def test_submitting_starts_a_round_and_withdrawing_ends_it(author):
    verdict = verdict_in(S.DRAFT, author=author)
    submitted = workflow.submit_verdict(verdict=verdict, by=author)
    assert submitted.submitted_at is not None

    withdrawn = workflow.withdraw_verdict(verdict=verdict, by=author, reason="  A figure is wrong. ")
    assert (withdrawn.state, withdrawn.submitted_at) == (S.DRAFT, None)
    assert withdrawn.transitions.last().reason == "A figure is wrong."


# --- Review ---------------------------------------------------------------------


def test_an_editor_never_approves_their_own_verdict():
    author_editor = make_user(groups=["Editor"])
    verdict = verdict_in(S.SUBMITTED, author=author_editor)
    before = snapshot(verdict)

    with pytest.raises(PermissionDenied, match="^You wrote this verdict: another editor must approve it.$"):
        workflow.approve_verdict(verdict=verdict, by=author_editor)
    with pytest.raises(PermissionDenied):
        workflow.reject_verdict(verdict=verdict, by=author_editor, reason="I changed my mind.")
    assert snapshot(verdict) == before


def test_a_journalist_cannot_approve_reject_or_publish(author):
    journalist = make_user(groups=["Journalist"])
    verdict = verdict_in(S.SUBMITTED, author=author)
    before = snapshot(verdict)

    with pytest.raises(PermissionDenied, match="^Only editors approve verdicts.$"):
        workflow.approve_verdict(verdict=verdict, by=journalist)
    with pytest.raises(PermissionDenied):
        workflow.reject_verdict(verdict=verdict, by=journalist, reason="No.")
    assert snapshot(verdict) == before

    claim, dispute = make_claim(), make_dispute()
    with pytest.raises(PermissionDenied):
        workflow.publish_claim(claim=claim, by=journalist)
    with pytest.raises(PermissionDenied):
        workflow.publish_dispute(dispute=dispute, by=journalist)
    claim.refresh_from_db()
    dispute.refresh_from_db()
    assert claim.published_at is None and dispute.published_at is None


def test_approval_sets_the_reviewer_and_the_decision_time(author, editor):
    verdict = verdict_in(S.SUBMITTED, author=author)

    approved = workflow.approve_verdict(verdict=verdict, by=editor)

    assert (approved.state, approved.reviewer, approved.rejection_reason) == (S.APPROVED, editor, "")
    assert approved.decided_at is not None
    vote = VerdictVote.objects.get(verdict=verdict)
    assert (vote.editor, vote.decision) == (editor, VerdictVote.Decision.APPROVE)


def test_with_a_quorum_of_two_the_second_editors_approval_approves(settings, author):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    first, second = make_user(groups=["Editor"]), make_user(groups=["Editor"])
    verdict = verdict_in(S.SUBMITTED, author=author)

    after_first = workflow.approve_verdict(verdict=verdict, by=first)
    assert after_first.state == S.SUBMITTED
    assert after_first.reviewer is None
    assert not after_first.transitions.exists()
    assert [vote.editor for vote in workflow.current_votes(after_first)] == [first]

    with pytest.raises(TransitionRefused, match="already voted"):
        workflow.approve_verdict(verdict=verdict, by=first)
    assert VerdictVote.objects.filter(verdict=verdict).count() == 1

    after_second = workflow.approve_verdict(verdict=verdict, by=second)
    assert (after_second.state, after_second.reviewer) == (S.APPROVED, second)
    assert [vote.editor for vote in workflow.current_votes(after_second)] == [first, second]
    assert after_second.transitions.get().by == second


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(author, editor):
    verdict = verdict_in(S.SUBMITTED, author=author)
    before = snapshot(verdict)

    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            workflow.reject_verdict(verdict=verdict, by=editor, reason=reason)
        assert refused.value.message_dict == {
            "reason": ["Give the reason for rejecting it: the author will read it."]
        }
    assert snapshot(verdict) == before


def test_one_rejection_rejects_whatever_the_quorum(settings, author, editor):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = verdict_in(S.SUBMITTED, author=author)

    rejected = workflow.reject_verdict(verdict=verdict, by=editor, reason=" The photo is from 2012. ")

    assert (rejected.state, rejected.reviewer) == (S.REJECTED, editor)
    assert rejected.rejection_reason == "The photo is from 2012."
    assert rejected.decided_at is not None
    vote = VerdictVote.objects.get(verdict=verdict)
    assert (vote.decision, vote.reason) == (VerdictVote.Decision.REJECT, "The photo is from 2012.")
    assert rejected.transitions.get().reason == "The photo is from 2012."


def test_approving_supersedes_the_claims_approved_verdict(author, editor):
    claim = make_claim()
    old = verdict_in(S.APPROVED, claim=claim)
    new = verdict_in(S.SUBMITTED, claim=claim, author=author)

    workflow.approve_verdict(verdict=new, by=editor)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state) == (S.SUPERSEDED, S.APPROVED)
    assert old.superseded_at == new.decided_at


def test_withdrawing_and_resubmitting_starts_a_new_round(settings, author):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    first, second = make_user(groups=["Editor"]), make_user(groups=["Editor"])
    verdict = verdict_in(S.DRAFT, author=author)
    workflow.submit_verdict(verdict=verdict, by=author)
    workflow.approve_verdict(verdict=verdict, by=first)

    draft = workflow.withdraw_verdict(verdict=verdict, by=author, reason="A figure is wrong.")
    assert workflow.current_votes(draft) == []
    assert VerdictVote.objects.filter(verdict=verdict).count() == 1  # kept for the audit

    workflow.submit_verdict(verdict=verdict, by=author)
    after_second = workflow.approve_verdict(verdict=verdict, by=second)
    # The first editor's approval was for the earlier submission: it no longer counts.
    assert after_second.state == S.SUBMITTED
    assert [vote.editor for vote in workflow.current_votes(after_second)] == [second]

    # The first editor may vote again in the new round, and that approval counts.
    approved = workflow.approve_verdict(verdict=verdict, by=first)
    assert approved.state == S.APPROVED
    assert [(t.from_state, t.to_state) for t in approved.transitions.all()] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
    ]


def test_approvals_needed_is_at_least_one(settings):
    settings.VERDICT_APPROVALS_REQUIRED = 0
    assert workflow.approvals_needed() == 1
    settings.VERDICT_APPROVALS_REQUIRED = 3
    assert workflow.approvals_needed() == 3


# --- The pure rules (walk) and the functions agree ----------------------------

START = dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC)
# Paths of moves, as (action, who, reason), with the quorum they are made under.
PATHS = {
    "left a draft": (1, []),
    "submitted": (1, [("submit", "author", "")]),
    "approved": (1, [("submit", "author", ""), ("approve", "first", "")]),
    "rejected": (2, [("submit", "author", ""), ("reject", "first", " The photo is from 2012. ")]),
    "approved by two, across rounds": (
        2,
        [
            ("submit", "author", ""),
            ("approve", "first", ""),
            ("withdraw", "author", "  A figure is wrong. "),
            ("submit", "author", ""),
            ("approve", "second", ""),
            ("approve", "first", ""),
        ],
    ),
}


@pytest.fixture
def people(author):
    return {"author": author, "first": make_user(groups=["Editor"]), "second": make_user(groups=["Editor"])}


def moves_of(path: list[tuple[str, str, str]], people: dict) -> list[verdict_rules.Move]:
    """The path's moves, an hour apart, by user id."""
    return [
        verdict_rules.Move(action, people[who].pk, START + dt.timedelta(hours=hour), reason)
        for hour, (action, who, reason) in enumerate(path, 1)
    ]


def proposed(claim, *, by, clock: Clock) -> Verdict:
    clock.now = START
    return workflow.propose_verdict(claim=claim, rating=default_rating(), rationale="<p>Why.</p>", by=by)


@pytest.mark.parametrize("name", PATHS)
def test_walk_says_what_the_functions_store_for_the_same_moves(name, people, settings, monkeypatch):
    settings.VERDICT_APPROVALS_REQUIRED, path = PATHS[name]
    clock = Clock(monkeypatch)
    users = {user.pk: user for user in people.values()}
    moves = moves_of(path, people)
    verdict = proposed(make_claim(), by=people["author"], clock=clock)

    for move in moves:
        make_move(verdict, move, by=users[move.by], clock=clock)

    walked = verdict_rules.walk(
        author=people["author"].pk, moves=moves, approvals_needed=workflow.approvals_needed()
    )
    assert Stored.of(verdict) == Stored.walked(walked, created_at=START)


def test_walk_supersedes_as_approving_a_newer_verdict_does(people, monkeypatch):
    clock = Clock(monkeypatch)
    users = {user.pk: user for user in people.values()}
    claim = make_claim()
    older, newer = (
        proposed(claim, by=people["author"], clock=clock),
        proposed(claim, by=people["author"], clock=clock),
    )
    first = moves_of([("submit", "author", ""), ("approve", "first", "")], people)
    later = [
        move._replace(at=move.at + dt.timedelta(days=1))
        for move in moves_of([("submit", "author", ""), ("approve", "second", "")], people)
    ]
    for verdict, moves in ((older, first), (newer, later)):
        for move in moves:
            make_move(verdict, move, by=users[move.by], clock=clock)

    superseding = verdict_rules.supersede(later[-1], successor=newer.pk)
    walked = verdict_rules.walk(author=people["author"].pk, moves=[*first, superseding], approvals_needed=1)
    assert Stored.of(older) == Stored.walked(walked, created_at=START)
    assert walked.fields["state"] == S.SUPERSEDED


@pytest.mark.parametrize(
    ("path", "refusal", "message"),
    [
        ([("submit", "first", "")], PermissionDenied, "Only the author of a verdict can submit it."),
        (
            [("submit", "author", ""), ("approve", "author", "")],
            PermissionDenied,
            "another editor must approve",
        ),
        ([("submit", "author", ""), ("reject", "first", " ")], ValidationError, "Give the reason"),
        ([("approve", "first", "")], TransitionRefused, "draft, so it cannot be approved"),
    ],
)
def test_walk_refuses_what_the_functions_refuse(path, refusal, message, people, monkeypatch):
    # An author who is an editor too: the rules, not a missing permission, refuse their approval.
    people["author"].groups.add(Group.objects.get(name="Editor"))
    clock = Clock(monkeypatch)
    users = {user.pk: user for user in people.values()}
    moves = moves_of(path, people)
    verdict = proposed(make_claim(), by=people["author"], clock=clock)

    with pytest.raises(refusal, match=message):
        for move in moves:
            make_move(verdict, move, by=users[move.by], clock=clock)
    with pytest.raises(refusal, match=message):
        verdict_rules.walk(author=people["author"].pk, moves=moves, approvals_needed=1)


def test_a_second_vote_in_a_round_is_refused_by_walk_too(settings, people):
    moves = moves_of([("submit", "author", ""), ("approve", "first", ""), ("approve", "first", "")], people)
    with pytest.raises(TransitionRefused, match="already voted"):
        verdict_rules.walk(author=people["author"].pk, moves=moves, approvals_needed=2)


# --- Publication ---------------------------------------------------------------


def test_an_editor_publishes_and_unpublishes_a_claim(editor):
    claim = make_claim()

    published = workflow.publish_claim(claim=claim, by=editor)
    assert (published.published_by, published.is_published) == (editor, True)
    assert claim.history.first().history_user == editor
    with pytest.raises(TransitionRefused, match="^This claim is already published.$"):
        workflow.publish_claim(claim=claim, by=editor)

    unpublished = workflow.unpublish_claim(claim=claim, by=editor)
    assert (unpublished.published_at, unpublished.published_by) == (None, None)
    assert claim.history.first().history_user == editor
    with pytest.raises(TransitionRefused, match="not published"):
        workflow.unpublish_claim(claim=claim, by=editor)


def test_a_withdrawn_claim_cannot_be_published(editor):
    claim = make_claim(withdrawn_at=timezone.now(), withdrawn_reason="Duplicate.")
    with pytest.raises(TransitionRefused, match="withdrawn"):
        workflow.publish_claim(claim=claim, by=editor)
    claim.refresh_from_db()
    assert claim.published_at is None


def test_an_editor_publishes_and_unpublishes_a_dispute(editor):
    dispute = make_dispute()

    published = workflow.publish_dispute(dispute=dispute, by=editor)
    assert (published.published_by, published.is_published) == (editor, True)
    with pytest.raises(TransitionRefused, match="already published"):
        workflow.publish_dispute(dispute=dispute, by=editor)

    unpublished = workflow.unpublish_dispute(dispute=dispute, by=editor)
    assert (unpublished.published_at, unpublished.published_by) == (None, None)
    assert dispute.history.first().history_user == editor
    with pytest.raises(TransitionRefused, match="not published"):
        workflow.unpublish_dispute(dispute=dispute, by=editor)


def test_the_admin_edits_the_content_of_drafts_only(rf):
    from django.contrib.admin.sites import site

    admin = site._registry[Verdict]
    request = rf.get("/")
    content = {"claim", "author", "rating", "rationale", "evidence"}
    assert not content & set(admin.get_readonly_fields(request, verdict_in(S.DRAFT)))
    for state in (S.SUBMITTED, S.APPROVED, S.REJECTED, S.SUPERSEDED):
        readonly = set(admin.get_readonly_fields(request, verdict_in(state)))
        assert content | {"state"} <= readonly
