"""Settings of the test provider (tests/accounts/oidc_provider): everything from the environment set by serve.py."""

import os
from pathlib import Path

SECRET_KEY = "oidc-test-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.accounts.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_PROVIDER_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, test only
LOGIN_URL = "/login/"
USE_TZ = True
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_PROVIDER_RSA_KEY"],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": False,  # ProConnect's authorize endpoint takes no PKCE parameters
    "OAUTH2_VALIDATOR_CLASS": "tests.accounts.oidc_provider.validator.ProConnectLikeValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Adresse e-mail",
        "given_name": "Prénom",
        "usual_name": "Nom d'usage",
        "uid": "Identifiant",
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
# Tables straight from the models, without replaying each app's migrations: the provider starts in a fraction.
MIGRATION_MODULES = dict.fromkeys(["auth", "contenttypes", "sessions", "oauth2_provider"])
