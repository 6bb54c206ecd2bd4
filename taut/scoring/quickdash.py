"""QuickDASH disability/symptom score: 11 items 1-5, scored 0 (no disability) to 100."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import items, missing_list

NAME = "QuickDASH"
MIN_ANSWERED = 10  # Beaton et al. 2005 (J Bone Joint Surg Am 87:1038-1046): at most 1 missing


@dataclass(frozen=True)
class QuickDashResult:
    """The QuickDASH score (0-100) and how many items were answered."""

    score: float
    answered: int

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score}


def score(values: Any) -> QuickDashResult:
    """Score 11 items in questionnaire order, None for a missing one (at most 1)."""
    # Beaton et al. 2005: score = (sum of the n answers / n - 1) x 25, with n >= 10.
    checked = items(NAME, values, labels.QUICKDASH, 1, 5, missing_ok=True)
    missing = [n for n, v in enumerate(checked, 1) if v is None]
    answered = 11 - len(missing)
    if answered < MIN_ANSWERED:
        raise ScoringError(
            f"{NAME}: {len(missing)} items missing ({missing_list(missing, labels.QUICKDASH)}); "
            f"at least {MIN_ANSWERED} of 11 must be answered",
            item=missing[0],
        )
    total = sum(v for v in checked if v is not None)
    # (total / n - 1) x 25 rewritten as one division of exact integers: correctly rounded.
    return QuickDashResult(25 * (total - answered) / answered, answered)
