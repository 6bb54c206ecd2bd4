"""The `taut score INSTRUMENT [--jsonl]` core: JSON in, JSON out; invalid input exits 2 with
the reason on stderr and nothing on stdout (with --jsonl, an error line per invalid case)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from taut.jsonio import DuplicateKey, loads_strict
from taut.scoring import acr2016
from taut.scoring.errors import ScoringError
from taut.scoring.registry import INSTRUMENTS
from taut.scoring.validation import kind

USAGE = (
    "usage: taut score INSTRUMENT [--jsonl] < input.json\n"
    f"instruments: {', '.join(INSTRUMENTS)}\n"
    'item instruments read {"items": [...]} (null for a missing item; nprs also {"score": n});\n'
    'acr2016 reads {"areas": [...], "fatigue": 0-3, "waking_unrefreshed": 0-3, "cognitive": 0-3,'
    ' "headaches": 0|1, "lower_abdominal": 0|1, "depression": 0|1, "duration_months": n};\n'
    "--jsonl: one case per line in, one result per line out (blank lines skipped)\n"
)
ACR_KEYS = ("areas", *acr2016.FIELDS, "duration_months")


class InputError(Exception):
    """Input that is not a well-formed case: not JSON, not an object, unknown or missing keys."""


def run(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """0 when every case scored, 2 on invalid input or arguments, 1 on an unexpected failure
    (one line on stderr, never a traceback)."""
    flags = [a for a in argv if a.startswith("-")]
    names = [a for a in argv if not a.startswith("-")]
    if "-h" in flags or "--help" in flags:
        stdout.write(USAGE)
        return 0
    unknown = [f for f in flags if f != "--jsonl"]
    if unknown or len(names) != 1:
        problem = (
            f"unknown option {unknown[0]}"
            if unknown
            else "name one instrument"
            if not names
            else f"name one instrument, got {len(names)}: {' '.join(names)}"
        )
        stderr.write(f"{problem}\n{USAGE}")
        return 2
    name = names[0]
    if name not in INSTRUMENTS:
        stderr.write(f"unknown instrument {name!r}; choose one of: {', '.join(INSTRUMENTS)}\n")
        return 2
    try:
        if "--jsonl" in flags:
            return _lines(name, stdin, stdout, stderr)
        return _single(name, stdin, stdout, stderr)
    except OSError as exc:  # e.g. a closed pipe
        stderr.write(f"cannot read the input or write the output: {exc}\n")
        return 1


def score_text(name: str, text: str) -> dict[str, Any]:
    """Parse one case and score it; InputError or ScoringError when it is invalid."""
    return score_case(name, parse(text))


def parse(text: str) -> Any:
    """The JSON value of `text`, with duplicate keys rejected."""
    try:
        return loads_strict(text)
    except DuplicateKey as exc:
        raise InputError(str(exc)) from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, over-long integers, nesting
        message = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise InputError(f"not valid JSON: {message}") from None


def score_case(name: str, data: Any) -> dict[str, Any]:
    """Score one parsed case of instrument `name`: the JSON-ready result."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {kind(data)}")
    if name == "acr2016":
        _check_keys(data, ACR_KEYS, required=ACR_KEYS)
        fields = {key: data[key] for key in ACR_KEYS if key != "areas"}
        return acr2016.score(data["areas"], **fields).as_dict()
    if name == "nprs" and "score" in data:
        _check_keys(data, ("score",), required=("score",))
        values = [data["score"]]
    else:
        allowed = ("items", "score") if name == "nprs" else ("items",)
        _check_keys(data, allowed, required=("items",))
        values = data["items"]
        if not isinstance(values, list):
            raise InputError(f"items: expected a list, got {kind(values)}")
    return INSTRUMENTS[name](values).as_dict()


def _single(name: str, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        text = stdin.read()
    except UnicodeDecodeError:
        stderr.write("invalid input: not valid UTF-8 text\n")
        return 2
    if not text.strip():
        stderr.write("invalid input: no input; expected one JSON object on standard input\n")
        return 2
    try:
        result = score_text(name, text)
    except InputError as exc:
        hint = " (one case per line? use --jsonl)" if "Extra data" in str(exc) else ""
        stderr.write(f"invalid input: {exc}{hint}\n")
        return 2
    except ScoringError as exc:
        stderr.write(f"invalid input: {exc}\n")
        return 2
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return 1
    stdout.write(json.dumps(result) + "\n")
    return 0


def _lines(name: str, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    cases = invalid = failed = 0
    number = 0
    try:
        for number, line in enumerate(stdin, 1):  # noqa: B007 - `number` is read after the loop
            if not line.strip():
                continue  # blank lines, e.g. a trailing one, are not cases
            cases += 1
            try:
                out: dict[str, Any] = score_text(name, line)
            except (InputError, ScoringError) as exc:
                invalid += 1
                out = {"error": f"line {number}: {exc}"}
            except Exception as exc:  # noqa: BLE001 - one error line, never a traceback
                failed += 1
                out = {"error": f"line {number}: internal error: {type(exc).__name__}: {exc}"}
            stdout.write(json.dumps(out) + "\n")
    except UnicodeDecodeError:
        stderr.write(f"invalid input: not valid UTF-8 text after line {number}\n")
        return 2
    if failed:
        stderr.write(f"{failed} of {cases} cases failed with an internal error\n")
        return 1
    if invalid:
        stderr.write(f"{invalid} of {cases} cases invalid\n")
        return 2
    return 0


def _check_keys(data: dict[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(f"{key}: unknown field; expected {', '.join(allowed)}")
    missing = [key for key in required if key not in data]
    if missing:
        raise InputError(f"{', '.join(missing)}: missing required field{'s' * (len(missing) > 1)}")
