"""The differential: a pain drawing (and optionally movements and palpation findings) in, the
ranked trigger points out, computed by taut.differential as the reference page does."""

import re

from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from taut.api.common import WRITE_ERRORS, Body, Text, field_error
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.differential import EvidenceError, UnknownRegionsError, contract, differential
from taut.differential.contract import TOP_DEFAULT, TOP_MAX

router = Router(tags=["differential"])


class Strict(Body):
    model_config = ConfigDict(extra="forbid")


class RegionIn(Strict):
    id: Text = Field(max_length=80, description="An atlas region id (see /kb/regions).")
    intensity: float | None = Field(None, ge=0, le=10)
    quality: Text | None = Field(None, max_length=30)


class MovementIn(Strict):
    id: Text = Field(max_length=80)
    side: Text | None = Field(None, max_length=10)


class FindingIn(Strict):
    trigger_point: Text = Field(max_length=80)
    side: Text = Field(max_length=10)
    result: Text = Field(max_length=10, description="positive or negative")


class EvidenceIn(Strict):
    regions: list[RegionIn] = Field(max_length=500)
    movements: list[MovementIn] = Field(default_factory=list, max_length=200)
    findings: list[FindingIn] = Field(default_factory=list, max_length=500)
    top: int = Field(TOP_DEFAULT, ge=1, le=TOP_MAX)


class Zone(Schema):
    region: str
    zone: str


class Candidate(Schema):
    muscle: str
    muscle_name: str
    trigger_point: str
    trigger_point_name: str
    side: str
    probability: float
    explains: list[str]
    explains_zones: list[Zone]
    predicts_not_drawn: list[str]


class Explained(Schema):
    muscle: str
    muscle_name: str
    trigger_point: str
    side: str
    probability: float


class Hint(Schema):
    kind: str = Field(
        description="visceral (an organ to rule out first), caution (the knowledge base's "
        "warning for a trigger point that explains the drawing), radicular, neuropathic or "
        "no_referral; most urgent first"
    )
    message: str
    regions: list[str]
    roots: list[str]
    sources: list[str]


class DifferentialOut(Schema):
    hints: list[Hint]
    candidates: list[Candidate]
    explanation: list[Explained]
    unexplained: list[str]


def location(where: str) -> list:
    """["regions", 2, "id"] for "regions[2].id"."""
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", where)]


@router.post("/differential", response={200: DifferentialOut, **WRITE_ERRORS})
def run_differential(request, payload: EvidenceIn):
    access.require(request, Capability.USE_REFERENCE)
    try:
        evidence, top = contract.read(payload.dict(exclude_none=True))
        return contract.render(differential(evidence), top)
    except UnknownRegionsError as error:
        raise ValidationError([
            {"type": "unknown_region", "loc": ["body", "payload", *location(where)],
             "msg": f"Unknown region {rid!r}"
             + (f"; did you mean {', '.join(close)}?" if close else ".")}
            for where, rid, close in error.unknown
        ]) from None  # fmt: skip
    except EvidenceError as error:
        raise field_error(location(error.field), error.problem) from None
    except contract.InputError as error:
        raise field_error([], str(error)) from None
