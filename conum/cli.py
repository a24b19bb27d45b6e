"""The `conum` command: Django's manage.py, installed as a console script."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conum.settings")
    if len(sys.argv) > 1 and sys.argv[1] in ("demo", "demo_code"):
        # The demo runs on a developer's machine: debug pages, static files served by runserver. demo_code only
        # prints codes of devices holding the demo's public key, so it may default to the demo's settings too.
        os.environ.setdefault("DEBUG", "true")
        # No worker in the demo: tasks (e-mails) run at once and print on the console.
        os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
