"""The demo runs with DEBUG off (production's French error pages) on a key it generates in its var folder; any
`conum` command on that folder uses the key; production (SECRET_KEY unset, no demo key) still refuses to start."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conum import cli
from tests.helpers import totp_code

# What the test environment (tests/environment.py) exports, which the demo's rule must not see.
OUTSIDE = ("SECRET_KEY", "DEBUG", "SECURE", "STATIC_MANIFEST", "ALLOWED_HOSTS", "TASKS_BACKEND", "SITE_URL")


@pytest.fixture
def bare_environment(monkeypatch, tmp_path):
    """A developer's shell: none of the variables the demo sets, CONUM_VAR_DIR a fresh folder."""
    for name in OUTSIDE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONUM_VAR_DIR", str(tmp_path))
    return tmp_path


def _conum(args, var_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k not in (*OUTSIDE, "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"CONUM_VAR_DIR": str(var_dir)} | extra
    return subprocess.run(
        [sys.executable, "-m", "conum.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], ("127.0.0.1", "http://127.0.0.1:8000")),
        (["--addrport", "127.0.0.1:8123"], ("127.0.0.1", "http://127.0.0.1:8123")),
        (["--no-serve", "--addrport=localhost:9000"], ("localhost", "http://localhost:9000")),
        (["--addrport", "8123"], ("127.0.0.1", "http://127.0.0.1:8123")),
        (["--addrport", "[::1]:8123"], ("[::1]", "http://[::1]:8123")),
        (["--addrport", "0.0.0.0:8123"], ("*", "http://127.0.0.1:8123")),
    ],
)
def test_demo_address_follows_addrport(argv, expected):
    assert cli.demo_address(argv) == expected


def test_demo_generates_its_key_and_local_settings(bare_environment):
    assert cli.use_demo_environment(["conum", "demo", "--addrport", "127.0.0.1:8123"])
    key_file = bare_environment / "demo-secret-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text()) >= 50 and os.environ["SECRET_KEY"] == key_file.read_text()
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8123"
    assert os.environ["ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1],127.0.0.1"
    assert os.environ["SECURE"] == "false" and os.environ["STATIC_MANIFEST"] == "false"
    assert os.environ["TASKS_BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert "DEBUG" not in os.environ


def test_other_commands_use_the_demo_key_once_it_exists(bare_environment, monkeypatch):
    assert not cli.use_demo_environment(["conum", "match"])
    assert not (bare_environment / "demo-secret-key").exists() and "SECRET_KEY" not in os.environ
    (bare_environment / "demo-secret-key").write_text("a-demo-key\n")
    monkeypatch.setenv("SITE_URL", "http://demo.example:8000")  # what the developer sets wins
    assert cli.use_demo_environment(["conum", "match"])
    assert os.environ["SECRET_KEY"] == "a-demo-key" and os.environ["SITE_URL"] == "http://demo.example:8000"


def test_a_secret_key_set_turns_the_demo_rule_off(bare_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-key")
    (bare_environment / "demo-secret-key").write_text("a-demo-key")
    assert not cli.use_demo_environment(["conum", "demo"])
    assert os.environ["SECRET_KEY"] == "production-key" and "SECURE" not in os.environ


def test_production_without_secret_key_still_refuses_to_start(tmp_path):
    result = _conum(["check"], tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "demo-secret-key").exists()


def test_commands_on_the_demo_folder_run_with_debug_off(tmp_path):
    (tmp_path / "demo-secret-key").write_text("a-demo-key-" + "x" * 50)
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, ','.join(s.ALLOWED_HOSTS), s.SITE_URL, "
        "s.STORAGES['staticfiles']['BACKEND'], s.EMAIL_BACKEND, s.TASKS['default']['BACKEND'], sep='|')"
    )
    result = _conum(["shell", "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == [
        "False",
        "False",
        "False",
        "127.0.0.1,localhost,[::1]",
        "http://127.0.0.1:8000",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        "django.core.mail.backends.console.EmailBackend",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]


def test_demo_refuses_to_run_with_a_secret_key_set(tmp_path):
    result = _conum(["demo", "--no-serve"], tmp_path, SECRET_KEY="x7#kP2@qL9$vN4&mR8!tW3^yB6*hJ1%fD5(zC0)sG-e8V")
    assert result.returncode != 0
    assert "elle ne tourne qu'avec la clé qu'elle génère, quand SECRET_KEY n'est pas défini" in result.stderr
    assert not (tmp_path / "demo-secret-key").exists()


@pytest.fixture
def demo_key(settings, monkeypatch, tmp_path):
    """This process runs "with the demo's key": the test settings' key, written where the demo keeps its own."""
    monkeypatch.setenv("CONUM_VAR_DIR", str(tmp_path))
    (tmp_path / "demo-secret-key").write_text(settings.SECRET_KEY)


def _quiet():
    return type("Out", (), {"write": lambda self, text: None})()


def test_demo_code_prints_the_current_code_of_a_demo_account(territories, demo_key, capsys):
    from conum.accounts import demo

    demo.populate(_quiet())
    call_command("demo_code", "Equipe-Nationale@demo.conum.fr")
    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user__email="equipe-nationale@demo.conum.fr")
    assert device.key == demo.DEMO_TOTP_KEY
    code = re.search(r"Code du moment pour equipe-nationale@demo.conum.fr : (\d{6})", out).group(1)
    assert code in {totp_code(device), f"{TOTP(device.bin_key, drift=-1).token():06d}"}  # a step may have passed
    assert demo.DEMO_TOTP_SECRET in out
    assert not TOTPDevice.objects.filter(user__email="conseiller@demo.conum.fr").exists()

    with pytest.raises(CommandError, match="n'est pas un compte de démonstration"):
        call_command("demo_code", "national@anct.example")
    with pytest.raises(CommandError, match="n'a pas la clé de démonstration"):
        call_command("demo_code", "conseiller@demo.conum.fr")


def test_demo_code_is_refused_without_the_demo_key(db, monkeypatch, tmp_path):
    monkeypatch.setenv("CONUM_VAR_DIR", str(tmp_path))
    with pytest.raises(CommandError, match="Réservé à la démonstration"):
        call_command("demo_code", "equipe-nationale@demo.conum.fr")
    (tmp_path / "demo-secret-key").write_text("another-key")
    with pytest.raises(CommandError, match="Réservé à la démonstration"):
        call_command("demo_code", "equipe-nationale@demo.conum.fr")


def test_demo_summary_lists_each_account_once_with_its_first_step(monkeypatch):
    from conum.accounts import demo

    lines = []
    monkeypatch.setenv("CONUM_VAR_DIR", "/tmp/ma démo")
    demo.summary(type("Out", (), {"write": lambda self, text: lines.append(text)})())
    text = "\n".join(lines)
    assert text.count(demo.DEMO_PASSWORD) == 1
    for email, *_ in demo.DEMO_ACCOUNTS:
        line = next(line for line in text.splitlines() if email in line)
        assert demo.FIRST_STEPS[email] in line
    assert "Préfecture (87) *" in text and "Candidat " in text
    assert "CONUM_VAR_DIR='/tmp/ma démo' uv run conum demo_code <e-mail>" in text
