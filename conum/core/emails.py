"""E-mails are sent by a background task, queued once the transaction commits.

Every e-mail is plain text (`send_mail` without `html_message`), so its templates are rendered without
HTML escaping: a name typed as "Communauté d'agglomération d'Agen & Co" must arrive as typed, never as
"d&#x27;agglomération … &amp; Co". Render e-mail templates with `render_email`, never `render_to_string`.
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template import Context
from django.template.loader import get_template
from django_tasks import task
from django_tasks.signals import task_finished

from . import task_payloads


@task()
def send_email_task(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@receiver(task_finished)
def erase_sent_email(sender, task_result, **kwargs):
    """Once an e-mail is sent, its subject, body and recipients leave the task results table (personal data)."""
    if task_result.task.module_path == send_email_task.module_path:
        task_payloads.erase_when_done(sender, task_result)


def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """Queue an e-mail once the current transaction commits (nothing is sent for a rolled-back change)."""
    transaction.on_commit(partial(send_email_task.enqueue, subject.strip(), body.strip(), list(recipients)))


def render_email(template_name: str, context: dict) -> str:
    """A plain-text e-mail template rendered as text: autoescaping off, for the template and its includes."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_templated_email(template: str, context: dict, recipients: list[str]) -> None:
    """Render `template` (first line: subject, then the body) and queue it with send_email."""
    subject, _, body = render_email(template, context).strip().partition("\n")
    send_email(subject, body, recipients)
