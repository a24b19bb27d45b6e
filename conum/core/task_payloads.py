"""Sent e-mails leave no personal data in the task results table (django-tasks-db).

An e-mail task's arguments are its subject, body and recipients: names and addresses. Once the e-mail is
sent (`task_finished`, successful: conum.core.emails) they are erased from its row, which keeps only its
status and dates until `conum prune_db_task_results` (daily) deletes finished results after 14 days. A failed
e-mail keeps its arguments and traceback for diagnosis until that same command deletes it, 14 days after.
"""

import logging

from django.db import DatabaseError
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

ERASED = {"args": [], "kwargs": {}}


def erase_when_done(sender, task_result) -> None:
    """Erase the arguments of a successful task stored in the database (other backends store nothing)."""
    backend = sender if isinstance(sender, type) else type(sender)  # db_worker sends the instance on success
    if task_result.status != TaskResultStatus.SUCCESSFUL or not issubclass(backend, DatabaseBackend):
        return
    try:
        DBTaskResult.objects.filter(pk=task_result.id).update(args_kwargs=ERASED)
    except DatabaseError:  # the e-mail went out: the task must not be marked failed for this
        logger.exception("Task %s: its arguments could not be erased; the daily prune will delete them", task_result.id)
