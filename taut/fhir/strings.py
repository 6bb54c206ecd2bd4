"""Stored text as FHIR strings. FHIR forbids empty strings (hl7.org/fhir/R4/datatypes.html#string),
so every free text a mapper writes goes through `text` or `lines`."""


def text(value) -> str | None:
    """Stored free text as a FHIR string: trimmed, None when nothing is left to write."""
    if value is None:
        return None
    return str(value).strip() or None


def lines(value) -> list[str]:
    """The non-blank lines of a stored multi-line text, each trimmed (an address typed with an
    empty line between its parts)."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
