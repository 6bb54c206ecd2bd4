"""The ranking shows what the drawing shows (issue 13): only candidates that explain a drawn
region, prevalence only for ties, the trigger point's own site as local pain, and an
explanation set that agrees with the ranking."""

from taut.differential import Evidence, Finding, differential
from taut.kb.catalog import PREVALENCE, catalog

QL_DRAWING = ["sacroiliac_joint_l", "lower_buttock_l", "greater_trochanter_l", "iliac_crest_l"]


def test_one_sided_low_back_pain_lists_only_what_refers_there():
    result = differential(Evidence(regions=["lumbar_paraspinal_r"]))
    assert result.candidates
    for c in result.candidates:
        assert [e.region for e in c.explains] == ["lumbar_paraspinal_r"]
    muscles = {c.muscle for c in result.top(10)}
    assert {"levator_scapulae", "infraspinatus", "upper_trapezius"}.isdisjoint(muscles)
    assert {"lumbar_multifidi", "quadratus_lumborum_deep"} <= muscles


def test_the_patella_and_the_heel_rank_what_refers_there():
    for region, expected in (("patella_r", "vastus"), ("plantar_heel_l", "soleus")):
        result = differential(Evidence(regions=[region]))
        assert result.candidates[0].explains
        assert any(expected in c.muscle for c in result.top(5))


def test_a_trigger_point_site_counts_as_local_pain():
    tp = catalog().trigger_point("upper_trapezius_tp1")
    assert tp.site == "upper_shoulder" and "upper_shoulder" not in {z.base for z in tp.essential}
    result = differential(Evidence(regions=["posterolateral_neck_r", "upper_shoulder_r"]))
    trapezius = next(c for c in result.candidates if c.trigger_point == tp.id and c.side == "right")
    assert {e.region: e.zone for e in trapezius.explains} == {
        "posterolateral_neck_r": "essential",
        "upper_shoulder_r": "local",
    }
    assert trapezius in result.top(5)


def test_prevalence_only_breaks_exact_ties():
    result = differential(Evidence(regions=["plantar_heel_l"]))
    ranked = result.candidates
    for a, b in zip(ranked, ranked[1:], strict=False):
        if a.probability == b.probability:
            pa = PREVALENCE.index(catalog().trigger_point(a.trigger_point).prevalence)
            pb = PREVALENCE.index(catalog().trigger_point(b.trigger_point).prevalence)
            assert pa <= pb


def test_the_explanation_of_a_drawing_starts_with_its_first_candidate():
    result = differential(Evidence(regions=QL_DRAWING))
    assert result.explanation[0] == result.candidates[0]
    assert set(result.explanation) <= set(result.top(10))
    assert result.unexplained == ()


def test_a_latent_or_absent_trigger_point_never_joins_the_explanation():
    first = differential(Evidence(regions=QL_DRAWING)).candidates[0]
    for result in ("latent", "negative"):
        finding = Finding(first.trigger_point, first.side, result)
        after = differential(Evidence(regions=QL_DRAWING, findings=[finding]))
        assert first.trigger_point not in [c.trigger_point for c in after.explanation]
        assert after.probability(first.trigger_point, first.side) < first.probability
