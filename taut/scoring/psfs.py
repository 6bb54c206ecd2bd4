"""Patient-Specific Functional Scale (PSFS): 1 to 5 patient-named activities, each rated 0
(unable) to 10 (as before the problem); the score is their mean (higher is better)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import answered, sequence

NAME = "PSFS"
MAX_ACTIVITIES = 5  # Stratford et al. 1995 (Physiother Can 47:258-263): up to five activities


@dataclass(frozen=True)
class PsfsResult:
    """The mean activity rating, 0-10."""

    score: float
    activities: int

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score}


def score(values: Any) -> PsfsResult:
    """Score 1 to 5 activity ratings; an unrated activity is left out, so None is an error."""
    # Stratford et al. 1995 (Physiother Can 47:258-263): each activity 0-10; the score is the
    # sum of the ratings divided by the number of activities.
    values = sequence(values, NAME, f"a list of 1 to {MAX_ACTIVITIES} activity ratings")
    if not 1 <= len(values) <= MAX_ACTIVITIES:
        raise ScoringError(
            f"{NAME}: expected 1 to {MAX_ACTIVITIES} activity ratings, got {len(values)}"
        )
    ratings = answered(NAME, values, labels.PSFS, 0, 10, count=len(values))
    return PsfsResult(sum(ratings) / len(ratings), len(ratings))
