"""Bulk export in the FHIR Bulk Data style: newline-delimited JSON, one file per type."""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from taut.fhir.export import RESOURCE_TYPES, Scope, resources

NDJSON = "application/fhir+ndjson"


def ndjson_lines(scope: Scope, kind: str, *, validate: bool = True) -> Iterator[str]:
    for resource in resources(scope, kind, validate=validate):
        yield json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n"


def write_ndjson(scope: Scope, directory: Path, *, validate: bool = True) -> dict[str, int]:
    """Write `<Type>.ndjson` for every type into `directory`; counts by type.

    Each file is written beside its final name and renamed at the end, so a failed export
    never leaves a partial file under a real name.
    """
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for kind in RESOURCE_TYPES:
        target = directory / f"{kind}.ndjson"
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{kind}.", suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                counts[kind] = 0
                for line in ndjson_lines(scope, kind, validate=validate):
                    out.write(line)
                    counts[kind] += 1
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    return counts


def manifest(transaction_time: str, request_url: str, url_for) -> dict:
    """A Bulk Data completion manifest: one output file per resource type."""
    return {
        "transactionTime": transaction_time,
        "request": request_url,
        "requiresAccessToken": True,
        "output": [{"type": kind, "url": url_for(kind)} for kind in RESOURCE_TYPES],
        "error": [],
    }
