"""The noisy-OR model behind the differential: candidates, atlas regions and the dense numpy
arrays inference needs, built once from the knowledge base."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from taut.differential import params
from taut.kb.catalog import PREVALENCE, Catalog, TriggerPoint, ZoneRef, catalog

SIDES = ("left", "right")
SUFFIX = {"left": "_l", "right": "_r"}
MIDLINE = "midline"
_QUANTUM = float(2**params.LOG_QUANTUM_BITS)


def quantize(x: np.ndarray | float) -> np.ndarray:
    """Round log terms to the 2**-LOG_QUANTUM_BITS grid so that their sums are exact (the
    scaling by a power of two is exact, so only the rounding changes the value)."""
    if np.ndim(x) == 0:
        return np.float64(np.rint(np.float64(x) * _QUANTUM) / _QUANTUM)
    out = np.multiply(x, _QUANTUM, dtype=np.float64)
    np.rint(out, out=out)
    out *= 1.0 / _QUANTUM
    return out


def log1mexp(x: np.ndarray) -> np.ndarray:
    """log(1 - exp(x)) for x < 0. Only its absolute error matters here (terms are rounded to
    ~1e-6 next), and log(-expm1(x)) keeps that below 1e-15 over the whole range."""
    out = np.expm1(x)
    np.negative(out, out=out)
    return np.log(out, out=out)


@dataclass(frozen=True)
class Candidate:
    """A trigger point on one side; `midline` when its pattern is the same for either side."""

    index: int
    trigger_point: TriggerPoint
    muscle_id: str
    muscle_name: str
    side: str  # "left" | "right" | "midline"

    @property
    def key(self) -> tuple[str, str, str]:
        """The deterministic order of the ranking's last ties (after prevalence)."""
        return (self.muscle_id, self.trigger_point.id, self.side)


@dataclass(frozen=True, eq=False)
class Model:
    """Candidates × regions arrays. Log terms are quantized (see params.LOG_QUANTUM_BITS)."""

    region_ids: tuple[str, ...]
    region_index: Mapping[str, int]
    region_base: tuple[str, ...]
    region_side: tuple[str, ...]  # "left" | "right" | "midline"
    mirror_region: np.ndarray  # (R,) index of the same region on the other side
    candidates: tuple[Candidate, ...]
    candidate_index: Mapping[tuple[str, str], int]  # (trigger point id, side) -> index
    mirror_candidate: np.ndarray  # (C,)
    p: np.ndarray  # (C, R) P(region painful | candidate active), 0 outside its zones
    essential: np.ndarray  # (C, R) bool, the essential zone
    lq: np.ndarray  # (C, R) log(1 - p), quantized
    lq_leak: np.ndarray  # (R,) log(1 - leak), quantized
    absent: np.ndarray  # (C, R) ABSENT_WEIGHT * lq, quantized: evidence of an undrawn region
    absent_all: np.ndarray  # (C,) sum of `absent` over all regions: nothing drawn
    absent_outside: np.ndarray  # (C, C) [c, e]: sum of absent[e] over regions outside c's zone
    prior: np.ndarray  # (C,) prior probability
    prior_logodds: np.ndarray  # (C,) quantized
    sibling_prior: np.ndarray  # (C,) max(prior, SIBLING_PRIOR)
    sibling_logodds: np.ndarray  # (C,) its quantized log-odds
    siblings: np.ndarray  # (C, C) bool: other trigger point of the same muscle, same side
    sibling_pairs: tuple[np.ndarray, np.ndarray]  # (c, e) index arrays of `siblings`, by c
    sibling_static: np.ndarray  # per sibling pair: e's log-odds with nothing drawn
    sibling_none_static: np.ndarray  # per sibling pair: quantized log P(e inactive), ditto
    coupled_static: np.ndarray  # (C,) coupled prior log-odds with nothing drawn
    region_ptr: np.ndarray  # (R + 1,) CSR by region of the candidates referring there
    region_cand: np.ndarray  # (nnz,) candidate indices, ascending within each region
    region_lq: np.ndarray  # (nnz,) lq of those (candidate, region) pairs
    region_absent: np.ndarray  # (nnz,) absent of those pairs
    tie_order: np.ndarray  # (C,) candidate indices in tie-break order
    referred_set: frozenset[int]  # region indices some trigger point refers to
    movements: Mapping[str, np.ndarray]  # movement id -> (C,) bool: candidate lists it
    movement_axial: Mapping[str, bool]  # movement id -> measured without a side
    candidate_side: np.ndarray  # (C,) "left" | "right" | "midline"
    trigger_point_ids: frozenset[str]
    tie_rank: np.ndarray  # (C,) position in (muscle id, trigger point id, side) order
    zone_regions: tuple[tuple[int, ...], ...]  # per candidate: region indices with p > 0
    zone_entries: tuple[tuple[tuple[int, str, str], ...], ...]  # (index, id, zone kind)
    prevalence_rank: np.ndarray  # (C,) 0 very_common .. 3 rare: breaks ties of the ranking

    @property
    def n_candidates(self) -> int:
        return len(self.candidates)


def _mirror_invariant(tp: TriggerPoint, midline_bases: frozenset[str]) -> bool:
    """A pattern made only of midline and both-sides zones is the same from either side."""
    return all(z.both_sides or z.base in midline_bases for z in (*tp.essential, *tp.spillover))


def _zone_regions(zone: ZoneRef, side: str, midline_bases: frozenset[str]) -> list[str]:
    if zone.base in midline_bases:
        return [zone.base]
    if zone.both_sides:
        return [zone.base + SUFFIX["right"], zone.base + SUFFIX["left"]]
    return [zone.base + SUFFIX[side]]


def build_model(cat: Catalog | None = None) -> Model:
    """Build the arrays from a catalog (the package's own by default)."""
    cat = cat or catalog()
    midline_bases = frozenset(b for b, r in cat.regions.items() if r.midline)
    region_ids: list[str] = []
    region_base: list[str] = []
    region_side: list[str] = []
    for base in cat.regions:
        for side in (MIDLINE,) if base in midline_bases else ("right", "left"):
            region_ids.append(base if side == MIDLINE else base + SUFFIX[side])
            region_base.append(base)
            region_side.append(side)
    rindex = {r: k for k, r in enumerate(region_ids)}
    mirror_region = np.array(
        [rindex[_mirror_id(r, s)] for r, s in zip(region_ids, region_side, strict=True)]
    )

    candidates: list[Candidate] = []
    for muscle in cat.muscles:
        for tp in muscle.trigger_points:
            sides = (MIDLINE,) if _mirror_invariant(tp, midline_bases) else SIDES
            for side in sides:
                candidates.append(Candidate(len(candidates), tp, muscle.id, muscle.name, side))
    n_c, n_r = len(candidates), len(region_ids)
    cindex: dict[tuple[str, str], int] = {}
    for c in candidates:
        cindex[(c.trigger_point.id, c.side)] = c.index
    mirror_candidate = np.array(
        [cindex[(c.trigger_point.id, _other(c.side))] for c in candidates], dtype=np.intp
    )

    p = np.zeros((n_c, n_r))
    essential = np.zeros((n_c, n_r), dtype=bool)
    local = np.zeros((n_c, n_r), dtype=bool)  # the site, where no zone of the pattern lies
    for c in candidates:
        # A mirror-invariant pattern is built from the right side; it has no sided zones.
        side = "right" if c.side == MIDLINE else c.side
        for kind, prob in (("spillover", params.P_SPILLOVER), ("essential", params.P_ESSENTIAL)):
            for zone in getattr(c.trigger_point, kind):
                for rid in _zone_regions(zone, side, midline_bases):
                    k = rindex[rid]
                    p[c.index, k] = max(p[c.index, k], prob)
                    essential[c.index, k] |= kind == "essential"
        # The trigger point's own site: local pain over the spot is part of its picture. A
        # pattern the same from either side lies on either side.
        site = ZoneRef(c.trigger_point.site, both_sides=c.side == MIDLINE)
        for rid in _zone_regions(site, side, midline_bases):
            k = rindex[rid]
            local[c.index, k] = p[c.index, k] == 0
            p[c.index, k] = max(p[c.index, k], params.P_SITE)

    lq = quantize(np.log1p(-p))
    zone = (p > 0).astype(np.float64)
    # Evidence of absence per (candidate, region), on the grid, so that sums are exact and
    # the per-call correction for drawn regions cancels exactly.
    absent = quantize(params.ABSENT_WEIGHT * lq)
    absent_total = absent.sum(axis=1)
    # [c, e] = absence evidence against e from the regions outside c's zone.
    outside = absent_total[None, :] - zone @ absent.T
    prior = np.array([_prior(c) for c in candidates])
    sibling_prior = np.maximum(prior, params.SIBLING_PRIOR)
    siblings = np.array([[_siblings(cat, a, b) for b in candidates] for a in candidates])
    sc, se = np.nonzero(siblings)
    pair_r, pair_c = (a.astype(np.intp) for a in np.nonzero(zone.T))  # by region, candidate
    prevalence_rank = np.array([PREVALENCE.index(c.trigger_point.prevalence) for c in candidates])
    tie_rank = _ranks([(int(prevalence_rank[c.index]), *c.key) for c in candidates])
    sibling_static = quantize(np.log(prior) - np.log1p(-prior))[se] + outside[sc, se]
    sibling_none = log_inactive(sibling_static)
    movements: dict[str, np.ndarray] = {}
    for mid in cat.movements:
        movements[mid] = np.array(
            [any(m.id == mid for m in c.trigger_point.movements) for c in candidates]
        )
    model = Model(
        region_ids=tuple(region_ids),
        region_index=MappingProxyType(rindex),
        region_base=tuple(region_base),
        region_side=tuple(region_side),
        mirror_region=mirror_region,
        candidates=tuple(candidates),
        candidate_index=MappingProxyType(cindex),
        mirror_candidate=mirror_candidate,
        p=p,
        essential=essential,
        lq=lq,
        lq_leak=quantize(np.full(n_r, np.log1p(-params.LEAK))),
        absent=absent,
        absent_all=absent_total,
        absent_outside=outside,
        prior=prior,
        prior_logodds=quantize(np.log(prior) - np.log1p(-prior)),
        sibling_prior=sibling_prior,
        sibling_logodds=quantize(np.log(sibling_prior) - np.log1p(-sibling_prior)),
        siblings=siblings,
        sibling_pairs=(sc, se),
        sibling_static=sibling_static,
        sibling_none_static=sibling_none,
        coupled_static=coupled_logodds(prior, sibling_prior, sc, sibling_none),
        region_ptr=np.concatenate([[0], np.cumsum(zone.sum(axis=0))]).astype(np.intp),
        region_cand=pair_c,
        region_lq=lq[pair_c, pair_r],
        region_absent=absent[pair_c, pair_r],
        tie_order=np.argsort(tie_rank),
        referred_set=frozenset(np.flatnonzero(zone.any(axis=0)).tolist()),
        movements=MappingProxyType(movements),
        movement_axial=MappingProxyType({m.id: m.axial for m in cat.movements.values()}),
        candidate_side=np.array([c.side for c in candidates]),
        trigger_point_ids=frozenset(c.trigger_point.id for c in candidates),
        tie_rank=tie_rank,
        zone_regions=tuple(tuple(np.flatnonzero(row).tolist()) for row in p > 0),
        zone_entries=tuple(
            tuple(
                (r, region_ids[r], _kind(essential, local, c, r))
                for r in np.flatnonzero(p[c]).tolist()
            )
            for c in range(n_c)
        ),
        prevalence_rank=prevalence_rank,
    )
    for array in (p, essential, lq, absent, outside, siblings, mirror_region, mirror_candidate):
        array.setflags(write=False)
    return model


def log_inactive(logodds: np.ndarray) -> np.ndarray:
    """Quantized log(1 - sigmoid(logodds)), kept finite."""
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(-logodds))
    return quantize(np.log1p(-np.minimum(p, 1.0 - 1e-12)))


def coupled_logodds(
    prior: np.ndarray, sibling_prior: np.ndarray, sc: np.ndarray, none: np.ndarray
) -> np.ndarray:
    """Prior log-odds raised towards sibling_prior by the chance that any sibling is active
    (none: per sibling pair (sc, e), the quantized log-probability that e is inactive)."""
    p_any = -np.expm1(np.bincount(sc, weights=none, minlength=len(prior)))
    coupled = prior + p_any * (sibling_prior - prior)
    return quantize(np.log(coupled) - np.log1p(-coupled))


def _siblings(cat: Catalog, a: Candidate, b: Candidate) -> bool:
    """Two trigger points of one whole muscle on the same side (or either mirror-invariant)."""
    if a.index == b.index or (a.side != b.side and MIDLINE not in (a.side, b.side)):
        return False
    return _whole(cat, a.muscle_id) == _whole(cat, b.muscle_id)


def _whole(cat: Catalog, muscle_id: str) -> str:
    return cat.muscle(muscle_id).part_of or muscle_id


def _kind(essential: np.ndarray, local: np.ndarray, c: int, r: int) -> str:
    if essential[c, r]:
        return "essential"
    return "local" if local[c, r] else "spillover"


def _ranks(keys: list[tuple[int, str, str, str]]) -> np.ndarray:
    ranks = np.empty(len(keys), dtype=np.intp)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return ranks


def _prior(c: Candidate) -> float:
    prior = params.PRIOR
    # One candidate stands for both sides of a mirror-invariant trigger point: either active.
    return 1.0 - (1.0 - prior) ** 2 if c.side == MIDLINE else prior


def _mirror_id(region_id: str, side: str) -> str:
    if side == MIDLINE:
        return region_id
    base = region_id[: -len(SUFFIX[side])]
    return base + SUFFIX[_other(side)]


def _other(side: str) -> str:
    return {"left": "right", "right": "left"}.get(side, side)


@functools.cache
def model() -> Model:
    """The model of the package's own catalog, built once."""
    return build_model()
