"""The `conum` command: Django's manage.py, installed as a console script."""

import os
import sys
from pathlib import Path


def create_local_folders():
    """The folders that settings only name: the SQLite database's and STATIC_ROOT (whitenoise warns at start-up
    when it is missing)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conum.settings")
    if len(sys.argv) > 1 and sys.argv[1] in ("demo", "demo_code"):
        # The demo runs on a developer's machine: debug pages, static files served by runserver. demo_code only
        # prints codes of devices holding the demo's public key, so it may default to the demo's settings too.
        os.environ.setdefault("DEBUG", "true")
        # No worker in the demo: tasks (e-mails) run at once and print on the console.
        os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    from django.core.management import execute_from_command_line

    create_local_folders()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
