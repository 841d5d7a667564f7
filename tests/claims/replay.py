"""Making moves through claims.domain.workflow's functions at chosen times, and
reading back what they stored in the terms of ``verdict_rules.walk``, so that
tests can check that the pure rules bulk loaders use and the functions agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from claims.domain import verdict_rules, workflow
from claims.models import Verdict

# The action that makes each move of the transitions table.
ACTION_OF = {(state, to_state): action for (state, action), to_state in verdict_rules.TRANSITIONS.items()}


class Clock:
    """Stands in for ``django.utils.timezone.now``: the time it says is the
    one last set, so a function's timestamps are the move's time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)


def make_move(verdict: Verdict, move: verdict_rules.Move, *, by: AbstractBaseUser, clock: Clock) -> Verdict:
    """Make ``move`` through the workflow function for its action, by ``by``
    (the user whose id is ``move.by``), at ``move.at``."""
    clock.now = move.at
    function = {
        "submit": lambda: workflow.submit_verdict(verdict=verdict, by=by),
        "withdraw": lambda: workflow.withdraw_verdict(verdict=verdict, by=by, reason=move.reason),
        "approve": lambda: workflow.approve_verdict(verdict=verdict, by=by),
        "reject": lambda: workflow.reject_verdict(verdict=verdict, by=by, reason=move.reason),
    }[move.action]
    return function()


@dataclass(frozen=True)
class Stored:
    """A verdict's workflow fields (``verdict_rules.DRAFT_FIELDS``, the reviewer by
    id), version, last change, audit rows and votes."""

    fields: dict
    version: int
    updated_at: dt.datetime
    transitions: list[tuple]
    votes: dict[int, tuple]

    @classmethod
    def of(cls, verdict: Verdict) -> Stored:
        """What the database holds for ``verdict``."""
        verdict = Verdict.objects.get(pk=verdict.pk)
        fields = {name: getattr(verdict, name) for name in verdict_rules.DRAFT_FIELDS}
        fields["reviewer"] = verdict.reviewer_id
        return cls(
            fields=fields,
            version=verdict.version,
            updated_at=verdict.updated_at,
            transitions=[
                (t.from_state, t.to_state, t.by_id, t.at, t.reason)
                for t in verdict.transitions.order_by("at", "pk")
            ],
            votes={
                vote.editor_id: (vote.editor_id, vote.decision, vote.reason, vote.created_at)
                for vote in verdict.votes.order_by("pk")
            },
        )

    @classmethod
    def walked(cls, path: verdict_rules.Path, *, created_at: dt.datetime) -> Stored:
        """What ``walk`` says the functions store, for moves made by user ids."""
        return cls(
            fields=path.fields,
            version=1 + len(path.transitions),
            updated_at=path.updated_at or created_at,
            transitions=[tuple(t) for t in path.transitions],
            votes={editor: tuple(vote) for editor, vote in path.votes.items()},
        )
