"""How each kind of evidence moves the differential, the hints, and evidence validation."""

import dataclasses

import pytest

from taut.differential import (
    DrawnRegion,
    Evidence,
    EvidenceError,
    Finding,
    MovementEvidence,
    UnknownRegionsError,
    differential,
)
from taut.differential.model import build_model
from taut.differential.params import POSITIVE_FINDING_LR
from taut.kb.catalog import catalog

UPPER_TRAP = ["posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r"]


def prob(evidence: Evidence, tp: str, side: str) -> float:
    return differential(evidence).probability(tp, side)


def test_a_classic_pattern_puts_its_trigger_point_first():
    result = differential(Evidence(regions=UPPER_TRAP))
    top = result.candidates[0]
    assert (top.trigger_point, top.side) == ("upper_trapezius_tp1", "right")
    assert [(c.trigger_point, c.side) for c in result.explanation] == [
        ("upper_trapezius_tp1", "right")
    ]
    assert result.unexplained == ()


def test_negative_finding_drops_and_positive_rises():
    drawing = UPPER_TRAP
    base = prob(Evidence(regions=drawing), "levator_scapulae_tp1", "right")
    found = Finding("levator_scapulae_tp1", "right", "positive")
    assert prob(Evidence(regions=drawing, findings=[found]), "levator_scapulae_tp1", "right") > (
        10 * base
    )
    single = ["medial_knee_r"]
    base = prob(Evidence(regions=single), "sartorius_tp3", "right")
    found = Finding("sartorius_tp3", "right", "negative")
    after = prob(Evidence(regions=single, findings=[found]), "sartorius_tp3", "right")
    assert after < base / 3


def test_a_negative_finding_hands_the_drawing_to_the_alternatives():
    single = ["medial_knee_r"]
    before = differential(Evidence(regions=single))
    found = Finding("sartorius_tp3", "right", "negative")
    after = differential(Evidence(regions=single, findings=[found]))
    assert after.probability("vastus_medialis_tp1", "right") > before.probability(
        "vastus_medialis_tp1", "right"
    )


def test_a_positive_finding_alone_rises_strongly():
    base = prob(Evidence(), "infraspinatus_tp1", "left")
    found = Finding("infraspinatus_tp1", "left", "positive")
    after = prob(Evidence(findings=[found]), "infraspinatus_tp1", "left")
    odds = lambda p: p / (1 - p)  # noqa: E731
    assert after > 0.3 > 10 * base
    assert odds(after) == pytest.approx(POSITIVE_FINDING_LR * odds(base), rel=1e-4)


def test_intensity_weights_the_region():
    def knee(intensity):
        return prob(
            Evidence(regions=[DrawnRegion("medial_knee_r", intensity)]), "sartorius_tp3", "right"
        )

    assert knee(1) < knee(None) < knee(10)
    assert knee(5) == knee(None)  # an unrated region counts as mid-scale
    # Intensity 0 means "not painful here": weaker than not drawing it at all.
    zero = prob(Evidence(regions=[DrawnRegion("medial_knee_r", 0)]), "sartorius_tp3", "right")
    assert zero < prob(Evidence(), "sartorius_tp3", "right")


def test_numbness_weakens_the_myofascial_evidence():
    def knee(quality):
        region = DrawnRegion("medial_knee_r", None, quality)
        return prob(Evidence(regions=[region]), "sartorius_tp3", "right")

    assert knee("numbness_tingling") < knee("aching") == knee(None)


def test_movement_raises_the_trigger_points_that_list_it():
    drawing = ["medial_knee_r"]
    move = [MovementEvidence("knee_extension", "right")]
    before, after = (
        differential(Evidence(regions=drawing)),
        differential(Evidence(regions=drawing, movements=move)),
    )
    # sartorius_tp3 lists knee_extension: a modest rise.
    assert before.probability("sartorius_tp3", "right") < after.probability(
        "sartorius_tp3", "right"
    )
    assert after.probability("sartorius_tp3", "right") < 0.9
    # The same movement on the other side does nothing for the right-side trigger point.
    other = differential(
        Evidence(regions=drawing, movements=[MovementEvidence("knee_extension", "left")])
    )
    assert other.probability("sartorius_tp3", "right") == before.probability(
        "sartorius_tp3", "right"
    )
    # Unrelated candidates are unchanged.
    assert after.probability("upper_trapezius_tp1", "right") == before.probability(
        "upper_trapezius_tp1", "right"
    )


def test_axial_movement_matches_both_sides():
    move = [MovementEvidence("neck_flexion")]
    for side in ("left", "right"):
        assert prob(Evidence(movements=move), "splenius_capitis_tp1", side) > prob(
            Evidence(), "splenius_capitis_tp1", side
        )


def test_numbness_in_a_c6_band_gives_a_radicular_hint():
    numb = [
        DrawnRegion(r, 6, "numbness_tingling")
        for r in ("thumb_r", "volar_radial_forearm_r", "dorsal_radial_forearm_r")
    ]
    result = differential(Evidence(regions=numb))
    radicular = [h for h in result.hints if h.kind == "radicular"]
    assert len(radicular) == 1
    assert radicular[0].roots == ("C6",)
    assert "C6" in radicular[0].message and "right" in radicular[0].message
    assert set(radicular[0].regions) == {r.id for r in numb}


def test_no_radicular_hint_without_a_band():
    one = [DrawnRegion("thumb_r", None, "numbness_tingling")]
    aching = [DrawnRegion(r, None, "aching") for r in ("thumb_r", "volar_radial_forearm_r")]
    scattered = [DrawnRegion(r, None, "numbness_tingling") for r in ("thumb_r", "little_finger_r")]
    for drawing in (one, aching, scattered):
        assert not [
            h for h in differential(Evidence(regions=drawing)).hints if h.kind == "radicular"
        ]


def test_burning_in_both_feet_suggests_neuropathy():
    both = [DrawnRegion(r, 5, "burning") for r in ("dorsal_foot_l", "ball_of_foot_r")]
    hints = differential(Evidence(regions=both)).hints
    assert [h.kind for h in hints] == ["neuropathic"]
    assert "stocking" in hints[0].message
    one = [DrawnRegion(r, 5, "burning") for r in ("dorsal_foot_l", "ball_of_foot_l")]
    assert not differential(Evidence(regions=one)).hints


def catalog_without(muscle_id: str):
    """The package's catalog less one muscle: a region only it refers to becomes one that no
    trigger point refers to (every atlas region has a referrer in the real catalog)."""
    cat = catalog()
    return dataclasses.replace(cat, muscles=tuple(m for m in cat.muscles if m.id != muscle_id))


def test_regions_no_trigger_point_refers_to_are_named():
    # The omohyoid is the one muscle that refers to the hollow above the collarbone.
    without = build_model(catalog_without("omohyoid"))
    result = differential(Evidence(regions=["supraclavicular_r", "temple_r"]), without)
    lone = [h for h in result.hints if h.kind == "no_referral"]
    assert lone and lone[0].regions == ("supraclavicular_r",)
    assert "supraclavicular_r" in result.unexplained
    assert not [
        h for h in differential(Evidence(regions=["supraclavicular_r"])).hints
        if h.kind == "no_referral"
    ]  # fmt: skip


def test_undrawn_essential_regions_are_reported():
    result = differential(Evidence(regions=UPPER_TRAP[:3]))
    top = result.candidates[0]
    assert top.trigger_point == "upper_trapezius_tp1"
    assert top.predicts_not_drawn == ("jaw_angle_r",)
    zones = {e.region: e.zone for e in top.explains}
    assert zones == {r: "essential" for r in UPPER_TRAP[:3]}
    spill = differential(Evidence(regions=["occiput_r"])).probability(
        "upper_trapezius_tp1", "right"
    )
    assert 0 < spill < 1


def test_spillover_regions_are_marked():
    result = differential(Evidence(regions=["anterior_shoulder_l", "lateral_arm_l"]))
    infra = next(c for c in result.candidates if c.trigger_point == "infraspinatus_tp1")
    assert {e.region: e.zone for e in infra.explains} == {
        "anterior_shoulder_l": "essential",
        "lateral_arm_l": "spillover",
    }


def test_midline_candidates_take_either_side():
    result = differential(Evidence(regions=["sacrum", "coccyx"]))
    multifidi = [c for c in result.candidates if c.trigger_point == "lumbar_multifidi_tp2"]
    assert [c.side for c in multifidi] == ["midline"]
    found = Finding("lumbar_multifidi_tp2", "left", "negative")
    assert prob(
        Evidence(regions=["sacrum", "coccyx"], findings=[found]), "lumbar_multifidi_tp2", "midline"
    ) < (multifidi[0].probability)


@pytest.mark.parametrize(
    ("evidence", "field"),
    [
        (Evidence(regions=["temple_r", "temple_r"]), "regions[1]"),
        (Evidence(regions=[DrawnRegion("temple_r", 11)]), "regions[0].intensity"),
        (Evidence(regions=[DrawnRegion("temple_r", -1)]), "regions[0].intensity"),
        (Evidence(regions=[DrawnRegion("temple_r", True)]), "regions[0].intensity"),
        (Evidence(regions=[DrawnRegion("temple_r", None, "dull")]), "regions[0].quality"),
        (Evidence(movements=[MovementEvidence("neck_twist", "left")]), "movements[0].id"),
        (Evidence(movements=[MovementEvidence("neck_rotation")]), "movements[0].side"),
        (Evidence(movements=[MovementEvidence("neck_flexion", "left")]), "movements[0].side"),
        (Evidence(findings=[Finding("nope_tp1", "left", "positive")]), "findings[0].trigger_point"),
        (Evidence(findings=[Finding("soleus_tp1", "midline", "positive")]), "findings[0].side"),
        (Evidence(findings=[Finding("soleus_tp1", "left", "maybe")]), "findings[0].result"),
        (
            Evidence(findings=[Finding("soleus_tp1", "left", "positive")] * 2),
            "findings[1]",
        ),
    ],
)
def test_invalid_evidence_names_the_field(evidence, field):
    with pytest.raises(EvidenceError) as info:
        differential(evidence)
    assert info.value.field == field


def test_unknown_regions_are_all_listed_with_suggestions():
    with pytest.raises(UnknownRegionsError) as info:
        differential(Evidence(regions=["tempel_r", "temple_r", "neck"]))
    unknown = info.value.unknown
    assert [(where, rid) for where, rid, _ in unknown] == [
        ("regions[0]", "tempel_r"),
        ("regions[2]", "neck"),
    ]
    assert unknown[0][2][0] == "temple_r"
    assert all(1 <= len(close) <= 3 for _, _, close in unknown)
