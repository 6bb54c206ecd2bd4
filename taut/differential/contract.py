"""The differential's JSON contract, shared by the command, the API and the pages: a request
object (`read`, or `parse` for JSON text) becomes Evidence, a Result becomes the response
object (`render`). The one way from a drawing to evidence."""

from __future__ import annotations

import json
from typing import Any

from taut.differential.engine import RankedCandidate, Result
from taut.differential.evidence import DrawnRegion, Evidence, Finding, MovementEvidence
from taut.jsonio import DuplicateKey, loads_strict

TOP_DEFAULT, TOP_MAX = 10, 200
_KEYS = ("regions", "top", "movements", "findings")
_REGION_KEYS = ("id", "intensity", "quality")
_MOVEMENT_KEYS = ("id", "side")
_FINDING_KEYS = ("trigger_point", "side", "result")


class InputError(Exception):
    """Malformed input; the message names the field."""


def parse(text: str) -> tuple[Evidence, int]:
    """A JSON request as Evidence and the number of candidates wanted."""
    try:
        data = loads_strict(text)
    except DuplicateKey as exc:
        raise InputError(str(exc)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    return read(data)


def read(data: Any) -> tuple[Evidence, int]:
    """A request object ({"regions": [...], "movements", "findings", "top"}) as Evidence and
    the number of candidates wanted; InputError names the malformed field."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object with a 'regions' list, got {_kind(data)}")
    _check_keys(data, "", _KEYS, required=("regions",))
    top = data.get("top", TOP_DEFAULT)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= TOP_MAX:
        raise InputError(f"top: expected a whole number from 1 to {TOP_MAX}, got {top!r}")
    regions = [_region(item, f"regions[{i}]") for i, item in enumerate(_list(data, "regions"))]
    movements = [
        _movement(item, f"movements[{i}]") for i, item in enumerate(_list(data, "movements"))
    ]
    findings = [_finding(item, f"findings[{i}]") for i, item in enumerate(_list(data, "findings"))]
    return Evidence(tuple(regions), tuple(movements), tuple(findings)), top


def render(result: Result, top: int) -> dict[str, Any]:
    """The JSON-ready output; the hints come first, as they do on every page."""
    return {
        "hints": [
            {
                "kind": h.kind,
                "message": h.message,
                "regions": list(h.regions),
                "roots": list(h.roots),
                "sources": list(h.sources),
            }
            for h in result.hints
        ],
        "candidates": [_candidate(c) for c in result.top(top)],
        "explanation": [
            {
                "muscle": c.muscle,
                "muscle_name": c.muscle_name,
                "trigger_point": c.trigger_point,
                "side": c.side,
                "probability": round(c.probability, 6),
            }
            for c in result.explanation
        ],
        "unexplained": list(result.unexplained),
    }


def _candidate(c: RankedCandidate) -> dict[str, Any]:
    return {
        "muscle": c.muscle,
        "muscle_name": c.muscle_name,
        "trigger_point": c.trigger_point,
        "trigger_point_name": c.trigger_point_name,
        "side": c.side,
        "probability": round(c.probability, 6),
        "explains": [e.region for e in c.explains],
        "explains_zones": [{"region": e.region, "zone": e.zone} for e in c.explains],
        "predicts_not_drawn": list(c.predicts_not_drawn),
    }


def _region(item: Any, where: str) -> DrawnRegion:
    if isinstance(item, str):
        return DrawnRegion(item)
    if not isinstance(item, dict):
        raise InputError(
            f"{where}: expected a region id or an object with an id, got {_kind(item)}"
        )
    _check_keys(item, f"{where}.", _REGION_KEYS, required=("id",))
    rid, intensity, quality = item["id"], item.get("intensity"), item.get("quality")
    if not isinstance(rid, str) or not rid:
        raise InputError(f"{where}.id: expected a region id, got {_kind(rid)}")
    if intensity is not None and (
        isinstance(intensity, bool) or not isinstance(intensity, int | float)
    ):
        raise InputError(
            f"{where}.intensity: expected a number from 0 to 10, got {_kind(intensity)}"
        )
    if quality is not None and not isinstance(quality, str):
        raise InputError(f"{where}.quality: expected text, got {_kind(quality)}")
    return DrawnRegion(rid, intensity, quality)


def _movement(item: Any, where: str) -> MovementEvidence:
    if isinstance(item, str):
        return MovementEvidence(item)
    if not isinstance(item, dict):
        raise InputError(
            f"{where}: expected a movement id or an object with an id, got {_kind(item)}"
        )
    _check_keys(item, f"{where}.", _MOVEMENT_KEYS, required=("id",))
    for key in _MOVEMENT_KEYS:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}.{key}: expected text, got {_kind(value)}")
    return MovementEvidence(item["id"], item.get("side"))


def _finding(item: Any, where: str) -> Finding:
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object with trigger_point, side and result")
    _check_keys(item, f"{where}.", _FINDING_KEYS, required=_FINDING_KEYS)
    for key in _FINDING_KEYS:
        if not isinstance(item[key], str):
            raise InputError(f"{where}.{key}: expected text, got {_kind(item[key])}")
    return Finding(item["trigger_point"], item["side"], item["result"])


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{key}: expected a list, got {_kind(value)}")
    return value


def _check_keys(
    data: dict[str, Any], prefix: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(f"{prefix}{key}: unknown field; allowed: {', '.join(allowed)}")
    for key in required:
        if key not in data:
            raise InputError(f"{prefix}{key}: missing required field")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
