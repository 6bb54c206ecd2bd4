"""Outcome-measure scoring (plain Python, no Django): NPRS, PSFS, NDI, ODI, QuickDASH, FIQR and
the ACR 2016 fibromyalgia criteria, with clinically important change (`mcid`)."""

from taut.scoring.acr2016 import Acr2016Result
from taut.scoring.errors import ScoringError
from taut.scoring.fiqr import FiqrResult
from taut.scoring.mcid import DEFAULT, Change, Rule, Thresholds, improvement
from taut.scoring.ndi import NdiResult
from taut.scoring.nprs import NprsResult
from taut.scoring.odi import OdiResult
from taut.scoring.psfs import PsfsResult
from taut.scoring.quickdash import QuickDashResult
from taut.scoring.registry import INSTRUMENTS

__all__ = [
    "DEFAULT",
    "INSTRUMENTS",
    "Acr2016Result",
    "Change",
    "FiqrResult",
    "NdiResult",
    "NprsResult",
    "OdiResult",
    "PsfsResult",
    "QuickDashResult",
    "Rule",
    "ScoringError",
    "Thresholds",
    "improvement",
]
