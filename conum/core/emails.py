"""E-mails are sent by a background task, queued once the transaction commits."""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_email_task(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """Queue an e-mail once the current transaction commits (nothing is sent for a rolled-back change)."""
    transaction.on_commit(partial(send_email_task.enqueue, subject.strip(), body.strip(), list(recipients)))


def send_templated_email(template: str, context: dict, recipients: list[str]) -> None:
    """Render `template` (first line: subject, then the body) and queue it with send_email."""
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_email(subject, body, recipients)
