"""Short item labels in our own words, for messages, records and paper-form entry. The full
wording of each instrument is in taut.scoring.wording."""

from __future__ import annotations

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
