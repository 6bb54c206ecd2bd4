"""The trigger point differential: `differential(evidence) -> Result`, the ranked candidates
with what each explains, the explanation set, unexplained regions and hints."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from taut.differential import params
from taut.differential.evidence import Compiled, Evidence, compile_evidence
from taut.differential.hints import Hint, hints
from taut.differential.inference import infer
from taut.differential.model import Model, model


@dataclass(frozen=True)
class Explained:
    """A drawn region a candidate accounts for, and which part of its pattern covers it."""

    region: str
    zone: str  # "essential" | "spillover" | "local" (the trigger point's own site)


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
    """The differential of one piece of evidence; candidate records are built on demand.

    Only candidates that explain a painful drawn region are ranked: best first by probability,
    exact ties by prevalence, then muscle id, trigger point id, side. The explanation set is
    read off that ranking (`explanation_set`), so the two tell one story."""

    def __init__(self, model: Model, ev: Compiled, logodds: np.ndarray):
        self._model, self._ev = model, ev
        self._drawn_set = frozenset(ev.drawn.tolist())
        with np.errstate(over="ignore"):
            self.probabilities = 1.0 / (1.0 + np.exp(-logodds))  # (C,) in model order
        explaining = np.zeros(model.n_candidates, dtype=bool)
        for r in ev.drawn.tolist():
            explaining[model.region_cand[model.region_ptr[r] : model.region_ptr[r + 1]]] = True
        ties = model.tie_order[explaining[model.tie_order]]
        self.order = ties[np.argsort(-self.probabilities[ties], kind="stable")]
        explanation = explanation_set(model, ev, self.order, self.probabilities)
        self.explanation_indices = explanation  # model candidate indices, in ranking order
        self.explanation = tuple(self._record(k) for k in explanation)
        covered = {r for k in explanation for r in model.zone_regions[k]}
        self.unexplained = tuple(model.region_ids[r] for r in ev.drawn.tolist() if r not in covered)
        self.hints: tuple[Hint, ...] = hints(model, ev, explanation)

    def top(self, n: int) -> tuple[RankedCandidate, ...]:
        """The n best candidates."""
        return tuple(self._record(int(k)) for k in self.order[:n])

    @functools.cached_property
    def candidates(self) -> tuple[RankedCandidate, ...]:
        """Every candidate that explains a drawn region, best first."""
        return self.top(len(self.order))

    def probability(self, trigger_point: str, side: str) -> float:
        """Posterior probability of one candidate (a mirror-invariant one answers any side),
        whether or not it is ranked."""
        index = self._model.candidate_index
        k = index.get((trigger_point, side), index.get((trigger_point, "midline")))
        if k is None:
            raise KeyError((trigger_point, side))
        return float(self.probabilities[k])

    def _record(self, k: int) -> RankedCandidate:
        m, c = self._model, self._model.candidates[k]
        drawn = self._drawn_set
        explains, missing = [], []
        for r, rid, kind in m.zone_entries[k]:
            if r in drawn:
                explains.append(Explained(rid, kind))
            elif kind == "essential":
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


def explanation_set(
    model: Model, ev: Compiled, order: np.ndarray, probabilities: np.ndarray
) -> tuple[int, ...]:
    """The few candidates that together explain the drawing, read down the ranking: the first
    candidate, then each of the first `EXPLANATION_DEPTH` that explains a drawn region the ones
    before it leave unexplained. A trigger point palpated latent or not found never joins. A
    member's mirror image with exactly its probability joins with it (a symmetric drawing
    gets a symmetric set)."""
    chosen: list[int] = []
    todo = set(ev.drawn.tolist())
    for k in order[: params.EXPLANATION_DEPTH].tolist():
        if not todo:
            break
        if ev.excluded[k] or k in chosen:
            continue
        zone = model.zone_regions[k]
        if todo.isdisjoint(zone):
            continue
        twin = int(model.mirror_candidate[k])
        members = [k]
        if twin != k and probabilities[twin] == probabilities[k] and not ev.excluded[twin]:
            members.append(twin)
        for member in members:
            chosen.append(member)
            todo.difference_update(model.zone_regions[member])
    rank = {k: i for i, k in enumerate(order.tolist())}
    return tuple(sorted(chosen, key=rank.__getitem__))


def differential(evidence: Evidence, model_: Model | None = None) -> Result:
    """Rank the (trigger point, side) candidates for the evidence. EvidenceError (or its
    UnknownRegionsError) for invalid evidence."""
    m = model_ or model()
    ev = compile_evidence(evidence, m)
    return Result(m, ev, infer(m, ev))


__all__ = ["Evidence", "Explained", "RankedCandidate", "Result", "differential"]
