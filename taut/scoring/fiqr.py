"""Revised Fibromyalgia Impact Questionnaire (FIQR): 21 items 0-10 in three domains, total
0-100 (higher is worse)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import items, missing_list

NAME = "FIQR"
FUNCTION = range(1, 10)  # items 1-9, sum 0-90
OVERALL = range(10, 12)  # items 10-11, sum 0-20
SYMPTOMS = range(12, 22)  # items 12-21, sum 0-100


@dataclass(frozen=True)
class FiqrResult:
    """The FIQR total and its three domain scores (function 0-30, overall 0-20, symptoms 0-50)."""

    score: float
    function: float
    overall: float
    symptoms: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "function": self.function,
            "overall": self.overall,
            "symptoms": self.symptoms,
        }


def score(values: Any) -> FiqrResult:
    """Score 21 items in questionnaire order, None for a missing one (at most one, a function
    item)."""
    # Bennett et al. 2009 (Arthritis Res Ther 11:R120) and the authors' scoring notes: function
    # sum / 3, overall sum / 1, symptoms sum / 2, total = their sum. Invalid with 2 or more
    # function items missing or any overall or symptom item missing; with one function item
    # missing the function sum is weighted by 9/8 (9 items over the 8 answered).
    checked = items(NAME, values, labels.FIQR, 0, 10, missing_ok=True)
    # Problems are reported in item order: the function domain comes first.
    missing = [n for n in FUNCTION if checked[n - 1] is None]
    if len(missing) >= 2:
        raise ScoringError(
            f"{NAME}: {len(missing)} function items missing "
            f"({missing_list(missing, labels.FIQR)}); at most 1 of the 9 may be missing "
            "(Bennett et al. 2009)",
            item=missing[0],
        )
    for number in (*OVERALL, *SYMPTOMS):
        if checked[number - 1] is None:
            domain = "overall impact" if number in OVERALL else "symptom"
            raise ScoringError(
                f"{NAME} item {number} ({labels.FIQR[number - 1]}): missing; no {domain} item "
                "may be missing (Bennett et al. 2009)",
                item=number,
            )
    f = sum(checked[n - 1] or 0 for n in FUNCTION)
    o = sum(checked[n - 1] or 0 for n in OVERALL)
    s = sum(checked[n - 1] or 0 for n in SYMPTOMS)
    # Exact arithmetic in 24ths (function in 3rds or, weighted 9/8, 8ths; symptoms in halves),
    # one division each, so every float is the correctly rounded value of the exact score.
    if missing:
        function_24 = 9 * f  # f x 9/8 / 3 = 3f/8 = 9f/24
        function = 3 * f / 8
    else:
        function_24 = 8 * f  # f / 3 = 8f/24
        function = f / 3
    total = (function_24 + 24 * o + 12 * s) / 24
    return FiqrResult(total, function, float(o), s / 2)
