"""Classifying a palpated trigger point by the 2018 international Delphi consensus.

source: Fernandez-de-las-Penas C, Dommerholt J. International consensus on diagnostic
criteria and clinical considerations of myofascial trigger points: a Delphi study. Pain Med.
2018;19(1):142-150. At least two of taut band, hypersensitive spot and referred pain make a
trigger point; it is active when it reproduces the patient's familiar (recognised) pain,
latent when it does not. A local twitch response supports but is not required.
"""

from dataclasses import dataclass
from enum import StrEnum


class Classification(StrEnum):
    ACTIVE = "active"
    LATENT = "latent"
    NOT_A_TRIGGER_POINT = "none"


@dataclass(frozen=True)
class Palpation:
    taut_band: bool
    hypersensitive_spot: bool
    referred_pain: bool
    recognised_pain: bool
    local_twitch: bool = False

    def criteria_met(self) -> int:
        """How many of the three essential criteria are present (0-3)."""
        return sum((self.taut_band, self.hypersensitive_spot, self.referred_pain))

    def classify(self) -> Classification:
        if self.criteria_met() < 2:
            return Classification.NOT_A_TRIGGER_POINT
        return Classification.ACTIVE if self.recognised_pain else Classification.LATENT
