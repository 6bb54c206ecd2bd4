"""Bulk export files in the FHIR Bulk Data style: newline-delimited JSON, one file per type.

A file is written beside its final name and renamed into place only when complete, so a
reader never sees a file cut short, and a resource that does not validate leaves no file.
"""

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.sample import SampleCheck

NDJSON = "application/fhir+ndjson"
# Resources between calls of a writer's `progress` (the job's sign of life, taut/heartbeat.py):
# about 50 ms of writing at 20,000 a second (engineering choice).
PROGRESS_EVERY = 1000


def ndjson_lines(scope: Scope, kind: str, check: Callable[[dict], None] | None) -> Iterator[str]:
    """One line per resource of `kind`, each passed to `check` (a validator) first."""
    # A built resource is a tree of fresh and shared constant parts, never a cycle: the
    # encoder need not look for one (a fifth of its time).
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
    for resource in resources(scope, kind, validate=False):
        if check is not None:
            check(resource)
        yield dumps(resource) + "\n"


def write_part(scope: Scope, kind: str, directory: Path, check,
               progress: Callable[[int], None] | None = None) -> tuple[str, int]:  # fmt: skip
    """`kind`'s resources into a temporary file in `directory`: its path and the count,
    calling `progress` with the count every `PROGRESS_EVERY` resources. The caller renames it
    into place; on failure (`progress` may raise to stop) nothing is left behind."""
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{kind}.", suffix=".part")
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for line in ndjson_lines(scope, kind, check):
                out.write(line)
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)  # gone with its folder, if that was removed
        raise
    return temporary, count


def write_type(scope: Scope, kind: str, directory: Path, check,
               progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write `<kind>.ndjson` into `directory` atomically; the number of resources."""
    temporary, count = write_part(scope, kind, directory, check, progress)
    os.replace(temporary, directory / f"{kind}.ndjson")
    return count


def write_ndjson(scope: Scope, directory: Path, *, validate: str = "sample") -> dict[str, int]:
    """Write `<Type>.ndjson` for every type into `directory`; counts by type. `validate` is
    "sample" (taut/fhir/sample.py), "every" resource, or "none".

    All files are renamed at the end, so a failed export leaves neither a partial file nor a
    mix of new and old files under the real names.
    """
    directory.mkdir(parents=True, exist_ok=True)
    check = None if validate == "none" else SampleCheck(every=validate == "every")
    counts, written = {}, []
    try:
        for kind in RESOURCE_TYPES:
            temporary, counts[kind] = write_part(scope, kind, directory, check)
            written.append((temporary, directory / f"{kind}.ndjson"))
    except BaseException:
        for temporary, _ in written:
            os.unlink(temporary)
        raise
    for temporary, target in written:
        os.replace(temporary, target)
    return counts
