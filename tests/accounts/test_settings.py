"""Accounts are kept as Django engineers keep them; production settings pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

TAUT = Path(sys.executable).with_name("taut")


def test_argon2_is_the_password_hasher():
    import taut.settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sessions_expire_when_idle():
    # Idle logout itself: tests/security/test_sessions.py.
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_production_values_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "x7" * 32 + "-production-key-that-is-long-and-random",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "taut.example.org",
        "SITE_ROOT": "https://taut.example.org",
        "TAUT_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [str(TAUT), "check", "--deploy", "--fail-level", "DEBUG"],
        env=env, cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_taut_command_works_from_any_folder(tmp_path):
    result = subprocess.run(
        [str(TAUT), "help"], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "TAUT_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0
    for command in ("audit", "demo", "migrate", "runserver"):
        assert command in result.stdout
