"""Many people acting on the same claim or verdict at the same moment, each in
their own thread with their own PostgreSQL connection: no edit is lost, and
nothing is approved twice.

tests/claims/test_workflow_concurrency.py pits two editors against each
other; these tests release eight threads together from a barrier, and hold
each transaction open a moment inside its lock, so that the others surely
arrive while it is held. SQLite runs one writer at a time whatever the code
does, so only PostgreSQL can show whether the locks work.
"""

import threading
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.db import connections
from django.utils import timezone

from claims.domain import workflow
from claims.domain.editing import EditConflict, save_versioned
from claims.models import Claim, Verdict, VerdictTransition, VerdictVote
from claims.workspace.claim_forms import ClaimForm
from tests.factories import make_claim, make_user, make_verdict

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="row locks are tested on PostgreSQL only: SQLite serializes every write anyway",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 8
# How long a thread holds its transaction open inside the lock.
HOLD = 0.2


@pytest.fixture(autouse=True)
def migrated_data(transactional_db) -> None:
    """The rating scale and groups, which the flush after each transactional test empties."""
    import_module("claims.migrations.0002_default_rating_scale").create_default_scale(apps, None)
    import_module("claims.migrations.0003_groups").assign_group_permissions(Group, Permission)


@pytest.fixture
def slow_claim_saves(monkeypatch) -> None:
    """Sleep after a claim's row is written, before the transaction commits,
    so that the other threads' conditional UPDATEs reach the locked row."""
    save = Claim.save

    def slow(self, *args, **kwargs) -> None:
        save(self, *args, **kwargs)
        time.sleep(HOLD)

    monkeypatch.setattr(Claim, "save", slow)


@pytest.fixture
def slow_votes(monkeypatch) -> None:
    """Sleep after a vote is recorded, before the approvals are compared with
    the quorum, as tests/claims/test_workflow_concurrency.py does."""
    approvals_needed = workflow.approvals_needed

    def slow() -> int:
        time.sleep(HOLD)
        return approvals_needed()

    monkeypatch.setattr(workflow, "approvals_needed", slow)


def at_once(action: Callable[[int], Any], count: int = THREADS) -> list:
    """Run ``action(i)`` for i in 0..count-1, each in its own thread with its
    own connection, released together; returns what each returned or
    raised, by i."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action(index)
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


# --- Editing the same claim


def test_of_edits_read_at_the_same_version_exactly_one_is_saved(slow_claim_saves):
    claim = make_claim(text="The original wording.")
    read_version = claim.version
    editors = [make_user(groups=["Journalist"]) for _ in range(THREADS)]

    def edit(index: int) -> Claim:
        # Each thread saves its own copy, read before any of them saved.
        copy = Claim.objects.get(pk=claim.pk)
        copy.text = f"Wording by editor {index}."
        return save_versioned(copy, fields=["text"], expected_version=read_version, by=editors[index])

    outcomes = at_once(edit)

    saved = [o for o in outcomes if isinstance(o, Claim)]
    conflicts = [o for o in outcomes if isinstance(o, EditConflict)]
    assert len(saved) == 1 and len(conflicts) == THREADS - 1, outcomes
    claim.refresh_from_db()
    assert claim.version == read_version + 1
    assert claim.text == saved[0].text
    # Each refused editor is told who saved in between and what they changed.
    winner = editors[outcomes.index(saved[0])]
    assert all(conflict.by == winner.username for conflict in conflicts)
    assert all([change.after for change in conflict.changes] == [claim.text] for conflict in conflicts)
    assert claim.history.filter(history_type="~").count() == 1


def test_editors_who_retry_after_a_conflict_all_get_their_edit_in(slow_claim_saves):
    # Each editor adds their own line to the venue through the claim
    # editor's form, and on a conflict reads the claim again and retries, as
    # the conflict message asks. A lost update would drop someone's line.
    claim = make_claim(venue="Seen by:")
    start_version = claim.version
    editors = [make_user(groups=["Journalist"]) for _ in range(THREADS)]

    def add_line(index: int) -> int:
        for attempt in range(1, 4 * THREADS):
            current = Claim.objects.get(pk=claim.pk)
            form = ClaimForm(data=form_data(current, venue=f"{current.venue} {index}"), prefix="claim")
            assert form.is_valid(), form.errors
            try:
                save_versioned(
                    current,
                    fields=form.apply(current),
                    expected_version=form.cleaned_data["version"],
                    by=editors[index],
                )
            except EditConflict:
                continue
            return attempt
        raise AssertionError(f"editor {index} never got their edit in")

    outcomes = at_once(add_line)

    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert max(outcomes) > 1  # they did collide
    claim.refresh_from_db()
    assert sorted(claim.venue.split()[2:], key=int) == [str(i) for i in range(THREADS)]
    assert claim.version == start_version + THREADS
    assert claim.history.filter(history_type="~").count() == THREADS


def form_data(claim: Claim, **changes: str) -> dict[str, str]:
    """What the claim editor's form posts for ``claim``, with ``changes``."""
    values = {
        "version": claim.version,
        "text": claim.text,
        "speaker": claim.speaker_id,
        "speaker_name": claim.speaker.name,
        "speaker_role": claim.speaker_role,
        "claimed_on": claim.claimed_on or "",
        "venue": claim.venue,
        "dispute": claim.dispute_id or "",
        "dispute_stance": claim.dispute_stance,
        **changes,
    }
    return {f"claim-{name}": str(value) for name, value in values.items()}


# --- Approving the same verdict


def approvals(verdict: Verdict, editors: list) -> Callable[[int], Verdict]:
    def approve(index: int) -> Verdict:
        return workflow.approve_verdict(verdict=Verdict.objects.get(pk=verdict.pk), by=editors[index])

    return approve


def test_of_many_editors_approving_at_once_exactly_one_approves(settings, slow_votes):
    settings.VERDICT_APPROVALS_REQUIRED = 1
    claim = make_claim()
    previous = make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=timezone.now())
    verdict = make_verdict(claim=claim, state=Verdict.State.SUBMITTED, submitted_at=timezone.now())
    editors = [make_user(groups=["Editor"]) for _ in range(THREADS)]

    outcomes = at_once(approvals(verdict, editors))

    approved = [o for o in outcomes if isinstance(o, Verdict)]
    refused = [o for o in outcomes if isinstance(o, workflow.TransitionRefused)]
    assert len(approved) == 1 and len(refused) == THREADS - 1, outcomes
    assert {o.message for o in refused} == {"This verdict is approved, so it cannot be approved."}
    assert list(Verdict.objects.filter(claim=claim, state=Verdict.State.APPROVED)) == [verdict]
    assert VerdictTransition.objects.filter(verdict=verdict, to_state=Verdict.State.APPROVED).count() == 1
    assert list(VerdictVote.objects.filter(verdict=verdict).values_list("editor", flat=True)) == [
        approved[0].reviewer_id
    ]
    previous.refresh_from_db()
    assert previous.state == Verdict.State.SUPERSEDED
    assert VerdictTransition.objects.filter(verdict=previous).count() == 1


def test_with_a_quorum_of_two_the_first_two_votes_approve_and_the_rest_are_refused(settings, slow_votes):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = make_verdict(state=Verdict.State.SUBMITTED, submitted_at=timezone.now())
    editors = [make_user(groups=["Editor"]) for _ in range(THREADS)]

    outcomes = at_once(approvals(verdict, editors))

    counted = [o for o in outcomes if isinstance(o, Verdict)]
    refused = [o for o in outcomes if isinstance(o, workflow.TransitionRefused)]
    assert len(counted) == 2 and len(refused) == THREADS - 2, outcomes
    # The first vote leaves it submitted, the second approves it.
    assert sorted(o.state for o in counted) == [Verdict.State.APPROVED, Verdict.State.SUBMITTED]
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.APPROVED
    voters = set(VerdictVote.objects.filter(verdict=verdict).values_list("editor", flat=True))
    assert len(voters) == 2 and verdict.reviewer_id in voters
    assert VerdictTransition.objects.filter(verdict=verdict).count() == 1


def test_approving_several_verdicts_of_one_claim_at_once_leaves_one_approved(settings, slow_votes):
    # Each approval supersedes the claim's approved verdict: the claim's lock
    # puts them in a line, so each verdict is approved once, all but the last
    # are superseded once, and the claim never has two approved verdicts.
    settings.VERDICT_APPROVALS_REQUIRED = 1
    claim = make_claim()
    verdicts = [
        make_verdict(claim=claim, state=Verdict.State.SUBMITTED, submitted_at=timezone.now())
        for _ in range(THREADS)
    ]
    editors = [make_user(groups=["Editor"]) for _ in range(THREADS)]

    def approve(index: int) -> Verdict:
        return workflow.approve_verdict(verdict=verdicts[index], by=editors[index])

    outcomes = at_once(approve)

    assert all(isinstance(o, Verdict) for o in outcomes), outcomes
    states = list(Verdict.objects.filter(claim=claim).values_list("state", flat=True))
    assert sorted(states) == [Verdict.State.APPROVED] + [Verdict.State.SUPERSEDED] * (THREADS - 1)
    transitions = VerdictTransition.objects.filter(verdict__claim=claim)
    assert transitions.filter(to_state=Verdict.State.APPROVED).count() == THREADS
    assert transitions.filter(to_state=Verdict.State.SUPERSEDED).count() == THREADS - 1
    assert all(
        transitions.filter(verdict=verdict, to_state=Verdict.State.APPROVED).count() == 1
        for verdict in verdicts
    )
