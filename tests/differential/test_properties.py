"""Properties that must hold for every drawing: determinism, valid probabilities, monotonicity
in a candidate's essential zone, exact mirror symmetry, a consistent explanation set."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taut.differential import DrawnRegion, Evidence, Finding, differential
from taut.differential.evidence import QUALITIES
from taut.differential.model import model
from taut.differential.params import EXPLANATION_DEPTH
from taut.kb.catalog import PREVALENCE, catalog

M = model()
SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
OTHER_SIDE = {"left": "right", "right": "left", "midline": "midline"}

intensities = st.one_of(st.none(), st.integers(0, 10), st.floats(0, 10, allow_nan=False))
qualities = st.one_of(st.none(), st.sampled_from(QUALITIES))


@st.composite
def drawings(draw, max_size=25):
    ids = draw(st.lists(st.sampled_from(M.region_ids), unique=True, max_size=max_size))
    return [DrawnRegion(r, draw(intensities), draw(qualities)) for r in ids]


@st.composite
def findings(draw, results=("positive", "negative")):
    out, seen = [], set()
    for k in draw(st.lists(st.integers(0, M.n_candidates - 1), max_size=3)):
        c = M.candidates[k]
        if k in seen:
            continue
        seen.add(k)
        side = c.side if c.side != "midline" else draw(st.sampled_from(["left", "right"]))
        result = draw(st.sampled_from(results))
        out.append(Finding(c.trigger_point.id, side, result))
    return out


def tp(candidate):
    return catalog().trigger_point(candidate.trigger_point)


def mirror_region(rid: str) -> str:
    return M.region_ids[M.mirror_region[M.region_index[rid]]]


def mirrored(drawing, found):
    regions = [DrawnRegion(mirror_region(d.id), d.intensity, d.quality) for d in drawing]
    finds = [Finding(f.trigger_point, OTHER_SIDE[f.side], f.result) for f in found]
    return Evidence(regions=regions, findings=finds)


def test_model_arrays_are_mirror_symmetric():
    mc, mr = M.mirror_candidate, M.mirror_region
    assert np.array_equal(M.p[np.ix_(mc, mr)], M.p)
    assert np.array_equal(M.absent_outside[np.ix_(mc, mc)], M.absent_outside)
    assert np.array_equal(M.siblings[np.ix_(mc, mc)], M.siblings)
    assert np.array_equal(M.prior[mc], M.prior)
    for c in M.candidates:
        twin = M.candidates[mc[c.index]]
        assert twin.trigger_point == c.trigger_point
        assert twin.side == OTHER_SIDE[c.side]


@SETTINGS
@given(drawings(), findings())
def test_deterministic(drawing, found):
    a = differential(Evidence(regions=drawing, findings=found))
    b = differential(Evidence(regions=drawing, findings=found))
    assert np.array_equal(a.probabilities, b.probabilities)
    assert a.candidates == b.candidates
    assert a.explanation == b.explanation
    assert a.unexplained == b.unexplained
    assert a.hints == b.hints


@SETTINGS
@given(drawings(), findings())
def test_probabilities_are_valid_and_ranked(drawing, found):
    result = differential(Evidence(regions=drawing, findings=found))
    assert all(0.0 <= p <= 1.0 for p in result.probabilities)
    # Best first; exact ties by prevalence, then muscle id, trigger point id, side.
    keys = [
        (-c.probability, PREVALENCE.index(tp(c).prevalence), c.muscle, c.trigger_point, c.side)
        for c in result.candidates
    ]
    assert keys == sorted(keys)


@SETTINGS
@given(drawings(), findings())
def test_only_candidates_that_explain_the_drawing_are_ranked(drawing, found):
    result = differential(Evidence(regions=drawing, findings=found))
    painful = {d.id for d in drawing if d.intensity is None or d.intensity > 0}
    ranked = {(c.trigger_point, c.side) for c in result.candidates}
    assert all(c.explains for c in result.candidates)
    for c in M.candidates:
        zone = {M.region_ids[r] for r in M.zone_regions[c.index]}
        assert ((c.trigger_point.id, c.side) in ranked) == bool(zone & painful)


@SETTINGS
@given(drawings(max_size=20), findings(), st.data())
def test_adding_an_essential_region_never_lowers_the_candidate(drawing, found, data):
    drawn = {d.id for d in drawing}
    k = data.draw(st.integers(0, M.n_candidates - 1))
    essential = [M.region_ids[r] for r in np.flatnonzero(M.essential[k])]
    extra = [r for r in essential if r not in drawn]
    if not extra:
        return
    region = DrawnRegion(
        data.draw(st.sampled_from(extra)),
        data.draw(st.one_of(st.none(), st.integers(1, 10))),
        data.draw(qualities),
    )
    before = differential(Evidence(regions=drawing, findings=found)).probabilities[k]
    after = differential(Evidence(regions=[*drawing, region], findings=found)).probabilities[k]
    assert after >= before


@SETTINGS
@given(drawings(), findings())
def test_mirror_symmetry(drawing, found):
    result = differential(Evidence(regions=drawing, findings=found))
    mirror = differential(mirrored(drawing, found))
    # Exactly the same probability for each candidate's mirror image.
    assert np.array_equal(mirror.probabilities[M.mirror_candidate], result.probabilities)
    flip = [(c.trigger_point, OTHER_SIDE[c.side], c.probability) for c in mirror.candidates]
    assert sorted(flip) == sorted(
        (c.trigger_point, c.side, c.probability) for c in result.candidates
    )
    assert sorted((c.trigger_point, OTHER_SIDE[c.side]) for c in mirror.explanation) == sorted(
        (c.trigger_point, c.side) for c in result.explanation
    )
    assert sorted(mirror_region(r) for r in mirror.unexplained) == sorted(result.unexplained)
    # Visceral patterns are sided by nature (the heart on the left): every other hint mirrors.
    assert {
        (h.kind, tuple(sorted(mirror_region(r) for r in h.regions)), h.roots)
        for h in mirror.hints
        if h.kind != "visceral"
    } == {(h.kind, tuple(sorted(h.regions)), h.roots) for h in result.hints if h.kind != "visceral"}


@SETTINGS
@given(drawings(), findings())
def test_explanation_members_are_candidates_and_unexplained_is_drawn(drawing, found):
    result = differential(Evidence(regions=drawing, findings=found))
    keys = {(c.trigger_point, c.side): c for c in result.candidates}
    for member in result.explanation:
        assert keys[(member.trigger_point, member.side)] == member
    painful = {d.id for d in drawing if d.intensity is None or d.intensity > 0}
    assert set(result.unexplained) <= painful
    covered = {e.region for member in result.explanation for e in member.explains}
    assert set(result.unexplained) == painful - covered
    for c in result.candidates[:20]:
        assert {e.region for e in c.explains} <= painful
        assert not set(c.predicts_not_drawn) & painful


@SETTINGS
@given(drawings(), findings(results=("positive", "latent", "negative")))
def test_the_explanation_and_the_ranking_tell_one_story(drawing, found):
    result = differential(Evidence(regions=drawing, findings=found))
    shown = result.top(EXPLANATION_DEPTH)
    # a member's mirror twin joins with it: exactly as probable, it may rank just past the cut
    cut = shown[-1].probability if shown else 1.0
    shown = {*shown, *(c for c in result.candidates if c.probability >= cut)}
    for member in result.explanation:
        assert member in shown
    excluded = {(f.trigger_point, f.side) for f in found if f.result != "positive"}
    if result.candidates:
        first = result.candidates[0]
        most = max((len(m.explains) for m in result.explanation), default=0)
        palpated_out = (first.trigger_point, first.side) in excluded
        assert first in result.explanation or palpated_out or most > len(first.explains)
    for member in result.explanation:
        sides = {member.side} if member.side != "midline" else {"left", "right", "midline"}
        assert not {(member.trigger_point, s) for s in sides} & excluded


def test_symmetric_drawing_gives_a_symmetric_explanation():
    drawing = [f"{base}_{side}" for base in ("temple", "posterolateral_neck") for side in "lr"]
    result = differential(Evidence(regions=drawing))
    members = {(c.trigger_point, c.side) for c in result.explanation}
    assert members == {(tp, OTHER_SIDE[side]) for tp, side in members}
    assert ("upper_trapezius_tp1", "left") in members
