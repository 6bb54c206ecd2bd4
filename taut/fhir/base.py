"""Small builders shared by the resource mappings: references, instants, quantities, staff.

The mappings build plain dictionaries from database rows (`values()`), never model instances.
Parts that are the same in every resource (codes, categories) are built once and shared
between resources: nothing edits a resource after it is built.
"""

from datetime import date, datetime
from decimal import Decimal

from taut.fhir.codes import UCUM
from taut.fhir.strings import text


def ref(kind: str, ident: str, display: str | None = None) -> dict:
    out = {"reference": f"{kind}/{ident}"}
    if display := text(display):
        out["display"] = display
    return out


def instant(moment: datetime | date) -> str:
    """FHIR dateTime/instant text; Django hands back aware datetimes, so a zone is always there."""
    return moment.isoformat()


def meta(updated: datetime | str) -> dict:
    """`meta` with the time of the last change (a datetime, or its `instant` text)."""
    return {"lastUpdated": updated if isinstance(updated, str) else updated.isoformat()}


def quantity(value: float | int | Decimal, unit: str, code: str | None = None) -> dict:
    """A UCUM quantity; `code` is the UCUM code when it differs from the unit shown."""
    number = float(value) if isinstance(value, Decimal) else value
    return {"value": number, "unit": unit, "system": UCUM, "code": code or unit}


def person(first_name: str, last_name: str, username: str) -> dict:
    """A staff member named in a reference (their full name, else their username); Taut does
    not export Practitioner resources."""
    return {"display": text(f"{first_name} {last_name}") or username}
