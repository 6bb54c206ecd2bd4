"""Neck Disability Index (NDI): 10 items 0-5, scored as a percent of the answered maximum, with
a disability band."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import items, missing_list

NAME = "NDI"
MAX_MISSING = 2  # Taut's project rule, not a published cut-off: see docs/scoring.md
# Bands on the 0-50 total: 0-4 none, 5-14 mild, 15-24 moderate, 25-34 severe, 35-50 complete
# (Vernon & Mior 1991, J Manipulative Physiol Ther 14:409-415; restated by Vernon 2008, J
# Manipulative Physiol Ther 31:491-502). Each band starts at its lower bound, so a prorated total
# that is not whole (missing items) falls in the band whose range it has reached: 4.4 is "none",
# 4.5 too, 5.0 "mild". In percent that is: below 10 none, 10 to below 30 mild, 30 to below 50
# moderate, 50 to below 70 severe, 70 and over complete.
BANDS = ((35, "complete"), (25, "severe"), (15, "moderate"), (5, "mild"), (0, "none"))


@dataclass(frozen=True)
class NdiResult:
    """The NDI in percent (0-100), its band, and how many items were answered."""

    score: float
    band: str
    answered: int

    @property
    def total(self) -> float:
        """The equivalent 0-50 total (the percent halved)."""
        return self.score / 2

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "band": self.band}


def score(values: Any) -> NdiResult:
    """Score 10 items in questionnaire order, None for a missing item (at most 2)."""
    # Vernon & Mior 1991: each item 0-5, total 0-50, doubled for a percent. Vernon's scoring note
    # replaces a missing item by the mean of the answered ones: the same as the percent below.
    checked = items(NAME, values, labels.NDI, 0, 5, missing_ok=True)
    missing = [n for n, v in enumerate(checked, 1) if v is None]
    if len(missing) > MAX_MISSING:
        raise ScoringError(
            f"{NAME}: {len(missing)} items missing ({missing_list(missing, labels.NDI)}); "
            f"at most {MAX_MISSING} of 10 may be missing",
            item=missing[0],
        )
    answered = 10 - len(missing)
    total = sum(v for v in checked if v is not None)
    # One division of exact integers, so the float is the correctly rounded percent.
    percent = 100 * total / (5 * answered)
    return NdiResult(percent, band(total, answered), answered)


def band(total: int, answered: int) -> str:
    """The band of `total` points over `answered` items, compared exactly: the 0-50 equivalent
    total is 10 * total / answered, so `equivalent >= bound` is `10 * total >= bound * answered`."""
    for bound, name in BANDS:
        if 10 * total >= bound * answered:
            return name
    raise AssertionError("unreachable: the lowest bound is 0")
