"""What a plan is proposed from: an episode's assessment, intake and measures, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from taut.clinical.screening import SiteBlock
from taut.scoring import DEFAULT, Thresholds

ACTIVE, LATENT = "active", "latent"
# Where the episode stands on its red flags: none reported, reported with no decision yet,
# or the decision recorded (RedFlagOutcome values).
RED_FLAG_STATUSES = ("", "pending", "cleared", "referred", "treat")


@dataclass(frozen=True)
class Finding:
    """A palpated trigger point classified active or latent (Delphi 2018)."""

    trigger_point: str
    muscle: str
    side: str
    classification: str  # "active" | "latent"
    probability: float = 0.0  # its score in the assessment's differential, 0 when not ranked
    criteria: int = 2  # how many of taut band, hypersensitive spot, referred pain, twitch


@dataclass(frozen=True)
class FunctionScore:
    """The latest score of a disability questionnaire, with its band from taut.scoring."""

    instrument: str  # "ndi" | "odi" | "quickdash" | "fiqr"
    score: float  # percent 0-100
    band: str = ""


@dataclass(frozen=True)
class RomRow:
    movement: str
    name: str
    side: str
    degrees: int
    normal: int | None


@dataclass(frozen=True)
class PlanInputs:
    """Everything `propose` reads; `pain_from` says where the pain rating came from."""

    pain: float | None = None
    pain_from: str = ""
    function: tuple[FunctionScore, ...] = ()
    psfs: float | None = None
    days_since_onset: int | None = None  # from the onset date to the day of the plan
    fibromyalgia: bool | None = None  # ACR 2016 criteria met; None when not assessed
    absolute_contraindications: tuple[str, ...] = ()  # labels, as the intake shows them
    relative_contraindications: tuple[str, ...] = ()
    closed_sites: tuple[SiteBlock, ...] = ()  # sites no needle may enter
    red_flags: tuple[str, ...] = ()  # labels, as the intake shows them
    red_flag_status: str = ""  # one of RED_FLAG_STATUSES
    red_flag_reason: str = ""  # the decision's stated reason
    findings: tuple[Finding, ...] = ()
    rom: tuple[RomRow, ...] = ()
    causes: tuple[str, ...] = ()  # cause ids of taut/kb/data/causes.yaml
    thresholds: Thresholds = field(default=DEFAULT)

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.classification == ACTIVE)

    @property
    def latent(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.classification == LATENT)
