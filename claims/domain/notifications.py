"""The emails the verdict workflow sends.

Each function is called by ``claims.domain.workflow`` inside the transaction that
makes the change, and queues its messages for the task worker in that same
transaction (``claims.domain.mail``): a change that rolls back emails nobody,
and a mail server that is down delays the messages without turning a decision
into an error page. Recipients and text are worked out at call time, so they
describe the change as it was made.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from claims.domain.mail import send_later
from claims.models import Verdict

# The editors' review queue, built by the workspace; a path, since emails have
# no request to build an absolute URL from.
REVIEW_QUEUE_PATH = "/workspace/review/"
APPROVE_PERMISSION = "claims.approve_verdict"
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _one_line(text: str, limit: int = 80) -> str:
    """Text fit for a subject: one line (a header must not hold a newline), shortened."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _claim_lines(verdict: Verdict) -> list[str]:
    claim = verdict.claim
    return [
        f"Claim: {claim.speaker}: “{_one_line(claim.text, 300)}”",
        f"Rating: {verdict.rating}",
        f"Author: {verdict.author.get_full_name() or verdict.author.get_username()}",
    ]


def reviewers_for(verdict: Verdict) -> list[str]:
    """The addresses of every active user who may approve ``verdict``: holders
    of ``claims.approve_verdict`` (superusers included, as they may approve
    too), except its author and anyone without an email address."""
    # Permissions live in the model backend; django-axes' backend, listed
    # first, only watches sign-ins.
    users = (
        get_user_model()
        .objects.with_perm(APPROVE_PERMISSION, is_active=True, backend=PERMISSIONS_BACKEND)
        .exclude(pk=verdict.author_id)
        .exclude(email="")
        .order_by("pk")
    )
    return [user.email for user in users]


def verdict_submitted(verdict: Verdict) -> None:
    """Ask the editors to review a verdict just submitted."""
    body = "\n".join(
        [
            "A verdict is waiting for review.",
            "",
            *_claim_lines(verdict),
            "",
            f"Review it in the queue: {REVIEW_QUEUE_PATH}",
        ]
    )
    subject = f"Verdict to review: {_one_line(verdict.claim.text)}"
    send_later(subject, body, reviewers_for(verdict))


def verdict_decided(verdict: Verdict) -> None:
    """Tell the author that their verdict was approved or rejected, and why."""
    author = verdict.author
    if not author.is_active or not author.email:
        return
    approved = verdict.state == Verdict.State.APPROVED
    outcome = "approved" if approved else "rejected"
    reviewer = verdict.reviewer
    lines = [
        f"Your verdict was {outcome}"
        + (f" by {reviewer.get_full_name() or reviewer.get_username()}" if reviewer else "")
        + (f" on {timezone.localtime(verdict.decided_at):%-d %B %Y, %H:%M}." if verdict.decided_at else "."),
        "",
        *_claim_lines(verdict),
    ]
    if not approved:
        lines += ["", "Reason:", verdict.rejection_reason]
    lines += ["", f"The claim in the workspace: {reverse('workspace:claim', args=[verdict.claim_id])}"]
    subject = f"Your verdict was {outcome}: {_one_line(verdict.claim.text)}"
    send_later(subject, "\n".join(lines), [author.email])
