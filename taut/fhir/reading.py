"""Reading FHIR input: a Bundle (JSON) or newline-delimited JSON, resource by resource."""

import json
from collections.abc import Iterator

from taut.jsonio import DuplicateKey, loads_strict


class BadInput(ValueError):
    """A line (or Bundle entry) that is not a JSON resource; `where` names it."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where


def resources(text: str) -> Iterator[tuple[str, dict | BadInput]]:
    """(where, resource or BadInput) for each resource: "entry N" of a Bundle, else "line N"."""
    try:
        whole = loads_strict(text)
    except (json.JSONDecodeError, DuplicateKey):
        whole = None
    if isinstance(whole, dict) and whole.get("resourceType") == "Bundle":
        for number, entry in enumerate(whole.get("entry") or [], 1):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            where = f"entry {number}"
            if isinstance(resource, dict):
                yield where, resource
            else:
                yield where, BadInput(where, "the entry has no resource")
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            resource = loads_strict(line)
        except (json.JSONDecodeError, DuplicateKey) as error:
            yield where, BadInput(where, f"not valid JSON ({error})")
            continue
        if not isinstance(resource, dict):
            yield where, BadInput(where, "expected a JSON object (one resource per line)")
        else:
            yield where, resource
