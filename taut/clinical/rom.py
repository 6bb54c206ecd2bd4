"""Range of motion against normal values (data/rom_norms.yaml, replaceable per clinic)."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from taut.kb.catalog import catalog

NORMS_FILE = Path(__file__).parent / "data" / "rom_norms.yaml"
MAX_DEGREES = 360


@dataclass(frozen=True)
class Norm:
    movement: str
    degrees: int
    source: str


@functools.cache
def default_norms() -> dict[str, Norm]:
    """Movement id -> default normal value; a plain number takes the file's `source`, an entry
    written as {degrees, source} names its own."""
    data = yaml.safe_load(NORMS_FILE.read_text())
    movements = catalog().movements
    unknown = set(data["norms"]) - set(movements)
    if unknown:
        raise ValueError(f"{NORMS_FILE.name}: unknown movements {sorted(unknown)}")
    return {m: _norm(m, value, data["source"]) for m, value in data["norms"].items()}


def _norm(movement: str, value, default_source: str) -> Norm:
    if isinstance(value, dict):
        if set(value) != {"degrees", "source"} or not value["source"]:
            raise ValueError(f"{NORMS_FILE.name}: {movement} needs exactly degrees and a source")
        return Norm(movement, int(value["degrees"]), str(value["source"]))
    return Norm(movement, int(value), default_source)


def percent_of_normal(degrees: float, normal: float) -> float | None:
    """Measured motion as a percentage of normal (unrounded); None where no normal applies."""
    return degrees / normal * 100 if normal else None
