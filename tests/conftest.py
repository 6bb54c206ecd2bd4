"""Test-wide settings: fast password hashing and plain static files (no collectstatic)."""

from pathlib import Path

from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Argon2 is the real hasher (tests/accounts/test_passwords.py checks it); tests create many
# users, so they hash with a fast one.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Property tests have no time limit: a busy machine must not fail a test (timing targets
# live in bench/).
hypothesis_settings.register_profile("taut", deadline=None)
hypothesis_settings.load_profile("taut")
# WhiteNoise serves from STATIC_ROOT and warns when the folder is missing.
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".strip()
