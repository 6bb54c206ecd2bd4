"""Inference in the noisy-OR model: each candidate's posterior against the explanation the rest
of the evidence gives for its regions, and the greedy explanation set (docs/differential.md)."""

# Region r stays pain-free with probability q_r = (1 - leak_r) * prod_{active c} (1 - p_cr). A
# candidate's log-odds are its prior plus, per observed region, log P(obs | c active,
# background) - log P(obs | background):
#
#   drawn r:    w_r * [log(1 - Q_r (1 - p_cr)) - log(1 - Q_r)]  >= 0,  Q_r: background q_r
#   undrawn r:  a_r * log(1 - p_cr)                               <= 0,  whatever the background
#
# The undrawn part does not depend on the background, so it is precomputed per candidate (the
# quickscore factorisation of negative findings); per call only the (candidate, drawn region)
# pairs with p > 0 are evaluated, a few per drawn region.
#
# Candidate c's background comes from the evidence OUTSIDE c's own zone: every other candidate
# e gets P_ce, its posterior on that evidence judged alone against the leak (one sweep), and
# Q_r = (1 - leak_r) * prod_e (1 - P_ce p_er), the chance r stays pain-free if the others were
# independent with those probabilities. A drawn region added inside c's zone leaves that
# background unchanged and adds a non-negative term, so c's probability never falls. c's prior
# is raised by the chance that a sibling trigger point (same muscle and side) is active, judged
# the same way on the evidence outside c's zone, so it cannot fall either.
#
# All log terms are quantized (params.LOG_QUANTUM_BITS) so that sums are exact in any order.

from __future__ import annotations

import numpy as np

from taut.differential import params
from taut.differential.evidence import Compiled
from taut.differential.model import Model, coupled_logodds, log1mexp, log_inactive, quantize


class _Call:
    """Per-call evidence terms on the sparse (candidate, observed region) pairs with p > 0."""

    def __init__(self, model: Model, ev: Compiled):
        self.model, self.ev = model, ev
        n, d = model.n_candidates, len(ev.drawn)
        cols = np.concatenate([ev.drawn, ev.absent])
        # Observed pairs from the model's by-region lists: drawn columns first, then explicit
        # absences; within a column, candidates ascending.
        first = model.region_ptr[cols]
        count = model.region_ptr[cols + 1] - first
        oj = np.repeat(np.arange(len(cols)), count)
        at = np.arange(int(count.sum())) + np.repeat(first - (np.cumsum(count) - count), count)
        oc = model.region_cand[at]
        lq = model.region_lq[at]
        k = int(count[:d].sum())  # the drawn pairs
        # Observed regions replace the default "undrawn" absence term: drawn ones drop it,
        # explicit "no pain" ones raise it to full weight.
        absence = np.empty_like(lq)
        absence[:k] = -model.region_absent[at[:k]]
        absence[k:] = quantize((params.EXPLICIT_ABSENT_WEIGHT - params.ABSENT_WEIGHT) * lq[k:])
        self.fixed = (
            model.absent_all + np.bincount(oc, weights=absence, minlength=n) + ev.candidate_logodds
        )
        self.pc, self.pj, self.lq = oc[:k], oj[:k], lq[:k]
        self.p = -np.expm1(self.lq)
        self.leak = model.lq_leak[ev.drawn]
        self.wj = ev.weights[self.pj]
        self.col_count = count[:d]
        self.col_start = np.cumsum(self.col_count) - self.col_count
        # Each candidate judged alone against the leak: absence terms plus drawn gains.
        alone = absence.copy()
        self.gain0 = self.gain(self.leak[self.pj], np.arange(k), self.lq)
        alone[:k] += self.gain0
        # Dense views over the touched candidates only, plus an all-zero last row that every
        # untouched candidate maps to.
        self.touched = np.bincount(oc, minlength=n) > 0
        rows = np.flatnonzero(self.touched)
        self.row = np.full(n, len(rows))
        self.row[rows] = np.arange(len(rows))
        shape = (len(rows) + 1, len(cols))
        self.zone_obs = np.zeros(shape, dtype=bool)  # observed region in the candidate's zone
        self.zone_obs[self.row[oc], oj] = True
        dense_alone, dense_absence = np.zeros(shape), np.zeros(shape)
        dense_alone[self.row[oc], oj] = alone
        dense_absence[self.row[oc], oj] = absence
        # [row(c), row(e)]: e's terms on observed regions inside c's zone. Exact: the terms are
        # on the quantization grid and the zone weights are 0 or 1.
        zone = self.zone_obs.astype(np.float64)
        self.alone_inside = zone @ dense_alone.T
        self.absence_inside = zone @ dense_absence.T
        self.absence_sum = np.bincount(oc, weights=absence, minlength=n)
        self.alone_sum = np.bincount(oc, weights=alone, minlength=n)

    def in_zone(self, c: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Whether observed column j lies in candidate c's zone, pairwise."""
        return self.zone_obs[self.row[c], j]

    def gain(self, log_q: np.ndarray, pair: np.ndarray | slice, lq: np.ndarray) -> np.ndarray:
        """w * [log(1 - Q (1 - p)) - log(1 - Q)] for drawn pairs, quantized."""
        return quantize(self.wj[pair] * (log1mexp(log_q + lq) - log1mexp(log_q)))

    def outside_logodds(self, c: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Log-odds of each e judged alone on the evidence outside the zone of its c."""
        m = self.model
        inside = self.alone_inside[self.row[c], self.row[e]]
        return (
            m.prior_logodds[e]
            + self.ev.candidate_logodds[e]
            + m.absent_outside[c, e]
            + (self.alone_sum[e] - inside)
        )

    def claims(self, owner: np.ndarray, pair: np.ndarray) -> np.ndarray:
        """Gain of drawn pair k's candidate on its region, against the background from the
        evidence outside `owner`'s zone (owner and the pair's candidate excluded)."""
        j = self.pj[pair]
        n = self.col_count[j]
        rep = np.repeat(np.arange(len(pair)), n)
        other = self.col_start[j][rep] + _ramp(n)
        f = self.pc[other]
        keep = (f != owner[rep]) & (f != self.pc[pair][rep])
        rep, other, f = rep[keep], other[keep], f[keep]
        p_other = _sigmoid(self.outside_logodds(owner[rep], f))
        log_q = self.leak[j] + np.bincount(
            rep, weights=quantize(np.log1p(-p_other * self.p[other])), minlength=len(pair)
        )
        return self.gain(log_q, pair, self.lq[pair])


def infer(model: Model, ev: Compiled) -> np.ndarray:
    """Posterior log-odds per candidate for compiled evidence."""
    call = _Call(model, ev)
    n, k = model.n_candidates, len(call.pc)
    sibling = _Siblings(call)
    # One pass over all claims: each candidate's own drawn regions, then the siblings' drawn
    # regions outside the candidate's zone.
    gains = call.claims(
        np.concatenate([call.pc, sibling.owner]), np.concatenate([np.arange(k), sibling.pair])
    )
    drawing = (
        call.fixed - ev.candidate_logodds + np.bincount(call.pc, weights=gains[:k], minlength=n)
    )
    # Tempered, then put back on the grid: the sum stays exact, so symmetry holds bit for bit.
    logodds = (
        sibling.prior(gains[k:]) + ev.candidate_logodds + quantize(params.DRAWN_TEMPER * drawing)
    )
    return logodds


class _Siblings:
    """The coupled prior: each prior raised by the chance that a sibling is active, judged on
    the evidence outside the candidate's zone with its own background there."""

    def __init__(self, call: _Call):
        m = self.model = call.model
        sc, se = m.sibling_pairs
        # Only pairs whose sibling has evidence differ from the precomputed no-evidence values.
        self.live = live = np.flatnonzero(call.touched[se] | (call.ev.candidate_logodds[se] != 0))
        c, e = sc[live], se[live]
        inside = call.absence_inside[call.row[c], call.row[e]]
        self.logit = (
            m.sibling_static[live] + call.ev.candidate_logodds[e] + call.absence_sum[e] - inside
        )
        # The sibling's drawn regions outside the candidate's zone, as claims.
        by_cand = np.argsort(call.pc, kind="stable")
        count = np.bincount(call.pc, minlength=m.n_candidates)
        n = count[e]
        rep = np.repeat(np.arange(len(live)), n)
        k = by_cand[np.repeat((np.cumsum(count) - count)[e], n) + _ramp(n)]
        keep = ~call.in_zone(c[rep], call.pj[k])
        self.rep, self.pair = rep[keep], k[keep]
        self.owner = c[self.rep]

    def prior(self, gains: np.ndarray) -> np.ndarray:
        """Coupled prior log-odds of every candidate, given the claims' gains."""
        m = self.model
        if not len(self.live):
            return m.coupled_static
        logit = self.logit + np.bincount(self.rep, weights=gains, minlength=len(self.live))
        none = m.sibling_none_static.copy()
        none[self.live] = log_inactive(logit)
        return coupled_logodds(m.prior, m.sibling_prior, m.sibling_pairs[0], none)


def _ramp(count: np.ndarray) -> np.ndarray:
    """0..n-1 for each n in count, concatenated."""
    total = int(count.sum())
    return np.arange(total) - np.repeat(np.cumsum(count) - count, count)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))
