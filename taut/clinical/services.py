"""The procedure codes Taut knows for a dry needling practice, each described in our own
words (the AMA's CPT descriptors are copyrighted and never copied here). A clinic adds these
to its fee schedule with its own prices, and may add its own service codes beside them.

sources: AMA CPT code set (the codes themselves); whether a code is timed (billed per 15
minutes) follows the Medicare Claims Processing Manual, chapter 5, section 20.2. "Always
therapy" codes and the "sometimes therapy" status of 20560/20561 follow CMS's annual therapy
code list (CMS, CY 2020 Physician Fee Schedule final rule: 20560 and 20561 are sometimes
therapy codes).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownService:
    code: str
    description: str  # our own words
    timed: bool  # billed in 15-minute units
    therapy: bool  # takes the GP modifier when billed under a physical therapy plan of care


KNOWN: dict[str, KnownService] = {
    s.code: s
    for s in (
        KnownService("20560", "Dry needling of one or two muscles", False, True),
        KnownService("20561", "Dry needling of three or more muscles", False, True),
        KnownService(
            "97140", "Manual therapy (hands-on soft tissue or joint work), 15 min", True, True
        ),
        KnownService(
            "97110", "Therapeutic exercise (strength, endurance, mobility), 15 min", True, True
        ),
        KnownService("97161", "Physical therapy evaluation, low complexity", False, True),
        KnownService("97162", "Physical therapy evaluation, moderate complexity", False, True),
        KnownService("97163", "Physical therapy evaluation, high complexity", False, True),
        KnownService("97164", "Physical therapy re-evaluation", False, True),
    )
}

NEEDLING = ("20560", "20561")
MANUAL_THERAPY = "97140"
EXERCISE = "97110"
