"""Short item labels in our own words, and room for a clinic's licensed questionnaire wording
(a mapping of item number to text, never shipped: the wording is copyrighted)."""

from __future__ import annotations

from collections.abc import Mapping

from taut.scoring.errors import ScoringError

NPRS = ("Pain intensity",)
PSFS = tuple(f"Activity {n}" for n in range(1, 6))  # the patient names each activity
NDI = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Reading",
    "Headaches",
    "Concentration",
    "Work",
    "Driving",
    "Sleeping",
    "Recreation",
)
ODI = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
)
QUICKDASH = (
    "Gripping and twisting",
    "Heavy household tasks",
    "Carrying",
    "Reaching behind the back",
    "Using cutlery",
    "Forceful recreation",
    "Social activities",
    "Work and daily activities",
    "Arm, shoulder or hand pain",
    "Tingling",
    "Sleep",
)
FIQR = (
    # function, items 1-9
    "Hair care",
    "Sustained walking",
    "Meal preparation",
    "Floor cleaning",
    "Carrying shopping",
    "Stair climbing",
    "Changing bedding",
    "Prolonged sitting",
    "Grocery shopping",
    # overall impact, items 10-11
    "Weekly goals",
    "Feeling overwhelmed",
    # symptoms, items 12-21
    "Pain",
    "Energy",
    "Stiffness",
    "Sleep quality",
    "Depression",
    "Memory",
    "Anxiety",
    "Tenderness",
    "Balance",
    "Environmental sensitivity",
)
# ACR 2016: the symptom severity components in scale order (the 19 pain areas are body areas,
# labelled in acr2016.AREA_LABELS).
ACR2016 = (
    "Fatigue",
    "Waking unrefreshed",
    "Cognitive symptoms",
    "Headaches",
    "Lower abdominal pain or cramps",
    "Depression",
)

LABELS: dict[str, tuple[str, ...]] = {
    "nprs": NPRS,
    "psfs": PSFS,
    "ndi": NDI,
    "odi": ODI,
    "quickdash": QUICKDASH,
    "fiqr": FIQR,
    "acr2016": ACR2016,
}


def label(instrument: str, number: int) -> str:
    """The short label of item `number` (1-based) of `instrument`."""
    return LABELS[instrument][number - 1]


def check_wording(instrument: str, wording: Mapping[int, str]) -> dict[int, str]:
    """A clinic's licensed wording, checked: item numbers 1..n of `instrument`, non-empty text."""
    labels = LABELS.get(instrument)
    if labels is None:
        raise ScoringError(f"unknown instrument {instrument!r}; known: {', '.join(LABELS)}")
    out: dict[int, str] = {}
    for number, text in wording.items():
        if isinstance(number, bool) or not isinstance(number, int):
            raise ScoringError(f"wording key {number!r}: item numbers are whole numbers")
        if not 1 <= number <= len(labels):
            raise ScoringError(
                f"wording key {number}: {instrument} has items 1 to {len(labels)}", item=number
            )
        if not isinstance(text, str) or not text.strip():
            raise ScoringError(
                f"wording for item {number} ({labels[number - 1]}): expected non-empty text",
                item=number,
            )
        out[number] = text
    return out


def item_text(instrument: str, number: int, wording: Mapping[int, str] | None = None) -> str:
    """The clinic's licensed text for an item when it has one, else our short label."""
    if wording and number in wording:
        return wording[number]
    return label(instrument, number)
