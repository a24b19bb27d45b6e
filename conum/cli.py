"""The `conum` command: Django's manage.py, installed as a console script."""

import os
import secrets
import sys
from pathlib import Path

DEMO_ADDRPORT = "127.0.0.1:8000"  # `conum demo --addrport`'s default
# The commands that start the demo: on a folder without it, they generate its secret key.
DEMO_COMMANDS = ("demo", "demo_code")
# What the demo needs, DEBUG staying off (production's error pages): each applies only if the variable is unset.
DEMO_ENVIRONMENT = {
    "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",  # `conum demo --addrport` adds the host it serves on
    "SECURE": "false",  # plain http on the developer's machine
    "STATIC_MANIFEST": "false",  # no collectstatic: `conum demo` serves the apps' static files themselves
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",  # no worker: e-mails print at once
    "SIRENE_ENABLED": "false",  # the demo reaches no outside service (docs/configuration.md, reference services)
    "GEOCODING_ENABLED": "false",
}


def var_dir() -> Path:
    """CONUM_VAR_DIR, read as conum/settings.py reads it: the settings cannot load before the demo's key is set."""
    return Path(os.environ.get("CONUM_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))


def demo_secret_key_file() -> Path:
    return var_dir() / "demo-secret-key"


def demo_address(argv: list[str]) -> tuple[str, str]:
    """(host name, base URL) that `conum demo --addrport` serves on: "8123", "127.0.0.1:8123", "[::1]:8123"…"""
    addrport = DEMO_ADDRPORT
    for index, argument in enumerate(argv):
        if argument == "--addrport" and index + 1 < len(argv):
            addrport = argv[index + 1]
        elif argument.startswith("--addrport="):
            addrport = argument.partition("=")[2]
    host, _, port = addrport.rpartition(":")
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "[::]"):  # every interface: any host name; links for this machine
        return "*", f"http://127.0.0.1:{port}"
    return host, f"http://{host}:{port}"


def use_demo_environment(argv: list[str]) -> bool:
    """The demo's rule (README, Development): while SECRET_KEY is unset, `conum demo` and `conum demo_code`, and any
    command on a var folder where the demo ran (it holds the key the demo generated), run with that key and
    DEMO_ENVIRONMENT. Production sets SECRET_KEY and has no demo key: it still refuses to start without one."""
    command = argv[1] if len(argv) > 1 else ""
    if os.environ.get("SECRET_KEY"):
        return False
    key_file = demo_secret_key_file()
    if not key_file.exists():
        if command not in DEMO_COMMANDS:
            return False
        key_file.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    os.environ["SECRET_KEY"] = key_file.read_text().strip()
    environment = dict(DEMO_ENVIRONMENT)
    if command == "demo":
        # Read before the settings load (some pages keep SITE_URL from their import): the e-mails' links lead to
        # the address the demo serves on, which is allowed.
        host, site_url = demo_address(argv[2:])
        environment["SITE_URL"] = site_url
        environment["ALLOWED_HOSTS"] += f",{host}"
    for name, value in environment.items():
        os.environ.setdefault(name, value)
    return True


def runs_the_demo() -> bool:
    """Whether this process runs with the demo's generated key: `conum demo` and `conum demo_code` refuse otherwise
    (they create or print access to accounts with a known password)."""
    from django.conf import settings

    key_file = demo_secret_key_file()
    return key_file.exists() and key_file.read_text().strip() == settings.SECRET_KEY


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
    use_demo_environment(sys.argv)
    from django.core.management import execute_from_command_line

    create_local_folders()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
