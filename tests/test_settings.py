"""The settings module refuses bad configuration, and passes Django's deployment checks."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from conum import settings as conum_settings

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kP2@qL9$vN4&mR8!tW3^yB6*hJ1%fD5(zC0)sG-e8Vq+Tn0LwYu3ZrXa",
    "ALLOWED_HOSTS": "conum.example.gouv.fr",
    "SITE_URL": "https://conum.example.gouv.fr",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_HOST": "smtp.example.gouv.fr",
}


def _run(args, env_overrides, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "SECURE", "STATIC_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env |= {"CONUM_VAR_DIR": str(tmp_path)} | env_overrides
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


def test_secret_key_required_when_debug_is_off(tmp_path):
    result = _run([sys.executable, "-c", "import conum.settings"], {"DEBUG": "false"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    command = [sys.executable, "-m", "conum.cli", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(command, PRODUCTION_ENV | {"SECURE_HSTS_PRELOAD": "true"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_only_warns_about_hsts_preload_by_default(tmp_path):
    # Accepted (docs/deployment.md): joining the browsers' HSTS preload list is the domain owner's decision.
    result = _run([sys.executable, "-m", "conum.cli", "check", "--deploy"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    issues = [line.split(")")[0].split("(")[-1] for line in result.stderr.splitlines() if line.startswith("?: (")]
    assert issues == ["security.W021"], result.stderr


@pytest.mark.parametrize(
    "helper, name, raw, expected",
    [
        (conum_settings.env_bool, "X", "true", True),
        (conum_settings.env_bool, "X", "Off", False),
        (conum_settings.env_bool, "X", "", False),
        (conum_settings.env_int, "X", "42", 42),
        (conum_settings.env_int, "X", "", 7),
    ],
)
def test_env_helpers_read_values(monkeypatch, helper, name, raw, expected):
    monkeypatch.setenv(name, raw)
    assert helper(name, 7) == expected


@pytest.mark.parametrize("helper, raw", [(conum_settings.env_bool, "peut-être"), (conum_settings.env_int, "douze")])
def test_env_helpers_refuse_bad_values(monkeypatch, helper, raw):
    monkeypatch.setenv("X", raw)
    with pytest.raises(ImproperlyConfigured, match="X must be"):
        helper("X", 0)


def test_check_deploy_warns_about_console_emails_and_local_site_url(tmp_path):
    env = PRODUCTION_ENV | {"SITE_URL": "http://127.0.0.1:8000", "EMAIL_HOST": "", "SECURE_HSTS_PRELOAD": "true"}
    result = _run([sys.executable, "-m", "conum.cli", "check", "--deploy"], env, tmp_path)
    assert "conum.W001" in result.stderr and "conum.W002" in result.stderr


def test_database_defaults_to_sqlite_under_var(tmp_path):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    env = {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "conum.settings"}
    result = _run([sys.executable, "-c", f"import django; django.setup(); {code}"], env, tmp_path)
    assert result.stdout.strip() == str(tmp_path / "conum.sqlite3"), result.stderr


def test_french_locale_and_paris_time(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ
