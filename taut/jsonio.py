"""Strict JSON reading for Taut's command lines and JSON endpoints (plain Python)."""

import json
from typing import Any


class DuplicateKey(ValueError):
    """A JSON object names the same key twice; json.loads would silently keep the last."""

    def __init__(self, key: str):
        super().__init__(f"duplicate key {key!r} in a JSON object")
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def loads_strict(text: str) -> Any:
    """json.loads that refuses duplicate keys (DuplicateKey) instead of dropping one."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)
