"""The trigger point differential: a noisy-OR model over the knowledge base that ranks which
trigger points best explain a pain drawing (plain Python and numpy; no Django)."""

from taut.differential.engine import Explained, RankedCandidate, Result, differential
from taut.differential.evidence import (
    DrawnRegion,
    Evidence,
    EvidenceError,
    Finding,
    MovementEvidence,
    UnknownRegionsError,
)
from taut.differential.hints import Hint

__all__ = [
    "DrawnRegion",
    "Evidence",
    "EvidenceError",
    "Explained",
    "Finding",
    "Hint",
    "MovementEvidence",
    "RankedCandidate",
    "Result",
    "UnknownRegionsError",
    "differential",
]
