"""Conum settings: one module, read from the environment (see docs/configuration.md).

Nothing here needs a .env file: every variable has a safe default for a developer's
machine, except SECRET_KEY, which production (DEBUG off) must set.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONUM_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Shown on the legal pages.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "conseiller-numerique@anct.gouv.fr")
# Where vulnerabilities are reported (/.well-known/security.txt and the /securite/ page).
SECURITY_CONTACT_EMAIL = env_str("SECURITY_CONTACT_EMAIL", CONTACT_EMAIL)
HOSTING_PROVIDER = env_str(
    "HOSTING_PROVIDER", "l'hébergeur de cette instance, déclaré par son opérateur (variable HOSTING_PROVIDER)"
)

# The citizen site's map: tiles from this URL template ({z}/{x}/{y}); empty: the list alone, no map.
# Default: the IGN Géoplateforme "Plan IGN" tiles, free for public services.
MAP_TILES_URL = env_str(
    "MAP_TILES_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    "&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "© IGN — Géoplateforme")
# Public forms (workshop registration, structure and candidate applications): at most this many submissions
# of each per client IP address per window.
PUBLIC_FORM_RATE_LIMIT = env_int("PUBLIC_FORM_RATE_LIMIT", 10)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)
PUBLIC_FORM_RATE_WINDOW_MINUTES = env_int("PUBLIC_FORM_RATE_WINDOW_MINUTES", 10)
# Candidates a structure may add by hand from its radius search per day (all its accounts and applications).
RECRUITMENT_MANUAL_ADDITIONS_PER_DAY = env_int("RECRUITMENT_MANUAL_ADDITIONS_PER_DAY", 10)
# The API: requests per minute per token (authenticated calls) or per client address (anonymous calls).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# Reference services (conum/core/reference_http.py): Sirene ("recherche d'entreprises") prefills the structure
# application from its SIRET; the Base Adresse Nationale geocodes places. Each is off when its switch is false or
# its URL empty (the tests and `conum demo` turn them off); forms and saves never wait on them longer than the timeout.
SIRENE_ENABLED = env_bool("SIRENE_ENABLED", True)
SIRENE_API_URL = env_str("SIRENE_API_URL", "https://recherche-entreprises.api.gouv.fr").rstrip("/")
GEOCODING_ENABLED = env_bool("GEOCODING_ENABLED", True)
GEOCODING_API_URL = env_str("GEOCODING_API_URL", "https://api-adresse.data.gouv.fr").rstrip("/")
REFERENCE_API_TIMEOUT_MS = env_int("REFERENCE_API_TIMEOUT_MS", 2000)
REFERENCE_API_BATCH_TIMEOUT_SECONDS = env_int("REFERENCE_API_BATCH_TIMEOUT_SECONDS", 60)
REFERENCE_API_CACHE_SECONDS = env_int("REFERENCE_API_CACHE_SECONDS", 24 * 60 * 60)
# Appointment reminders by text message (conum/activity/appointments/sms.py): off while SMS_PROVIDER_URL is empty.
SMS_PROVIDER_URL = env_str("SMS_PROVIDER_URL", "")
SMS_PROVIDER_TOKEN = env_str("SMS_PROVIDER_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "Conum")
SMS_PROVIDER_TIMEOUT_MS = env_int("SMS_PROVIDER_TIMEOUT_MS", 5000)

INSTALLED_APPS = [
    # No django.contrib.admin: every change goes through the application's pages, which check the rules.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",  # used by django-dsfr's checkbox and radio templates
    "ninja",  # serves the API docs' Swagger UI from static files, not from a CDN
    "corsheaders",  # CORS on the public API and the open-data files only (CORS_URLS_REGEX)
    "axes",
    # Second factor for the roles that require it (conum/accounts/second_factor.py): TOTP, recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "conum.core",
    "conum.territories",
    "conum.programme",
    "conum.accounts",
    "conum.structures",
    "conum.recruitment",
    "conum.activity",
    "conum.steering",
    "conum.public",
    "conum.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise and the rest: the Content-Security-Policy header goes on every response.
    "csp.middleware.CSPMiddleware",
    # Before anything that may answer (whitenoise, CommonMiddleware): it answers CORS preflights itself.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses an oversized request unread: before any view middleware (CSRF's reads request.POST) or view.
    "conum.core.uploads.RequestSizeLimitMiddleware",
    # A NUL or invalid character in the path or a GET/POST parameter: a 400 page, not a 500 (core/middleware.py).
    "conum.core.middleware.BadCharactersMiddleware",
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): the session passed the second factor
    # Signed in but not verified (a role that requires a second factor): only the second-factor steps answer.
    "conum.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conum.urls"
WSGI_APPLICATION = "conum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conum.core.context_processors.navigation",
                "csp.context_processors.nonce",  # CSP_NONCE, for the rare inline script or style
            ],
        },
    },
    {
        # The repeated fragments of the busiest pages (conum/core/jinja.py), under each app's jinja2/ folder.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "conum.core.jinja.environment"},
    },
]

# Every form, DSFR or not, with the renderer that draws widgets with Jinja2 (conum/core/forms.py says why).
FORM_RENDERER = "conum.core.forms.DsfrFastWidgets"

# Database: SQLite under var/ unless DATABASE_URL says otherwise (the `conum` command creates the folder).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'conum.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (the dev server, live-server tests) share the file: wait for locks.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, so that every web process shares one cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# E-mails are unique case-insensitively through a constraint on LOWER(email), which this check cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:space"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (conum/accounts/lockout.py). django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for
# one account from one address, that pair is blocked for LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "conum.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "conum.accounts.views.locked_out"
# Behind TRUSTED_PROXY_COUNT reverse proxies, the client's address is the right-most untrusted entry of
# X-Forwarded-For (conum/core/client_address.py), for django-axes as for every rate limit.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "conum.core.client_address.client_address"
AXES_VERBOSE = False
# Past these, attempts are refused without checking the password: wrong passwords from one address across
# accounts in an hour (password spraying), and for one account from all addresses in an hour (then one
# attempt is checked per 1, 2, 4 … 60 seconds).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_ACCOUNT_SLOWDOWN_AFTER = env_int("LOGIN_ACCOUNT_SLOWDOWN_AFTER", 5)
# Successful logins are not logged (no IP address kept for them); failed attempts expire with the cool-off.
AXES_DISABLE_ACCESS_LOG = True
# Second factor: the name authenticator apps show next to the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Conum")

# ProConnect sign-in (conum/accounts/proconnect.py): off, with no button and its pages 404, unless all three are set.
PROCONNECT_CLIENT_ID = env_str("PROCONNECT_CLIENT_ID")
PROCONNECT_CLIENT_SECRET = env_str("PROCONNECT_CLIENT_SECRET")
PROCONNECT_DISCOVERY_URL = env_str("PROCONNECT_DISCOVERY_URL")
_PROCONNECT = ("PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET", "PROCONNECT_DISCOVERY_URL")
if any(globals()[name] for name in _PROCONNECT) and not all(globals()[name] for name in _PROCONNECT):
    _unset = ", ".join(name for name in _PROCONNECT if not globals()[name])
    raise ImproperlyConfigured(f"ProConnect needs its three variables; unset: {_unset}")
# The `acr` values that mean a second factor at ProConnect (besides "mfa" in `amr`): they stand for Conum's own.
PROCONNECT_MFA_ACR_VALUES = env_list(
    "PROCONNECT_MFA_ACR_VALUES",
    "eidas2,eidas3,https://proconnect.gouv.fr/assurance/self-asserted-2fa,"
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
)
PROCONNECT_TIMEOUT_SECONDS = env_int("PROCONNECT_TIMEOUT_SECONDS", 5)

# Sessions and security
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE = env_bool("SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0 and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# CORS (django-cors-headers): any site's pages may read, from the browser, the public API (places, workshops,
# statistics, communes, its OpenAPI document) and the open-data files; GET and HEAD only, no cookie, no
# Authorization header. Never the token endpoints (/api/v1/reports) nor any page.
CORS_URLS_REGEX = (
    r"^/(api/v1/((communes|places|workshops|statistics)(/.*)?|openapi\.json)|donnees-ouvertes/[^/]+\.(csv|json))$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "content-language")
CORS_EXPOSE_HEADERS = ("Retry-After",)
CORS_PREFLIGHT_MAX_AGE = 86400

# Error reporting with Sentry (conum/core/monitoring.py): off unless SENTRY_DSN is set; personal data scrubbed.
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = env_str("SENTRY_TRACES_SAMPLE_RATE", "0")
if SENTRY_DSN:
    from conum.core import monitoring

    monitoring.init_sentry(SENTRY_DSN, SENTRY_ENVIRONMENT, monitoring.traces_rate(SENTRY_TRACES_SAMPLE_RATE))

# Audience measurement with Matomo (conum/core/audience.py): off unless both are set; only after the visitor
# accepts, without cookie, user id or the address's secrets. Its host is added to the CSP below.
MATOMO_URL = env_str("MATOMO_URL").rstrip("/")
MATOMO_SITE_ID = env_str("MATOMO_SITE_ID")
if bool(MATOMO_URL) != bool(MATOMO_SITE_ID) or (MATOMO_URL and not urlsplit(MATOMO_URL).netloc):
    raise ImproperlyConfigured("Matomo needs MATOMO_URL (https://…) and MATOMO_SITE_ID together, or neither")
if MATOMO_SITE_ID and not MATOMO_SITE_ID.isdigit():
    raise ImproperlyConfigured(f"MATOMO_SITE_ID must be a number, got {MATOMO_SITE_ID!r}")
MATOMO_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(MATOMO_URL))] if MATOMO_URL else []


def _tile_origins(url):
    """Where the map's tiles load from: nothing more for no map or tiles on this site (a path); Leaflet's {s}
    stands for its default subdomains a, b and c, each one named (no wildcard)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    if not host:
        return []
    if parts.scheme not in ("https", "http", ""):
        raise ImproperlyConfigured(f"MAP_TILES_URL must start with https:// or be a path on this site, got {url!r}")
    hosts = [host.replace("{s}", subdomain) for subdomain in "abc"] if "{s}" in host else [host]
    if any("{" in name or "}" in name for name in hosts):
        raise ImproperlyConfigured(f"MAP_TILES_URL: only {{s}} may stand in the host name, got {url!r}")
    return [f"{parts.scheme}://{name}" if parts.scheme else name for name in hosts]


# Content-Security-Policy (django-csp): this site only, no inline script or style unless it carries the
# request's nonce (`nonce="{{ CSP_NONCE }}"`; the nonce is only announced on pages that use it), map tiles
# from MAP_TILES_URL's host. data: images: the DSFR's CSS draws a few icons with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *MATOMO_ORIGINS],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_tile_origins(MAP_TILES_URL), *MATOMO_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF, *MATOMO_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Language and time
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files, served by whitenoise in production (collectstatic into var/static).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Leaflet's files come from the django-leaflet package (no CDN). Its static folder only: as an installed app,
# its admin module would need GeoDjango's GDAL.
STATICFILES_DIRS = [Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files from `conum collectstatic` in production; plain files otherwise.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Private files (candidates' CVs): outside the web root, served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))

# Uploads (conum/core/uploads.py): the largest file a form takes (the CV), in MB (10^6 bytes); the other
# fields of a request, or a body without file (the API's JSON), at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes.
# Larger requests are refused before they are read; nginx's client_max_body_size must allow their sum.
MAX_UPLOAD_SIZE_MB = env_int("MAX_UPLOAD_SIZE_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
FILE_UPLOAD_HANDLERS = [
    "conum.core.uploads.FileSizeLimitHandler",  # first: stops passing a file on past MAX_UPLOAD_SIZE_MB
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail: printed on the console unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Conum <ne-pas-repondre@conum.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: stored in the database, run by `conum db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# DSFR: mark optional fields (the DSFR's current advice) rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True
DSFR_USE_INTEGRITY_CHECKSUMS = True

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 4xx responses in one line, without the traceback of the exception behind them (conum/core/log_format.py).
    "formatters": {"default": {"()": "conum.core.log_format.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "default"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
