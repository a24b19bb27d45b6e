"""Issue 14, item 7: plain-text e-mails carry names as typed, never HTML-escaped, and no e-mail is HTML.

"Communauté d'agglomération d'Agen & Co" used to arrive as "Communauté d&#x27;agglomération …&amp; Co".
Every e-mail template of the project is found on disk and sent through `send_templated_email` with a
context whose every value holds ' & " < >; the real paths (public form, password reset) are triggered too.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

import conum
from conum.core.emails import send_templated_email
from tests.factories import UserFactory, valid_siret
from tests.structures.builders import form_data

NAME = "Communauté d'agglomération d'Agen & Co \"<Les Deux Rives>\""
ESCAPED = ("&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;")
# Sent by Django's password-reset form (subject and body in two templates), triggered below.
PASSWORD_RESET = {"accounts/password_reset_email.txt", "accounts/password_reset_subject.txt"}


def email_templates() -> list[str]:
    """Every e-mail template of the project (partials, whose name starts with "_", come with their parent)."""
    root = Path(conum.__file__).parent
    names = {
        str(path.relative_to(templates)).replace("\\", "/")
        for templates in root.glob("*/templates")
        for path in templates.rglob("*.txt")
        if ("email" in path.name or path.parent.name == "emails" or "subject" in path.name)
        and not path.name.startswith("_")
    }
    return sorted(names)


class Anything:
    """Stands for any object of any e-mail's context: each attribute gives another one, printed as NAME."""

    pk = 1  # for {% url … application.pk %}

    def __getattr__(self, name):
        if name.startswith("_"):  # no __html__ and friends: it is plain data
            raise AttributeError(name)
        return value_for(name)

    def __str__(self):
        return NAME

    def __len__(self):
        return 1

    def __iter__(self):
        return iter([Anything()])


def value_for(name: str):
    if name.endswith(("_at", "_date")) or name == "since":  # what the templates format as dates
        return timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
    if name == "time_zone":  # `{% timezone workshop.time_zone %}`: the place's zone
        return ZoneInfo("Pacific/Noumea")
    return Anything()


class AnyContext(dict):
    """A template context that answers every variable name."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return value_for(key)


def assert_plain_and_verbatim(message):
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    for text in (message.subject, message.body):
        assert not [entity for entity in ESCAPED if entity in text], text
    assert NAME in f"{message.subject}\n{message.body}"


def test_the_templates_are_found():
    found = email_templates()
    assert "structures/emails/submitted.txt" in found and "activity/emails/registration_confirmed.txt" in found
    assert set(found) >= PASSWORD_RESET


@pytest.mark.parametrize("template", [name for name in email_templates() if name not in PASSWORD_RESET])
def test_every_email_template_keeps_names_verbatim(template, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(template, AnyContext(), ["destinataire@exemple.fr"])
    (message,) = mail.outbox
    assert_plain_and_verbatim(message)


def test_public_structure_form_confirmation_keeps_the_name(client, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/structures/candidater/",
            form_data(siret=valid_siret(21370777), name=NAME, contact_email="agen@exemple.fr"),
        )
    assert response.status_code == 302
    assert mail.outbox
    for message in mail.outbox:
        assert_plain_and_verbatim(message)
    assert f"candidature de {NAME} reçue" in mail.outbox[0].subject


def test_password_reset_keeps_the_address(client, db, django_capture_on_commit_callbacks):
    address = "o'neil&co@exemple.fr"
    UserFactory(email=address)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/mot-de-passe-oublie/", {"email": address})
    (message,) = mail.outbox
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert f"votre compte Conum ({address})" in message.body
    assert not [entity for entity in ESCAPED if entity in message.body + message.subject]
