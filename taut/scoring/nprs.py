"""Numeric Pain Rating Scale (NPRS): one whole number, 0 (no pain) to 10 (worst imaginable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.validation import answered

NAME = "NPRS"


@dataclass(frozen=True)
class NprsResult:
    """The pain rating as a float."""

    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score}


def score(values: Any) -> NprsResult:
    """Score `[rating]`: the 11-point 0-10 scale of Farrar et al. 2001 (Pain 94:149-158); the
    one rating may not be missing."""
    (rating,) = answered(NAME, values, labels.NPRS, 0, 10)
    return NprsResult(float(rating))
