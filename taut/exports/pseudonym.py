"""Pseudonyms, ages and day numbers for exports that must not name anyone (plain Python).

A pseudonym is a keyed hash (HMAC-SHA256, RFC 2104) of a record's identifier under a key that
is secret and different for each clinic: the same patient gets the same pseudonym in every
export of one clinic, while nobody without the key can link a pseudonym back to the patient or
match it with another clinic's. Why these identifiers go and these generalisations stay:
docs/exports.md (HIPAA Safe Harbor, 45 CFR 164.514(b)(2); GDPR Art. 4(5)).
"""

import hashlib
import hmac
from datetime import date

# Safe Harbor, 45 CFR 164.514(b)(2)(i)(C): ages over 89 are aggregated into one category.
OLDEST_AGE_SHOWN = 89
OLDEST_GROUP = "90+"
DIGITS = 12  # hex digits kept: 48 bits, collisions negligible for a clinic's patients


def clinic_key(secret: str, clinic_id: int) -> bytes:
    """The clinic's pseudonym key, derived from the deployment's secret."""
    message = f"taut.exports.pseudonym/clinic:{clinic_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def pseudonym(key: bytes, prefix: str, identifier: object) -> str:
    """`prefix`-and-hex pseudonym of `identifier` (a uuid or id) under the clinic's key."""
    digest = hmac.new(key, f"{prefix}:{identifier}".encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:DIGITS]}"


def age_in_years(born: date, on: date) -> int:
    """Whole years of age on `on` (the birthday itself counts)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def safe_harbor_age(years: int) -> str:
    """The age as a number, or "90+" above 89."""
    return OLDEST_GROUP if years > OLDEST_AGE_SHOWN else str(years)


def day_of_episode(day: date, start: date) -> int:
    """Days from the episode's first date (day 0) to `day`."""
    return (day - start).days
