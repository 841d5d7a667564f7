"""The workflow's emails: editors hear of a submitted verdict, the author of
the decision, and nobody of a change that rolled back.

Emails are queued as tasks in the transaction of the change and sent by the
task worker; ``run_tasks`` runs the real worker over the queue.
"""

import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.domain import workflow
from claims.models import Verdict
from tests.factories import make_claim, make_user, make_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return make_user(groups=["Journalist"], username="writer", email="writer@example.org")


def test_a_submitted_verdict_is_sent_to_every_editor_but_its_author(
    django_capture_on_commit_callbacks, run_tasks
):
    first = make_user(groups=["Editor"], email="first@example.org")
    second = make_user(groups=["Editor"], email="second@example.org")
    make_user(groups=["Editor"], email="")  # no address: skipped
    make_user(groups=["Editor"], email="gone@example.org", is_active=False)
    make_user(groups=["Journalist"], email="colleague@example.org")
    author_editor = make_user(groups=["Editor"], username="writes-too", email="writes-too@example.org")
    claim = make_claim(text="36 civilians\nwere killed.")
    verdict = make_verdict(claim=claim, author=author_editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_verdict(verdict=verdict, by=author_editor)

    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == [first.email, second.email]
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Verdict to review: 36 civilians were killed."
    assert "/workspace/review/" in message.body
    assert "Rating: False" in message.body
    assert "Author: writes-too" in message.body
    assert str(claim.speaker) in message.body


def test_nobody_is_emailed_for_a_submission_that_rolled_back(
    author, django_capture_on_commit_callbacks, run_tasks
):
    make_user(groups=["Editor"])
    verdict = make_verdict(author=author)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.submit_verdict(verdict=verdict, by=author)
        raise RuntimeError("Something after the submission failed.")

    run_tasks()
    assert callbacks == []
    assert mail.outbox == []
    assert Verdict.objects.get(pk=verdict.pk).state == Verdict.State.DRAFT


def test_the_author_hears_that_their_verdict_was_approved(
    author, django_capture_on_commit_callbacks, run_tasks
):
    editor = make_user(groups=["Editor"], username="chief")
    verdict = make_verdict(author=author, state=Verdict.State.SUBMITTED, submitted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_verdict(verdict=verdict, by=editor)

    run_tasks()
    [message] = mail.outbox
    assert message.to == [author.email]
    assert message.subject.startswith("Your verdict was approved: ")
    assert "Your verdict was approved by chief" in message.body
    assert f"/workspace/claims/{verdict.claim_id}/" in message.body


def test_the_author_hears_why_their_verdict_was_rejected(
    author, django_capture_on_commit_callbacks, run_tasks
):
    editor = make_user(groups=["Editor"])
    verdict = make_verdict(author=author)
    workflow.submit_verdict(verdict=verdict, by=author)  # the editor's email, queued too

    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject_verdict(verdict=verdict, by=editor, reason="The photo is from 2012.")

    run_tasks()
    [message] = [m for m in mail.outbox if m.to == [author.email]]
    assert message.to == [author.email]
    assert message.subject.startswith("Your verdict was rejected: ")
    assert "The photo is from 2012." in message.body


def test_a_first_approval_of_two_emails_nobody(
    settings, author, django_capture_on_commit_callbacks, run_tasks
):
    settings.VERDICT_APPROVALS_REQUIRED = 2
    verdict = make_verdict(author=author, state=Verdict.State.SUBMITTED, submitted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_verdict(verdict=verdict, by=make_user(groups=["Editor"]))

    run_tasks()
    assert mail.outbox == []


def test_a_refused_move_emails_nobody(author, django_capture_on_commit_callbacks, run_tasks):
    make_user(groups=["Editor"])
    verdict = make_verdict(author=author, state=Verdict.State.APPROVED)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(workflow.TransitionRefused),
    ):
        workflow.submit_verdict(verdict=verdict, by=author)

    run_tasks()
    assert callbacks == []
    assert mail.outbox == []


def test_emails_are_queued_for_the_worker_not_sent_in_the_request(settings, author, run_tasks):
    make_user(groups=["Editor"], email="editor@example.org")
    verdict = make_verdict(author=author)

    workflow.submit_verdict(verdict=verdict, by=author)

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="claims.domain.mail.send_email").count() == 1
    run_tasks()
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]


def test_a_send_that_fails_is_tried_again_then_left_failed(settings, author, run_tasks, monkeypatch):
    settings.TASK_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 0
    make_user(groups=["Editor"], email="editor@example.org")
    tries = []

    def refuse(*args, **kwargs):
        tries.append(args[0])
        raise smtplib.SMTPServerDisconnected("The mail server went away.")

    monkeypatch.setattr("claims.domain.mail.send_mail", refuse)
    workflow.submit_verdict(verdict=make_verdict(author=author), by=author)
    run_tasks()

    assert len(tries) == 3
    results = DBTaskResult.objects.filter(task_path="claims.domain.mail.send_email").order_by("enqueued_at")
    assert [r.status for r in results] == [TaskResultStatus.SUCCESSFUL] * 2 + [TaskResultStatus.FAILED]
