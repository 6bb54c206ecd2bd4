"""The differential judged against its own knowledge base: three self-consistency figures.

1. **Whole zone.** Each trigger point's essential zone drawn on one side (the right; a
   mirror-invariant pattern as it is) puts its muscle among the top `ZONE_TOP` distinct muscles.
   A muscle ranked above it whose own trigger point has exactly the drawn essential zone is a
   tie, not a miss: no drawing can tell the two apart.
2. **Single region.** Each region of each essential zone drawn alone puts its owner's muscle
   among the top `REGION_TOP` distinct muscles.
3. **Top explains.** In those single-region cases, the first candidate explains the region.

Plain Python over the engine; `tests/differential/test_consistency.py` prints and checks them,
and `python -m taut.differential.consistency` prints them with the misses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from taut.differential.engine import Result, differential
from taut.differential.evidence import Evidence
from taut.differential.model import MIDLINE, Model, model

ZONE_TOP = 3
REGION_TOP = 5


@dataclass
class Figure:
    """A hit count over cases, with the misses named."""

    name: str
    hits: int = 0
    cases: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.cases if self.cases else 1.0

    def add(self, hit: bool, case: str) -> None:
        self.cases += 1
        self.hits += hit
        if not hit:
            self.misses.append(case)

    def __str__(self) -> str:
        return f"{self.name}: {self.hits}/{self.cases} = {100 * self.rate:.1f}%"


@dataclass
class Figures:
    zone: Figure
    region: Figure
    top_explains: Figure

    def __iter__(self):
        return iter((self.zone, self.region, self.top_explains))


def one_side(m: Model) -> list[int]:
    """One candidate per trigger point: its right-side one, or its only (midline) one."""
    by_tp: dict[str, int] = {}
    for c in m.candidates:
        if c.side in ("right", MIDLINE):
            by_tp[c.trigger_point.id] = c.index
    return list(by_tp.values())


def distinct_muscles(result: Result) -> list[str]:
    """Muscle ids in ranking order, each once."""
    return list(dict.fromkeys(c.muscle for c in result.candidates))


def figures(m: Model | None = None) -> Figures:
    """The three figures over the whole knowledge base."""
    m = m or model()
    out = Figures(
        Figure(f"essential zone drawn -> its muscle in the top {ZONE_TOP}"),
        Figure(f"single essential region drawn -> its muscle in the top {REGION_TOP}"),
        Figure("single essential region drawn -> the first candidate explains it"),
    )
    # Muscles by exact essential zone (as region ids), for the ties of figure 1.
    by_zone: dict[frozenset[int], set[str]] = {}
    for c in m.candidates:
        zone = frozenset(np.flatnonzero(m.essential[c.index]).tolist())
        by_zone.setdefault(zone, set()).add(c.muscle_id)
    for k in one_side(m):
        c = m.candidates[k]
        zone = frozenset(np.flatnonzero(m.essential[k]).tolist())
        regions = [m.region_ids[r] for r in sorted(zone)]
        ranked = distinct_muscles(differential(Evidence(regions=regions), m))
        ties = by_zone[zone]
        ahead = [mu for mu in ranked[: ranked.index(c.muscle_id)] if mu not in ties]
        out.zone.add(len(ahead) < ZONE_TOP, f"{c.trigger_point.id}: {', '.join(ahead[:5])}")
        # A `both:` zone is drawn alone on the right only: the left is its mirror image.
        for r in sorted(x for x in zone if m.region_side[x] != "left"):
            result = differential(Evidence(regions=[m.region_ids[r]]), m)
            muscles = distinct_muscles(result)
            case = f"{c.trigger_point.id} @ {m.region_ids[r]}"
            out.region.add(c.muscle_id in muscles[:REGION_TOP], f"{case}: {muscles[:REGION_TOP]}")
            first = result.candidates[0] if result.candidates else None
            explains = first is not None and bool(first.explains)
            out.top_explains.add(explains, f"{case}: first {first and first.trigger_point}")
    return out


def main() -> None:
    for fig in figures():
        print(fig)
        for miss in fig.misses:
            print("  miss", miss)


if __name__ == "__main__":
    main()
