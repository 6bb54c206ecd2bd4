"""ACR 2016 fibromyalgia criteria (Wolfe et al. 2016, Semin Arthritis Rheum 46:319-329): WPI,
SSS, generalized pain, whether the criteria are met, and the FS score."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

from taut.scoring import items as labels
from taut.scoring.errors import ScoringError
from taut.scoring.validation import kind, whole

NAME = "ACR 2016"

# The 19 WPI areas (Wolfe et al. 2016, table: pain over the past week in each area, 0-19).
AREAS = (
    "left_jaw",
    "right_jaw",
    "left_shoulder_girdle",
    "right_shoulder_girdle",
    "left_upper_arm",
    "right_upper_arm",
    "left_lower_arm",
    "right_lower_arm",
    "left_hip",
    "right_hip",
    "left_upper_leg",
    "right_upper_leg",
    "left_lower_leg",
    "right_lower_leg",
    "neck",
    "upper_back",
    "lower_back",
    "chest",
    "abdomen",
)
AREA_LABELS = {area: area.replace("_", " ").capitalize() for area in AREAS}
# Generalized pain = pain in at least 4 of these 5 regions. Wolfe et al. 2016 list the jaws in
# the upper regions and chest and abdomen in the axial one, but exclude jaw, chest and abdominal
# pain from the generalized pain definition, so they count in the WPI and in no region here.
REGIONS = {
    "left upper": ("left_shoulder_girdle", "left_upper_arm", "left_lower_arm"),
    "right upper": ("right_shoulder_girdle", "right_upper_arm", "right_lower_arm"),
    "left lower": ("left_hip", "left_upper_leg", "left_lower_leg"),
    "right lower": ("right_hip", "right_upper_leg", "right_lower_leg"),
    "axial": ("neck", "upper_back", "lower_back"),
}
MIN_REGIONS = 4
# SSS (Wolfe et al. 2016): fatigue, waking unrefreshed and cognitive symptoms, severity 0-3 each
# over the past week, plus 1 for each of headaches, lower abdominal pain or cramps and depression
# in the previous 6 months: 0-12.
SEVERITY = ("fatigue", "waking_unrefreshed", "cognitive")
PRESENT = ("headaches", "lower_abdominal", "depression")
FIELDS = (*SEVERITY, *PRESENT)
MIN_MONTHS = 3  # symptoms generally present for at least 3 months


@dataclass(frozen=True)
class Acr2016Result:
    """WPI (0-19), SSS (0-12), generalized pain, whether the criteria are met, and the regions
    with pain; FS = WPI + SSS (0-31) is also `score`."""

    wpi: int
    sss: int
    generalized_pain: bool
    meets_criteria: bool
    regions: tuple[str, ...]

    @property
    def fs(self) -> int:
        return self.wpi + self.sss

    @property
    def score(self) -> float:
        return float(self.fs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "wpi": self.wpi,
            "sss": self.sss,
            "fs": self.fs,
            "generalized_pain": self.generalized_pain,
            "meets_criteria": self.meets_criteria,
        }


def score(
    areas: Any,
    *,
    fatigue: Any,
    waking_unrefreshed: Any,
    cognitive: Any,
    headaches: Any,
    lower_abdominal: Any,
    depression: Any,
    duration_months: Any,
) -> Acr2016Result:
    """Score the painful areas (names from AREAS, each once) and the symptom fields."""
    painful = _areas(areas)
    values = {
        "fatigue": fatigue,
        "waking_unrefreshed": waking_unrefreshed,
        "cognitive": cognitive,
        "headaches": headaches,
        "lower_abdominal": lower_abdominal,
        "depression": depression,
    }
    sss = 0
    for number, key in enumerate(FIELDS, 1):
        high, rule = (
            (3, "fatigue, waking_unrefreshed and cognitive are rated 0-3")
            if key in SEVERITY
            else (1, "headaches, lower_abdominal and depression are 0 (absent) or 1 (present)")
        )
        where = f"{NAME} {key} (SSS item {number}, {labels.ACR2016[number - 1]})"
        sss += whole(values[key], 0, high, where, rule, item=number, field=key)
    months = _months(duration_months)
    wpi = len(painful)
    regions = tuple(name for name, members in REGIONS.items() if painful.intersection(members))
    generalized = len(regions) >= MIN_REGIONS
    # Criterion 1 (Wolfe et al. 2016): WPI >= 7 and SSS >= 5, or WPI 4-6 and SSS >= 9.
    severity = (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)
    meets = severity and generalized and months >= MIN_MONTHS
    return Acr2016Result(wpi, sss, generalized, meets, regions)


def _areas(areas: Any) -> frozenset[str]:
    if isinstance(areas, str | bytes) or not isinstance(areas, list | tuple | set | frozenset):
        raise ScoringError(
            f"{NAME} areas: expected a list of painful area names, got {kind(areas)}",
            field="areas",
        )
    seen: dict[str, int] = {}
    for number, area in enumerate(areas, 1):
        where = f"{NAME} areas entry {number}"
        if not isinstance(area, str):
            raise ScoringError(
                f"{where}: {kind(area)} is not an area name; list the painful areas by name",
                field="areas",
            )
        if area not in AREA_LABELS:
            close = difflib.get_close_matches(area, AREAS, n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise ScoringError(
                f"{where}: {area!r} is not one of the 19 WPI areas{hint}", field="areas"
            )
        if area in seen:
            raise ScoringError(
                f"{where}: {area!r} ({AREA_LABELS[area]}) is already entry {seen[area]}; "
                "list each painful area once",
                field="areas",
            )
        seen[area] = number
    return frozenset(seen)


def _months(value: Any) -> float:
    where = f"{NAME} duration_months"
    rule = "how long symptoms have been present, in months (0 or more)"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ScoringError(
            f"{where}: {kind(value)} is not a number; {rule}", field="duration_months"
        )
    months = float(value)
    if not math.isfinite(months) or months < 0:
        raise ScoringError(
            f"{where}: {kind(value)} is not a valid duration; {rule}", field="duration_months"
        )
    return months
