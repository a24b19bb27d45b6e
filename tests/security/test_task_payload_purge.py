"""Personal data left behind: a sent e-mail's subject, body and recipients leave the tasks table (django-tasks-db)
as soon as it is sent; a failed one is kept for diagnosis, then deleted by the daily prune after 14 days."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conum.core.emails import send_email
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

NAME, ADDRESS = "Camille Dupont", "camille.dupont@exemple.fr"


@pytest.fixture(autouse=True)
def database_tasks(settings, monkeypatch):
    """The production backend: tasks stored in the database, run by `conum db_worker`. The worker closes old
    connections between tasks; here that would close the test's transaction (Django's test client too keeps
    close_old_connections away from its requests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def queue_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email("Votre inscription", f"Bonjour {NAME},\nvotre inscription est enregistrée.", [ADDRESS])


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def stored_text() -> str:
    return " ".join(str(row) for row in DBTaskResult.objects.values_list("args_kwargs", "traceback"))


def test_a_sent_email_leaves_no_name_or_address_in_the_tasks_table(django_capture_on_commit_callbacks):
    queue_email(django_capture_on_commit_callbacks)
    assert ADDRESS in stored_text()  # queued: the worker needs it
    run_worker()
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL", result.traceback
    assert NAME not in stored_text() and ADDRESS not in stored_text()


def test_a_failed_email_is_kept_for_diagnosis_then_pruned(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    queue_email(django_capture_on_commit_callbacks)
    run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert ADDRESS in stored_text()  # to see what failed and send it again

    call_command("prune_db_task_results", verbosity=0)  # daily (docs/deployment.md)
    assert DBTaskResult.objects.exists()
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=15))
    call_command("prune_db_task_results", verbosity=0)
    assert not DBTaskResult.objects.exists()


def test_the_personal_data_page_states_this_retention(client):
    text = page_text(client.get("/donnees-personnelles/"))
    assert "E-mails dans la file d'envoi" in text
    assert "Effacés dès l'envoi ; 14 jours au plus si l'envoi a échoué" in text
