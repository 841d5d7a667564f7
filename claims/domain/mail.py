"""Sending email in the background, on the task worker.

A request that approves a verdict should not wait on a mail server, nor fail
when one is down: the message is queued as a task in the same transaction as
the change (on the database backend, a change that rolls back queues
nothing), and a worker sends it. A send that fails is tried again later,
``settings.TASK_ATTEMPTS`` times in all, and then left failed in the task
results (the admin lists them), with the error logged.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task()
def send_email(subject: str, body: str, address: str, attempt: int = 1) -> None:
    """One message to one address (no recipient sees the others)."""
    try:
        send_mail(subject, body, None, [address])
    except (OSError, smtplib.SMTPException):
        if attempt >= settings.TASK_ATTEMPTS:
            logger.exception("Gave up sending %r after %d attempts", subject, attempt)
            raise
        logger.warning("Sending %r failed (attempt %d); trying again later", subject, attempt)
        later = timezone.now() + timedelta(seconds=settings.TASK_RETRY_SECONDS * attempt)
        send_email.using(run_after=later).enqueue(subject, body, address, attempt + 1)


def send_later(subject: str, body: str, recipients: list[str]) -> None:
    """Queue one message per recipient, in the caller's transaction."""
    for address in recipients:
        send_email.enqueue(subject, body, address)
