"""What the differential takes in (a pain drawing, movements, palpation findings), how it is
checked, and how it becomes the column and weight arrays inference works on."""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from taut.differential import params
from taut.differential.model import MIDLINE, SIDES, Model, quantize

QUALITIES = tuple(params.QUALITY_WEIGHT)
# positive: an active trigger point, its pain familiar; latent: found, but pressing it does not
# reproduce the patient's pain; negative: examined and not found.
RESULTS = ("positive", "latent", "negative")
FINDING_SIDES = (*SIDES, MIDLINE)


class EvidenceError(ValueError):
    """Invalid evidence; `field` names the offending input (e.g. "regions[2].intensity")."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class UnknownRegionsError(EvidenceError):
    """Region ids the atlas does not have, each with up to three close valid ids."""

    def __init__(self, unknown: list[tuple[str, str, tuple[str, ...]]]):
        self.unknown = tuple(unknown)  # (field, id, suggestions)
        parts = []
        for where, rid, close in unknown:
            hint = f" (did you mean {', '.join(close)}?)" if close else " (no close match)"
            parts.append(f"{where}: unknown region {rid!r}{hint}")
        super().__init__("regions", "; ".join(parts))


@dataclass(frozen=True)
class DrawnRegion:
    """A region of the pain drawing: intensity 0-10 (None: not rated; 0: not painful)."""

    id: str
    intensity: float | None = None
    quality: str | None = None  # aching | burning | stabbing | numbness_tingling


@dataclass(frozen=True)
class MovementEvidence:
    """A painful or limited movement; side is None for axial movements (spine, jaw)."""

    id: str
    side: str | None = None


@dataclass(frozen=True)
class Finding:
    """Palpation of one trigger point on one side: "positive" (found, active), "latent" (found,
    not the familiar pain) or "negative" (not found)."""

    trigger_point: str
    side: str
    result: str


@dataclass(frozen=True)
class Evidence:
    """Everything known about the patient; plain strings are accepted for regions and axial
    movements."""

    regions: tuple[DrawnRegion, ...] = ()
    movements: tuple[MovementEvidence, ...] = ()
    findings: tuple[Finding, ...] = ()

    def __post_init__(self) -> None:
        for name in ("regions", "movements", "findings"):
            if isinstance(getattr(self, name), str | bytes):
                raise EvidenceError(name, "expected a list, got text")
        regions = tuple(DrawnRegion(r) if isinstance(r, str) else r for r in self.regions)
        moves = tuple(MovementEvidence(m) if isinstance(m, str) else m for m in self.movements)
        object.__setattr__(self, "regions", regions)
        object.__setattr__(self, "movements", moves)
        object.__setattr__(self, "findings", tuple(self.findings))


@dataclass(frozen=True, eq=False)
class Compiled:
    """Evidence as arrays: painful regions with weights, explicit absences, candidate terms."""

    drawn: np.ndarray  # (d,) region indices of painful regions, ascending
    weights: np.ndarray  # (d,) evidence weight of each painful region
    absent: np.ndarray  # (a,) region indices drawn with intensity 0
    candidate_logodds: np.ndarray  # (C,) movements and findings, quantized log LRs
    excluded: np.ndarray  # (C,) bool: palpated latent or not found, never in the explanation
    quality: dict[int, str] = field(default_factory=dict)  # painful region index -> quality


def compile_evidence(evidence: Evidence, model: Model) -> Compiled:
    """Check the evidence against the model and turn it into arrays; EvidenceError names the
    first invalid field (all unknown region ids at once)."""
    if not isinstance(evidence, Evidence):
        raise EvidenceError("evidence", f"expected Evidence, got {type(evidence).__name__}")
    # Unknown ids first, all of them at once: the most common mistake, and the caller wants
    # every one listed with suggestions.
    unknown: list[tuple[str, str, tuple[str, ...]]] = []
    for i, region in enumerate(evidence.regions):
        if not isinstance(region, DrawnRegion):
            raise EvidenceError(f"regions[{i}]", "expected a region id or a region with an id")
        if not isinstance(region.id, str) or not region.id:
            raise EvidenceError(f"regions[{i}].id", "expected a region id (text)")
        if region.id not in model.region_index:
            unknown.append((f"regions[{i}]", region.id, closest_regions(region.id, model)))
    if unknown:
        raise UnknownRegionsError(unknown)
    drawn: dict[int, float] = {}
    absent: list[int] = []
    quality: dict[int, str] = {}
    seen: dict[int, int] = {}
    for i, region in enumerate(evidence.regions):
        k = model.region_index[region.id]
        if k in seen:
            raise EvidenceError(
                f"regions[{i}]", f"region {region.id!r} is listed twice (also regions[{seen[k]}])"
            )
        seen[k] = i
        intensity = _intensity(region.intensity, i)
        if region.quality is not None and region.quality not in QUALITIES:
            raise EvidenceError(
                f"regions[{i}].quality",
                f"unknown quality {region.quality!r}; expected one of {', '.join(QUALITIES)}",
            )
        if intensity == 0:
            absent.append(k)  # drawn but rated "no pain": an explicit absence
            continue
        rated = params.INTENSITY_UNRATED if intensity is None else intensity
        weight = params.INTENSITY_BASE + params.INTENSITY_SLOPE * rated
        drawn[k] = weight * params.QUALITY_WEIGHT[region.quality or "aching"]
        if region.quality is not None:
            quality[k] = region.quality
    order = np.array(sorted(drawn), dtype=np.intp)
    return Compiled(
        drawn=order,
        weights=np.array([drawn[k] for k in order.tolist()], dtype=np.float64),
        absent=np.array(sorted(absent), dtype=np.intp),
        candidate_logodds=_candidate_terms(evidence, model),
        excluded=_excluded(evidence.findings, model),
        quality=quality,
    )


_NO_TERMS: dict[int, np.ndarray] = {}


def _candidate_terms(evidence: Evidence, model: Model) -> np.ndarray:
    if not evidence.movements and not evidence.findings:
        zeros = _NO_TERMS.get(model.n_candidates)
        if zeros is None:
            zeros = _NO_TERMS[model.n_candidates] = np.zeros(model.n_candidates)
            zeros.setflags(write=False)
        return zeros
    return _movement_terms(evidence.movements, model) + _finding_terms(evidence.findings, model)


def _excluded(findings: Iterable[Finding], model: Model) -> np.ndarray:
    """Candidates palpated latent or not found (findings already checked)."""
    out = np.zeros(model.n_candidates, dtype=bool)
    for f in findings:
        if f.result != "positive":
            index = model.candidate_index
            out[index.get((f.trigger_point, f.side), index.get((f.trigger_point, MIDLINE)))] = True
    return out


def _intensity(value: object, index: int) -> float | None:
    if value is None:
        return None
    where = f"regions[{index}].intensity"
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        raise EvidenceError(where, f"expected a number from 0 to 10, got {value!r}")
    if not 0 <= value <= 10:
        raise EvidenceError(where, f"must be from 0 to 10, got {value!r}")
    return float(value)


def _movement_terms(movements: Iterable[MovementEvidence], model: Model) -> np.ndarray:
    matched = np.zeros(model.n_candidates, dtype=bool)
    sides = model.candidate_side
    seen: set[tuple[str, str | None]] = set()
    for i, move in enumerate(movements):
        where = f"movements[{i}]"
        if not isinstance(move, MovementEvidence) or not isinstance(move.id, str):
            raise EvidenceError(where, "expected a movement id or a movement with an id")
        known = model.movement_axial.get(move.id)
        if known is None:
            raise EvidenceError(
                f"{where}.id",
                f"unknown movement {move.id!r}{_did_you_mean(move.id, model.movement_axial)}",
            )
        if known and move.side is not None:
            raise EvidenceError(f"{where}.side", f"{move.id} is axial: give no side")
        if not known and move.side not in SIDES:
            got = "no side" if move.side is None else repr(move.side)
            raise EvidenceError(
                f"{where}.side", f"{move.id} is measured per side: give left or right, got {got}"
            )
        if (move.id, move.side) in seen:
            raise EvidenceError(
                where, f"movement {move.id} ({move.side or 'axial'}) is listed twice"
            )
        seen.add((move.id, move.side))
        lists = model.movements[move.id]
        # The side the movement was recorded on picks that side's trigger points (and the
        # mirror-invariant ones); which direction stretches or loads the muscle is not modelled.
        on_side = np.ones_like(matched) if known else (sides == move.side) | (sides == MIDLINE)
        matched |= lists & on_side
    return np.where(matched, quantize(np.log(params.MOVEMENT_LR)), 0.0)


def _finding_terms(findings: Iterable[Finding], model: Model) -> np.ndarray:
    terms = np.zeros(model.n_candidates)
    seen: dict[int, str] = {}
    log_lr = {
        "positive": float(quantize(np.log(params.POSITIVE_FINDING_LR))),
        "latent": float(quantize(np.log(params.LATENT_FINDING_LR))),
        "negative": float(quantize(np.log(params.NEGATIVE_FINDING_LR))),
    }
    for i, finding in enumerate(findings):
        where = f"findings[{i}]"
        if not isinstance(finding, Finding):
            raise EvidenceError(where, "expected a finding")
        tp, side = finding.trigger_point, finding.side
        if not isinstance(tp, str) or tp not in model.trigger_point_ids:
            hint = _did_you_mean(str(tp), model.trigger_point_ids)
            raise EvidenceError(f"{where}.trigger_point", f"unknown trigger point {tp!r}{hint}")
        if side not in FINDING_SIDES:
            raise EvidenceError(f"{where}.side", f"expected left, right or midline, got {side!r}")
        k = model.candidate_index.get((tp, side))
        if k is None:
            # A mirror-invariant trigger point has one candidate; a side names it too.
            k = model.candidate_index.get((tp, MIDLINE))
            if k is None:
                raise EvidenceError(f"{where}.side", f"{tp} lies on one side: give left or right")
        if finding.result not in RESULTS:
            raise EvidenceError(
                f"{where}.result",
                f"expected positive, latent or negative, got {finding.result!r}",
            )
        if k in seen:
            same = (
                " (its pattern is the same from either side: one candidate)"
                if (model.candidates[k].side == MIDLINE)
                else ""
            )
            raise EvidenceError(where, f"a second finding for {tp}{same}; see {seen[k]}")
        seen[k] = where
        terms[k] = log_lr[finding.result]
    return terms


def closest_regions(region_id: str, model: Model) -> tuple[str, ...]:
    """Up to three valid region ids close to a mistyped one: the atlas's own matchers when it
    loads (spelling, then names and aliases), topped up by difflib over the model's ids."""
    word = region_id.strip().lower().replace(" ", "_").replace("-", "_")
    found: list[str] = []
    try:
        from taut.kb.atlas import load_atlas

        atlas = load_atlas()
        found += [str(r) for r in atlas.closest(region_id, n=3)]
        found += [r.id for r in atlas.search(region_id.replace("_", " "))[:3]]
    except Exception:  # noqa: BLE001 - the atlas is optional here; difflib still answers
        pass
    found += difflib.get_close_matches(word, model.region_ids, n=3, cutoff=0.6)
    found += difflib.get_close_matches(word, model.region_ids, n=3, cutoff=0.0)
    return tuple(r for r in dict.fromkeys(found) if r in model.region_index)[:3]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
