"""Bulk export in the FHIR Bulk Data style: newline-delimited JSON, one file per type.

A resource that does not validate never leaves a file cut short: the API builds and checks a
whole file before its first byte is sent, and the command renames its files into place only
once every type has been written."""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from taut.fhir.export import RESOURCE_TYPES, Scope, resources

NDJSON = "application/fhir+ndjson"
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # bytes; a larger file goes to a temporary file on disk
CHUNK = 64 * 1024


def ndjson_lines(scope: Scope, kind: str, *, validate: bool = True) -> Iterator[str]:
    for resource in resources(scope, kind, validate=validate):
        yield json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n"


class Spooled:
    """One whole NDJSON file, built and validated up front (InvalidResource names the first
    resource that fails), then read back in chunks; `count` is its number of resources."""

    def __init__(self, scope: Scope, kind: str):
        # Closed by close(), which Django calls when the response ends (or here on failure).
        self.file = tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, mode="w+b")  # noqa: SIM115
        self.count = 0
        try:
            for line in ndjson_lines(scope, kind):
                self.file.write(line.encode("utf-8"))
                self.count += 1
        except BaseException:
            self.file.close()
            raise
        self.file.seek(0)

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.file.read(CHUNK):
            yield chunk

    def close(self) -> None:
        self.file.close()


def write_ndjson(scope: Scope, directory: Path, *, validate: bool = True) -> dict[str, int]:
    """Write `<Type>.ndjson` for every type into `directory`; counts by type.

    Each file is written beside its final name; all are renamed at the end, so a failed export
    leaves neither a partial file nor a mix of new and old files under the real names.
    """
    directory.mkdir(parents=True, exist_ok=True)
    counts, written = {}, []
    try:
        for kind in RESOURCE_TYPES:
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{kind}.", suffix=".part")
            written.append((temporary, directory / f"{kind}.ndjson"))
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                counts[kind] = 0
                for line in ndjson_lines(scope, kind, validate=validate):
                    out.write(line)
                    counts[kind] += 1
    except BaseException:
        for temporary, _ in written:
            os.unlink(temporary)
        raise
    for temporary, target in written:
        os.replace(temporary, target)
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
