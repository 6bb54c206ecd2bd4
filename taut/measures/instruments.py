"""What the product needs to know about each instrument beyond its scoring: how its items are
answered on a form, how its score reads, which body areas it suits, and the stored answers'
shape (scored here through taut.scoring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taut.episodes.models import BodyArea
from taut.measures.charts import number
from taut.scoring import INSTRUMENTS, acr2016
from taut.scoring import items as labels
from taut.scoring.mcid import HIGHER_IS_BETTER


@dataclass(frozen=True)
class Spec:
    """An instrument as the product shows it."""

    name: str  # the registry name, e.g. "ndi"
    short: str  # "NDI"
    title: str  # "Neck Disability Index"
    low: int  # item values low..high
    high: int
    may_skip: frozenset[int]  # item numbers the patient may leave unanswered
    scale: str  # how to read the item scale, in our own words
    score_max: float
    unit: str = ""  # "%" for scores that are percents
    source: str = ""  # the default important change, as cited in taut.scoring.mcid

    @property
    def labels(self) -> tuple[str, ...]:
        return labels.LABELS[self.name]

    @property
    def higher_is_better(self) -> bool:
        return self.name in HIGHER_IS_BETTER

    @property
    def has_mcid(self) -> bool:
        return bool(self.source)

    def shows(self, score: float) -> str:
        """A score for people: "44%" or "6.5/10" (rounded for display only)."""
        value = number(score)
        return f"{value}{self.unit}" if self.unit else f"{value}/{number(self.score_max)}"


_ALL = frozenset(range(1, 12))
SPECS: dict[str, Spec] = {
    s.name: s
    for s in (
        Spec("nprs", "NPRS", "Numeric Pain Rating Scale", 0, 10, frozenset(),
             "0 = no pain, 10 = worst pain imaginable", 10, source="Farrar 2001"),
        Spec("psfs", "PSFS", "Patient-Specific Functional Scale", 0, 10, frozenset(),
             "0 = unable to do it, 10 = able to do it as before the problem", 10,
             source="Stratford 1995"),
        Spec("ndi", "NDI", "Neck Disability Index", 0, 5, _ALL,
             "0 = no problem, 5 = the most severe problem", 100, "%", "Cleland 2008"),
        Spec("odi", "ODI", "Oswestry Disability Index", 0, 5, _ALL,
             "0 = no problem, 5 = the most severe problem", 100, "%", "Ostelo 2008"),
        Spec("quickdash", "QuickDASH", "QuickDASH (arm, shoulder and hand)", 1, 5, _ALL,
             "1 = no difficulty or symptom, 5 = the most severe", 100,
             source="Franchignoni 2014"),
        Spec("fiqr", "FIQR", "Revised Fibromyalgia Impact Questionnaire", 0, 10,
             frozenset(range(1, 10)), "0 = best, 10 = worst", 100, source="Bennett 2009"),
        Spec("acr2016", "ACR 2016", "ACR 2016 fibromyalgia criteria", 0, 3, frozenset(),
             "0 = no problem, 3 = severe", 31),
    )
}  # fmt: skip

# Headings within a form, by the item they come before (FIQR domains, Bennett et al. 2009).
SECTIONS = {
    "fiqr": {
        1: "Function (items 1-9, past week)",
        10: "Overall impact (items 10-11, past week)",
        12: "Symptoms (items 12-21, past week)",
    }
}

# Region-specific questionnaires by the episode's body area; NPRS and PSFS suit everyone.
BY_BODY_AREA = {
    BodyArea.HEAD_NECK: ("ndi",),
    BodyArea.LOW_BACK: ("odi",),
    BodyArea.SHOULDER_ARM: ("quickdash",),
    BodyArea.FOREARM_HAND: ("quickdash",),
    BodyArea.WIDESPREAD: ("fiqr", "acr2016"),
}


def suggested(body_area: str) -> list[str]:
    """The instruments to suggest for an episode of this body area, pain first."""
    return ["nprs", *BY_BODY_AREA.get(body_area, ()), "psfs"]


def region_specific(body_area: str) -> str | None:
    """The body area's own questionnaire (the first, when there are two), or None."""
    return next(iter(BY_BODY_AREA.get(body_area, ())), None)


def score(instrument: str, answers: Any):
    """Score stored answers (see QuestionnaireResponse.answers); ScoringError when invalid."""
    if instrument == "acr2016":
        fields = {key: answers[key] for key in (*acr2016.FIELDS, "duration_months")}
        return acr2016.score(answers["areas"], **fields)
    if instrument == "psfs":
        return INSTRUMENTS["psfs"](answers["items"])
    return INSTRUMENTS[instrument](answers)


# ACR 2016 areas grouped as the form and the record show them: each side's upper and lower
# regions (which decide generalized pain), the axial region, and the areas that count in the
# WPI only (jaws, chest, abdomen).
ACR_GROUPS = (
    ("Left side", (
        ("Left upper region", acr2016.REGIONS["left upper"]),
        ("Left lower region", acr2016.REGIONS["left lower"]),
        ("Jaw (counts in the WPI only)", ("left_jaw",)),
    )),
    ("Right side", (
        ("Right upper region", acr2016.REGIONS["right upper"]),
        ("Right lower region", acr2016.REGIONS["right lower"]),
        ("Jaw (counts in the WPI only)", ("right_jaw",)),
    )),
    ("Axial", (
        ("Axial region", acr2016.REGIONS["axial"]),
        ("Front of the trunk (counts in the WPI only)", ("chest", "abdomen")),
    )),
)  # fmt: skip


def area_label(area: str) -> str:
    """ "Shoulder girdle" for left_shoulder_girdle: the side is in the group heading."""
    text = area.removeprefix("left_").removeprefix("right_").replace("_", " ")
    return text.capitalize()
