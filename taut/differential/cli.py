"""The `taut differential` command's core: JSON evidence on stdin, the ranked differential as
JSON on stdout (the contract in contract.py). Invalid input exits 2 with a message on stderr
and nothing on stdout."""

from __future__ import annotations

import json
from typing import TextIO

from taut.differential.contract import InputError, parse, render
from taut.differential.engine import differential
from taut.differential.evidence import EvidenceError, UnknownRegionsError


def run(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Read the request, write the differential; 0 on success, 2 on invalid input, 1 on an
    unexpected failure (one line on stderr, never a traceback)."""
    try:
        try:
            raw = stdin.read()
        except UnicodeDecodeError:
            raise InputError("the input is not valid UTF-8 text") from None
        evidence, top = parse(raw)
        result = differential(evidence)
        text = json.dumps(render(result, top), indent=2)
    except UnknownRegionsError as exc:
        lines = ["unknown region ids:"]
        for where, rid, close in exc.unknown:
            hint = f"did you mean {', '.join(close)}?" if close else "no close match"
            lines.append(f"  {where}: {rid!r} ({hint})")
        stderr.write("\n".join(lines) + "\n")
        return 2
    except (InputError, EvidenceError) as exc:
        stderr.write(f"invalid input: {exc}\n")
        return 2
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return 1
    try:
        stdout.write(text + "\n")
    except OSError as exc:  # e.g. a closed pipe
        stderr.write(f"cannot write the output: {exc}\n")
        return 1
    return 0
