"""The trigger point differential: `differential(evidence) -> Result`, the ranked candidates
with what each explains, the explanation set, unexplained regions and hints."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from taut.differential.evidence import Compiled, Evidence, compile_evidence
from taut.differential.hints import Hint, hints
from taut.differential.inference import infer
from taut.differential.model import Model, model

ZONES = ("spillover", "essential")


@dataclass(frozen=True)
class Explained:
    """A drawn region a candidate accounts for, and in which of its zones it lies."""

    region: str
    zone: str  # "essential" | "spillover"


@dataclass(frozen=True)
class RankedCandidate:
    """One (trigger point, side) of the differential with its posterior probability."""

    muscle: str
    muscle_name: str
    trigger_point: str
    trigger_point_name: str
    side: str  # "left" | "right" | "midline"
    probability: float
    explains: tuple[Explained, ...]
    predicts_not_drawn: tuple[str, ...]  # essential-zone regions the patient did not draw


class Result:
    """The differential of one piece of evidence; candidate records are built on demand."""

    def __init__(self, model: Model, ev: Compiled, logodds: np.ndarray, explanation: tuple):
        self._model, self._ev = model, ev
        self._drawn_set = frozenset(ev.drawn.tolist())
        with np.errstate(over="ignore"):
            self.probabilities = 1.0 / (1.0 + np.exp(-logodds))  # (C,) in model order
        # Best first; ties by muscle id, trigger point id, side: a stable sort of the
        # candidates laid out in that order.
        order = np.argsort(-self.probabilities[model.tie_order], kind="stable")
        self.order = model.tie_order[order]
        self.explanation_indices = tuple(explanation)  # model candidate indices, added order
        self.explanation = tuple(self._record(k) for k in explanation)
        covered = {r for k in explanation for r in model.zone_regions[k]}
        self.unexplained = tuple(model.region_ids[r] for r in ev.drawn.tolist() if r not in covered)
        self.hints: tuple[Hint, ...] = hints(model, ev)

    def top(self, n: int) -> tuple[RankedCandidate, ...]:
        """The n best candidates."""
        return tuple(self._record(int(k)) for k in self.order[:n])

    @functools.cached_property
    def candidates(self) -> tuple[RankedCandidate, ...]:
        """Every candidate, best first."""
        return self.top(len(self.order))

    def probability(self, trigger_point: str, side: str) -> float:
        """Posterior probability of one candidate (a mirror-invariant one answers any side)."""
        index = self._model.candidate_index
        k = index.get((trigger_point, side), index.get((trigger_point, "midline")))
        if k is None:
            raise KeyError((trigger_point, side))
        return float(self.probabilities[k])

    def _record(self, k: int) -> RankedCandidate:
        m, c = self._model, self._model.candidates[k]
        drawn = self._drawn_set
        explains, missing = [], []
        for r, rid, essential in m.zone_entries[k]:
            if r in drawn:
                explains.append(Explained(rid, ZONES[essential]))
            elif essential:
                missing.append(rid)
        return RankedCandidate(
            muscle=c.muscle_id,
            muscle_name=c.muscle_name,
            trigger_point=c.trigger_point.id,
            trigger_point_name=c.trigger_point.name,
            side=c.side,
            probability=float(self.probabilities[k]),
            explains=tuple(explains),
            predicts_not_drawn=tuple(missing),
        )


def differential(evidence: Evidence, model_: Model | None = None) -> Result:
    """Rank the (trigger point, side) candidates for the evidence. EvidenceError (or its
    UnknownRegionsError) for invalid evidence."""
    m = model_ or model()
    ev = compile_evidence(evidence, m)
    inference = infer(m, ev)
    return Result(m, ev, inference.logodds, inference.explanation)


__all__ = ["Evidence", "Explained", "RankedCandidate", "Result", "differential"]
