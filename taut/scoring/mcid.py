"""Clinically important change between two scores: `improvement(instrument, before, after,
thresholds=DEFAULT) -> Change`, with published default thresholds a clinic can replace."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from numbers import Real
from typing import Any, Literal

from taut.scoring.errors import ScoringError
from taut.scoring.validation import kind

# Scores are exact rationals with small denominators, so a true difference or percent that
# misses a threshold misses it by far more than this; it only absorbs float rounding, e.g. the
# PSFS means 16/3 - 10/3 computing as 1.9999999999999996 instead of 2.
TOLERANCE = 1e-9

HIGHER_IS_BETTER = frozenset({"psfs"})
RANGES = {
    "nprs": (0.0, 10.0),
    "psfs": (0.0, 10.0),
    "ndi": (0.0, 100.0),
    "odi": (0.0, 100.0),
    "quickdash": (0.0, 100.0),
    "fiqr": (0.0, 100.0),
}


@dataclass(frozen=True)
class Rule:
    """What counts as an important improvement: at least `points` in score units and/or at
    least `percent` of the baseline; `combine` says whether "all" given criteria or "any" one."""

    points: float | None = None
    percent: float | None = None
    combine: Literal["all", "any"] = "all"

    def __post_init__(self) -> None:
        if self.points is None and self.percent is None:
            raise ScoringError("a Rule needs points, percent or both")
        for name in ("points", "percent"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, Real)
                or not math.isfinite(value)
                or value < 0
            ):
                raise ScoringError(f"Rule {name}: {kind(value)} is not a number 0 or more")
        if self.combine not in ("all", "any"):
            raise ScoringError(f"Rule combine: {self.combine!r} is not 'all' or 'any'")


@dataclass(frozen=True)
class Thresholds:
    """One Rule per instrument. Where sources disagree, the choice and why are in the comment."""

    # Farrar et al. 2001 (Pain 94:149-158): a drop of about 2 points or about 30% on the 0-10
    # scale; the consensus of Ostelo et al. 2008 (Spine 33:90-94) gives 2 points or 30% for
    # the numeric scale too. Both sources count either criterion, so either suffices ("any").
    nprs: Rule = Rule(points=2, percent=30, combine="any")
    # 2 points on the mean rating. Stratford et al. 1995 (Physiother Can 47:258-263) give 2
    # points as the minimal detectable change (90% confidence) of the mean; Abbott & Schmitt
    # 2014 (J Orthop Sports Phys Ther 44:560-564) found 1.3 (small), 2.3 (medium) and 2.7
    # (large change). 2 is the smallest value that is both beyond measurement error and
    # within the published MIDs.
    psfs: Rule = Rule(points=2)
    # 19 percentage points: Cleland, Childs & Whitman 2008 (Arch Phys Med Rehabil 89:69-74),
    # outpatient physiotherapy patients with mechanical neck pain, the people this workbench is
    # for. Others: Young et al. 2009 (Spine J) found 7.5/50 (15%) but advise 10/50 (20%) as
    # 7.5 is within measurement error; Abbott & Schmitt 2014 report 14; Vernon's scoring note
    # says 5/50 (10%). We take Cleland's, which agrees with Young's advice, over the smaller
    # values that may not exceed measurement error.
    ndi: Rule = Rule(points=19)
    # Ostelo et al. 2008 (Spine 33:90-94), international consensus: 10 points, or 30% of the
    # baseline. Either suffices ("any"): the 30% clause keeps low baselines reachable.
    odi: Rule = Rule(points=10, percent=30, combine="any")
    # Franchignoni et al. 2014 (J Orthop Sports Phys Ther 44:30-39): 15.91 points, triangulated
    # in physiotherapy patients with upper-limb musculoskeletal disorders and above their
    # 12.85-point MDC90, so a change we call important is also a real one. Sorensen et al. 2013
    # (J Hand Surg Am 38:641-649) found 14 after hand surgery, a less similar population. 15.91
    # is 7 raw points on 11 items (7 x 25/11 = 15.909...) printed to two decimals; we keep the
    # unrounded value so that that change counts.
    quickdash: Rule = Rule(points=175 / 11)
    # Bennett et al. 2009 (J Rheumatol 36:1304-1311): a 14% reduction of the FIQ total from
    # baseline. Derived for the original FIQ; the FIQR (Bennett et al. 2009, Arthritis Res Ther
    # 11:R120) keeps its domains and 0-100 range, and no FIQR-specific value was found.
    fiqr: Rule = Rule(percent=14)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Thresholds:
        """Defaults overridden by a clinic's settings, e.g. {"ndi": {"points": 10}}."""
        known = {f.name for f in fields(cls)}
        rules: dict[str, Rule] = {}
        for name, spec in data.items():
            if name not in known:
                raise ScoringError(f"thresholds: unknown instrument {name!r}")
            if not isinstance(spec, dict) or not set(spec) <= {"points", "percent", "combine"}:
                raise ScoringError(
                    f"thresholds {name}: expected an object with points, percent and/or combine"
                )
            rules[name] = Rule(**spec)
        return cls(**rules)


DEFAULT = Thresholds()


@dataclass(frozen=True)
class Change:
    """Change from `before` to `after`: `difference` and `percent` (of the baseline; None from 0)
    are positive when the patient is better, a drop in every score but PSFS, where higher is."""

    instrument: str
    before: float
    after: float
    difference: float
    percent: float | None
    important: bool
    rule: Rule


def improvement(
    instrument: str, before: Any, after: Any, thresholds: Thresholds = DEFAULT
) -> Change:
    """The change from `before` to `after` (scores or result objects with a `.score`) and
    whether it reaches the instrument's threshold."""
    if instrument not in RANGES:
        raise ScoringError(
            f"no clinically important change is defined for {instrument!r}; "
            f"choose one of {', '.join(RANGES)}"
        )
    b = _score(instrument, "before", before)
    a = _score(instrument, "after", after)
    difference = a - b if instrument in HIGHER_IS_BETTER else b - a
    percent = difference / b * 100 if b else None
    rule: Rule = getattr(thresholds, instrument)
    met = []
    if rule.points is not None:
        met.append(difference >= rule.points - TOLERANCE)
    if rule.percent is not None:
        # From a baseline of 0 any improvement is an unbounded relative change.
        met.append(difference > 0 if percent is None else percent >= rule.percent - TOLERANCE)
    important = (all(met) if rule.combine == "all" else any(met)) and difference > 0
    return Change(instrument, b, a, difference, percent, important, rule)


def _score(instrument: str, name: str, value: Any) -> float:
    value = getattr(value, "score", value)
    low, high = RANGES[instrument]
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ScoringError(f"{name}: {kind(value)} is not a {instrument} score", field=name)
    if not low <= value <= high:
        raise ScoringError(
            f"{name}: {value!r} is outside the {instrument} range {low:g}-{high:g}", field=name
        )
    return float(value)
