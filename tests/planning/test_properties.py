"""Properties every proposal keeps, whatever the inputs."""

from hypothesis import given, settings
from hypothesis import strategies as st

from taut.planning import rules
from taut.planning.inputs import Finding, PlanInputs
from taut.planning.proposal import propose

POINTS = [
    ("upper_trapezius_tp1", "upper_trapezius"), ("upper_trapezius_tp2", "upper_trapezius"),
    ("levator_scapulae_tp1", "levator_scapulae"), ("infraspinatus_tp1", "infraspinatus"),
    ("rhomboids_tp1", "rhomboids"), ("splenius_capitis_tp1", "splenius_capitis"),
]  # fmt: skip
findings = st.lists(
    st.builds(
        lambda point, side, cls, p, c: Finding(point[0], point[1], side, cls, p, c),
        st.sampled_from(POINTS),
        st.sampled_from(["left", "right"]),
        st.sampled_from(["active", "latent"]),
        st.floats(0, 1),
        st.integers(2, 4),
    ),  # fmt: skip
    max_size=8,
    unique_by=lambda f: (f.trigger_point, f.side),
)
inputs = st.builds(
    PlanInputs,
    pain=st.one_of(st.none(), st.integers(0, 10)),
    days_since_onset=st.one_of(st.none(), st.integers(0, 3000)),
    fibromyalgia=st.one_of(st.none(), st.booleans()),
    absolute_contraindications=st.sampled_from([(), ("Needle phobia",)]),
    findings=findings.map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(inputs)
def test_every_proposal_is_within_the_rules_and_explained(i):
    r = rules.defaults()
    p = propose(i, r, exercises_for=lambda muscles: [])
    assert 1 <= p.visits.value <= r.dosing.max_visits
    assert 1 <= p.reassess_after_visits.value <= p.visits.value
    for part in (p.severity, p.chronicity, p.visits, p.visits_per_week, p.needling_targets):
        assert part.why
    classes = [t["classification"] for t in p.needling_targets.value]
    assert classes == sorted(classes)  # every active before every latent
    if i.absolute_contraindications:
        assert p.needling_targets.value == []
    else:
        assert len(p.needling_targets.value) == len(i.findings)
    if i.pain:
        goal = p.goals.value[0]
        # down by 2 points or 30%, whichever is less (Farrar 2001)
        drop = min(2, i.pain * 0.3)
        assert goal["measure"] == "nprs" and goal["target"] <= max(0, i.pain - drop + 1e-9)
