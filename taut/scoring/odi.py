"""Oswestry Disability Index (ODI) version 2.1a: 10 sections 0-5, scored as a percent of the
answered maximum, with a disability band."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import items, missing_list

NAME = "ODI"
MAX_MISSING = 2  # Taut's project rule, not a published cut-off: see docs/scoring.md
# Fairbank & Pynsent 2000 (Spine 25:2940-2952): 0-20% minimal, 21-40% moderate, 41-60% severe,
# 61-80% crippled, 81-100% bed-bound. Prorated scores (missing sections) need not be whole, so we
# read the bands as "up to and including" each upper bound: 20.0 is minimal, 22.2 moderate.
BANDS = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled"), (100, "bed-bound"))


@dataclass(frozen=True)
class OdiResult:
    """The ODI in percent (0-100), its band, and how many sections were answered."""

    score: float
    band: str
    answered: int

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "band": self.band}


def score(values: Any) -> OdiResult:
    """Score 10 sections in questionnaire order, None for a missing one (at most 2)."""
    # Fairbank & Pynsent 2000: each section 0-5; score = total / (5 x answered sections) x 100
    # (a missed or not-applicable section, e.g. Sex life, takes 5 off the denominator).
    checked = items(NAME, values, labels.ODI, 0, 5, missing_ok=True)
    missing = [n for n, v in enumerate(checked, 1) if v is None]
    if len(missing) > MAX_MISSING:
        raise ScoringError(
            f"{NAME}: {len(missing)} items missing ({missing_list(missing, labels.ODI)}); "
            f"at most {MAX_MISSING} of 10 may be missing",
            item=missing[0],
        )
    answered = 10 - len(missing)
    total = sum(v for v in checked if v is not None)
    percent = 100 * total / (5 * answered)  # one division of exact integers: correctly rounded
    return OdiResult(percent, band(total, answered), answered)


def band(total: int, answered: int) -> str:
    """The band of `total` points over `answered` sections, compared exactly: the percent is
    20 * total / answered, so `percent <= bound` is `20 * total <= bound * answered`."""
    for bound, name in BANDS:
        if 20 * total <= bound * answered:
            return name
    raise AssertionError("unreachable: the top bound is 100")
