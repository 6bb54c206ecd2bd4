"""Issuing, finding and revoking API tokens.

A token is `taut_` + 43 characters of URL-safe base64 (256 random bits). Only its SHA-256 is
stored. A slow password hash (Argon2, which Taut uses for passwords) is there to make guessing
a *low-entropy* secret expensive; a 256-bit random secret cannot be guessed whatever the hash,
and a fast hash keeps every API call cheap. The first 12 characters are stored in clear as a
lookup key, so one row is found by index and its hash compared in constant time.

Every token expires (after 30, 90 or 365 days, chosen when it is made) and has a scope:
read-only tokens may only GET; writing needs a read-and-write token.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from taut.api.models import ApiToken, Scope

SCHEME = "taut_"
PREFIX_LENGTH = 12  # "taut_" and 7 random characters
SECRET_BYTES = 32  # 256 bits
TOUCH_EVERY_SECONDS = 60  # last use is written at most once a minute per token
LIFETIMES_DAYS = (30, 90, 365)  # an engineering choice: a quarter by default, a year at most
DEFAULT_LIFETIME_DAYS = 90


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue(
    user, clinic, name: str, *, scope: str = Scope.READ, days: int = DEFAULT_LIFETIME_DAYS
) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller)."""
    while True:
        secret = SCHEME + secrets.token_urlsafe(SECRET_BYTES)
        if not ApiToken.objects.filter(prefix=secret[:PREFIX_LENGTH]).exists():
            break
    token = ApiToken.objects.create(
        user=user, clinic=clinic, name=name, prefix=secret[:PREFIX_LENGTH],
        secret_hash=digest(secret), scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    return token, secret


def find(secret: str) -> ApiToken | None:
    """The live (unrevoked, unexpired) token whose secret this is, or None."""
    if not secret.startswith(SCHEME) or len(secret) <= PREFIX_LENGTH:
        return None
    token = (
        ApiToken.objects.live()
        .select_related("user", "clinic")
        .filter(prefix=secret[:PREFIX_LENGTH])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, digest(secret)):
        return None
    if not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= TOUCH_EVERY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke(token: ApiToken) -> bool:
    """Revoke at once; False if it already was."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return bool(updated)
