"""Two editors approving the same verdict at the same moment, each in their
own thread with their own database connection.

Only PostgreSQL shows whether the row locks work: SQLite runs one writer at a
time whatever the code does. The tests are transactional, since each thread
must see what the other committed, so they put back what the data migrations
made and the flush between tests empties.
"""

import threading
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.db import connections
from django.utils import timezone

from claims.domain import workflow
from claims.models import Verdict, VerdictTransition, VerdictVote
from tests.factories import make_claim, make_user, make_verdict

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="row locks are tested on PostgreSQL only: SQLite serializes every write anyway",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def migrated_data(transactional_db) -> None:
    """The rating scale and groups, as tests/browser/conftest.py puts them back."""
    import_module("claims.migrations.0002_default_rating_scale").create_default_scale(apps, None)
    import_module("claims.migrations.0003_groups").assign_group_permissions(Group, Permission)


@pytest.fixture
def slow_votes(monkeypatch) -> None:
    """Hold the transaction open a moment after a vote is recorded and the
    round's approvals counted, before they are compared with the quorum, so
    that the other editor's approval surely arrives while the first one is
    in that window, however the threads happen to be scheduled."""
    approvals_needed = workflow.approvals_needed

    def slow() -> int:
        time.sleep(0.3)
        return approvals_needed()

    monkeypatch.setattr(workflow, "approvals_needed", slow)


def approve_at_once(verdict: Verdict, editors: list) -> list:
    """Each editor approves ``verdict`` from their own thread, all released
    together; returns what each call returned or raised, in editor order."""
    barrier = threading.Barrier(len(editors))
    outcomes: list = [None] * len(editors)

    def approve(index: int, editor) -> None:
        try:
            # Each thread starts from its own copy, read before the other acted.
            copy = Verdict.objects.get(pk=verdict.pk)
            barrier.wait(timeout=10)
            outcomes[index] = workflow.approve_verdict(verdict=copy, by=editor)
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(i, editor)) for i, editor in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_with_a_quorum_of_one_exactly_one_of_two_simultaneous_approvals_counts(settings, slow_votes):
    settings.VERDICT_APPROVALS_REQUIRED = 1
    claim = make_claim()
    previous = make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=timezone.now())
    verdict = make_verdict(claim=claim, state=Verdict.State.SUBMITTED, submitted_at=timezone.now())
    editors = [make_user(groups=["Editor"]), make_user(groups=["Editor"])]

    outcomes = approve_at_once(verdict, editors)

    approved = [o for o in outcomes if isinstance(o, Verdict)]
    refused = [o for o in outcomes if isinstance(o, workflow.TransitionRefused)]
    assert len(approved) == 1 and len(refused) == 1, outcomes
    assert approved[0].state == Verdict.State.APPROVED
    assert refused[0].message == "This verdict is approved, so it cannot be approved."

    assert list(Verdict.objects.filter(claim=claim, state=Verdict.State.APPROVED)) == [verdict]
    previous.refresh_from_db()
    assert previous.state == Verdict.State.SUPERSEDED
    [vote] = VerdictVote.objects.filter(verdict=verdict)
    assert vote.editor == approved[0].reviewer
    assert VerdictTransition.objects.filter(verdict=verdict, to_state=Verdict.State.APPROVED).count() == 1
    assert VerdictTransition.objects.filter(verdict=previous).count() == 1


def test_with_a_quorum_of_two_two_simultaneous_approvals_both_count(settings, slow_votes):
    # Without the lock each would count only its own vote, and neither would approve.
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = make_verdict(state=Verdict.State.SUBMITTED, submitted_at=timezone.now())
    editors = [make_user(groups=["Editor"]), make_user(groups=["Editor"])]

    outcomes = approve_at_once(verdict, editors)

    assert all(isinstance(o, Verdict) for o in outcomes), outcomes
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.APPROVED
    assert VerdictVote.objects.filter(verdict=verdict).count() == 2
    assert VerdictTransition.objects.filter(verdict=verdict).count() == 1
