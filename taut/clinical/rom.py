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
    data = yaml.safe_load(NORMS_FILE.read_text())
    movements = catalog().movements
    unknown = set(data["norms"]) - set(movements)
    if unknown:
        raise ValueError(f"{NORMS_FILE.name}: unknown movements {sorted(unknown)}")
    return {m: Norm(m, int(d), data["source"]) for m, d in data["norms"].items()}


def percent_of_normal(degrees: float, normal: float) -> float | None:
    """Measured motion as a percentage of normal (unrounded); None where no normal applies."""
    return degrees / normal * 100 if normal else None
