"""Taut's settings: every deployment value comes from an environment variable.

Local defaults are safe: DEBUG off, SQLite under var/, e-mail to the console, a secret key
generated once into var/. Production sets SITE_ROOT to an https address, which turns on
secure cookies, HTTPS redirects and HSTS.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("TAUT_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A per-checkout key kept in var/, so local sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Taut")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = [SITE_ROOT]
HTTPS = SITE_ROOT.startswith("https://")


def canonical_base(value: str, site_root: str) -> str:
    """The base URL of the FHIR code systems, extensions and identifier systems this deployment
    mints (taut/fhir/codes.py, docs/fhir.md): `value` when given, else `<site_root>/fhir`.

    Engineering choice: the deployment's own address by default, so the URLs are its own and
    never a placeholder domain. A base that changes changes every exported system URL, so a
    clinic that moves sets FHIR_CANONICAL_BASE to the old one."""
    base = value.strip().rstrip("/") or f"{site_root}/fhir"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"FHIR_CANONICAL_BASE must be an http(s) URL, not {base!r}")
    return base


FHIR_CANONICAL_BASE = canonical_base(os.environ.get("FHIR_CANONICAL_BASE", ""), SITE_ROOT)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "ninja",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "taut.security",
    "taut.accounts",
    "taut.clinics",
    "taut.audit",
    "taut.patients",
    "taut.notes",
    "taut.episodes",
    "taut.intake",
    "taut.icd10",
    "taut.exams",
    "taut.treatment",
    "taut.measures",
    "taut.plans",
    "taut.scheduling",
    "taut.portal",
    "taut.api",
    "taut.fhir",
    "taut.exports",
    "taut.invoices",
    "taut.reference",
    "taut.demo",
    "taut.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "taut.security.sessions.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "taut.security.headers.SecurityHeadersMiddleware",
    "taut.clinics.middleware.ClinicMiddleware",
    # history_user of every saved version (django-simple-history)
    "simple_history.middleware.HistoryRequestMiddleware",
    "taut.accounts.second_factor_middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "taut.urls"
WSGI_APPLICATION = "taut.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taut.clinics.context_processors.clinic",
            ],
            "builtins": ["taut.patients.templatetags.phones"],
        },
    },
]

# SQLite under var/ by default; PostgreSQL (or any database) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'taut.sqlite3'}", conn_health_checks=True
    )
}
SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# A database server's connection is kept for a minute of requests: opening one costs more than
# a whole simple page (7 ms to a local PostgreSQL, measured for issue 18); health checks replace
# one the server dropped. An SQLite file opens in microseconds, and the development server's
# thread per request could not reuse a kept connection anyway.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 0 if SQLITE else 60)
if SQLITE:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with timestamps read by psycopg's compiled loader (taut.postgresql).
    DATABASES["default"]["ENGINE"] = "taut.postgresql"
    # A query a kept connection has run twice is prepared on the server (psycopg), and after
    # PostgreSQL's five custom plans it runs on a generic plan without being planned again: the
    # session page's eight-join query went from about 5.5 to 2.4 ms (issue 18). Needs the
    # parameters bound on the server. 0 turns it off, for a pooler that cannot keep prepared
    # statements (PgBouncer before 1.21 in transaction mode).
    # Behind a pooler in transaction mode a cursor held open across transactions may land on
    # another server connection: DB_SERVER_SIDE_CURSORS=0 reads `iterator()`'s rows on the
    # client instead (Django's DISABLE_SERVER_SIDE_CURSORS).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not envint("DB_SERVER_SIDE_CURSORS", 1)
    if prepare_threshold := envint("DB_PREPARE_THRESHOLD", 2):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": prepare_threshold}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # OWASP ASVS 4.0.3 2.1.1: at least 12 characters (NIST SP 800-63B allows 8; ASVS asks 12).
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: the sixth wrong password in a row for one account locks it (django-axes).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
# By account here: a clinic's staff often share one address, and six typos by one colleague
# must not lock out the whole clinic. Password spraying (many usernames from one address) is
# stopped by a separate, larger limit per address (taut/security/throttle.py): an
# engineering choice, roomy enough for a clinic's staff behind one router.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "taut.audit.log.client_ip"
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", 20)
# Each public appointment request e-mails the clinic; a person sends one or two.
APPOINTMENT_REQUESTS_PER_HOUR = envint("APPOINTMENT_REQUESTS_PER_HOUR", 5)
# models.W040: SQLite ignores an index's INCLUDE columns (the outcomes dashboard's covering
# index, taut.measures.models.EpisodeOutcome); there it is a plain index on its key columns,
# as intended, and the warning would greet every `make run`.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# A second factor for staff (django-otp): an authenticator app (TOTP), a passkey (WebAuthn,
# django-otp-webauthn) and single-use recovery codes. Each clinic chooses whom it requires
# it of (Clinic.second_factor); admins and clinicians by default.
OTP_TOTP_ISSUER = SITE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
# Passkeys are bound to the site's host name. Browsers refuse an IP address there, so a local
# checkout offers passkeys on http://localhost:8000 (not 127.0.0.1).
WEBAUTHN_ORIGIN = SITE_ROOT.replace("//127.0.0.1", "//localhost").replace("//[::1]", "//localhost")
OTP_WEBAUTHN_RP_ID = urlsplit(WEBAUTHN_ORIGIN).hostname
OTP_WEBAUTHN_RP_NAME = SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second step, after the password

# Sessions end after SESSION_IDLE_MINUTES without a request, and however busy a login lasts at
# most SESSION_MAX_HOURS (taut/security/sessions.py). The session is saved, and its expiry
# renewed, when it changed or its last-seen time is a minute old, not on every request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and envbool("SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from Taut's own static files, never inline: an injected <script> or onclick=
# does not run. The two printable pages carry their <style> under a per-request nonce; style
# attributes (a bar's width, an SVG's size) are allowed, as they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=()"
)
# Addresses the audit trail records come from REMOTE_ADDR unless a trusted proxy sets this.
AUDIT_CLIENT_IP_HEADER = os.environ.get("AUDIT_CLIENT_IP_HEADER", "")
# Signed checkpoints of the audit chain's head (`taut audit checkpoint`, run from cron). Keep
# the key and the file off the database server; without a key of its own, SECRET_KEY signs.
AUDIT_CHECKPOINT_KEY = os.environ.get("AUDIT_CHECKPOINT_KEY", "")
AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE", "")
# `taut backup` encrypts with this Fernet key (`taut backup --new-key` makes one). Keep a copy
# away from the backups: without it they cannot be restored.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")

# Background tasks (Django's Tasks API, django-tasks): queued in the database and run by
# `taut db_worker` beside the web process (README, "Running the worker"). TASKS_BACKEND
# "django_tasks.backends.immediate.ImmediateBackend" runs each task inside the request instead.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# FHIR Bulk Data export jobs write their NDJSON files here, one folder per job. Files and job
# are deleted this many hours after the job finished (engineering choice: a day is enough for
# a client to fetch its files, and patient data does not linger on disk).
FHIR_EXPORT_DIR = Path(os.environ.get("FHIR_EXPORT_DIR", VAR_DIR / "fhir-exports"))
FHIR_EXPORT_RETENTION_HOURS = envint("FHIR_EXPORT_RETENTION_HOURS", 24)
# CSV exports too large for one page request (taut/exports/background.py) are written here by
# the worker and deleted this many hours after they were written (engineering choice, as for
# the bulk export: a day to download the file, then no patient data left lying on disk).
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR", VAR_DIR / "exports"))
EXPORT_RETENTION_HOURS = envint("EXPORT_RETENTION_HOURS", 24)
# A sample of each bulk export's resources is validated with fhir.resources (taut/fhir/sample.py);
# this validates every resource instead (docs/fhir.md, "Validation").
FHIR_EXPORT_VALIDATE_EVERY = envbool("FHIR_EXPORT_VALIDATE_EVERY", False)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Taut <taut@localhost>")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_MINUTES", 60) * 60
# How long a portal invitation (e-mailed link or printed code) stays usable.
PORTAL_INVITATION_DAYS = envint("PORTAL_INVITATION_DAYS", 7)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (5 MB of the API docs' bundles) are read only by a developer's tools: serving
# them uncompressed spares every collectstatic the longest part of its work.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Files served at the site's root, such as /favicon.ico, which browsers ask for on every page.
WHITENOISE_ROOT = PACKAGE_DIR / "root"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "taut.logs.ClientErrorsWithoutTracebacks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
