"""Safety hints: drawings that mimic visceral disease name the organ to rule out, above the
ranking; the knowledge base's own warnings reach the output; the pattern file is checked."""

from pathlib import Path

import pytest

from taut.differential import DrawnRegion, Evidence, differential
from taut.differential.visceral import VisceralDataError, patterns


def visceral(regions):
    return [h for h in differential(Evidence(regions=regions)).hints if h.kind == "visceral"]


def organs(regions):
    return [h.message.split(":")[0] for h in visceral(regions)]


def test_left_chest_inner_arm_and_ulnar_hand_names_the_heart_first():
    result = differential(
        Evidence(regions=["pectoral_l", "medial_arm_l", "ring_finger_l", "little_finger_l"])
    )
    assert result.hints[0].kind == "visceral"
    assert result.hints[0].message.startswith("Rule out the heart")
    assert set(result.hints[0].regions) == {
        "pectoral_l",
        "medial_arm_l",
        "ring_finger_l",
        "little_finger_l",
    }
    assert any("Goodman" in s for s in result.hints[0].sources)


def test_the_same_drawing_on_the_right_is_not_cardiac():
    assert organs(["pectoral_r", "medial_arm_r", "little_finger_r"]) == []


def test_jaw_with_left_arm_names_the_heart_from_either_side_of_the_jaw():
    assert organs(["lower_jaw_r", "medial_arm_l"]) == ["Rule out the heart"]
    assert organs(["jaw_angle_l", "anterior_arm_l"]) == ["Rule out the heart"]
    assert organs(["jaw_angle_l", "anterior_arm_r"]) == []


def test_right_upper_abdomen_with_right_shoulder_blade_names_the_gallbladder():
    assert organs(["upper_abdomen_r", "inferior_angle_scapula_r"]) == ["Rule out the gallbladder"]
    assert organs(["upper_abdomen_l", "inferior_angle_scapula_l"]) == []


def test_flank_to_groin_names_the_kidney_on_its_side_only():
    assert organs(["flank_l", "groin_l"]) == ["Rule out the kidney or ureter on the left"]
    assert organs(["flank_r", "groin_r"]) == ["Rule out the kidney or ureter on the right"]
    assert organs(["flank_r", "groin_l"]) == []


def test_other_classic_patterns():
    assert organs(["periumbilical", "lower_abdomen_r"]) == ["Rule out the appendix"]
    assert "Rule out the pancreas" in organs(["epigastric", "mid_back_l"])
    assert "Rule out the abdominal aorta" in organs(["periumbilical", "lumbar_spine"])
    assert organs(["suprapubic", "sacrum"]) == ["Rule out the pelvic organs"]
    assert organs(["upper_abdomen_l", "acromion_l"]) == [
        "Rule out the diaphragm and the organs under it on the left"
    ]


def test_a_single_area_is_no_visceral_pattern():
    for region in ("pectoral_l", "flank_r", "upper_abdomen_r", "periumbilical", "medial_arm_l"):
        assert organs([region]) == []


def test_an_explicit_no_pain_region_does_not_count():
    drawn = Evidence(regions=["pectoral_l", "medial_arm_l"])
    absent = Evidence(regions=["pectoral_l", DrawnRegion("medial_arm_l", 0)])
    assert any(h.kind == "visceral" for h in differential(drawn).hints)
    assert not any(h.kind == "visceral" for h in differential(absent).hints)


def test_every_pattern_cites_a_source():
    for pattern in patterns():
        assert pattern.sources and all(s.strip() for s in pattern.sources)


def test_the_knowledge_base_warning_of_an_explaining_trigger_point_reaches_the_hints():
    result = differential(Evidence(regions=["pectoral_l", "medial_arm_l", "nipple_l"]))
    cautions = [h for h in result.hints if h.kind == "caution"]
    assert cautions and "cardiac" in cautions[0].message
    assert cautions[0].message.startswith("Pectoralis major")
    # The notes' source keys read as author and year.
    assert "ts1" not in cautions[0].message and "Simons et al. 1999" in cautions[0].message
    # Visceral hints come first, then the cautions.
    kinds = [h.kind for h in result.hints]
    assert kinds.index("visceral") < kinds.index("caution")


def test_a_trigger_point_without_a_warning_gives_no_caution():
    result = differential(
        Evidence(regions=["posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r"])
    )
    assert [h for h in result.hints if h.kind == "caution"] == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("patterns: []\n", "expected the keys"),
        (
            "sources: {a: 'A. Book. 2000.'}\npatterns:\n  - {id: x, organ: o, side: up, "
            "groups: [[flank], [groin]], message: m, sources: [{key: a, where: p}]}\n",
            "side",
        ),
        (
            "sources: {a: 'A. Book. 2000.'}\npatterns:\n  - {id: x, organ: o, side: any, "
            "groups: [[flank], [grion]], message: m, sources: [{key: a, where: p}]}\n",
            "unknown base region 'grion'",
        ),
        (
            "sources: {a: 'A. Book. 2000.'}\npatterns:\n  - {id: x, organ: o, side: any, "
            "groups: [[flank], [groin]], message: m, sources: []}\n",
            "needs a source",
        ),
        (
            "sources: {a: 'A. Book. 2000.'}\npatterns:\n  - {id: x, organ: o, side: any, "
            "groups: [[flank], [groin]], message: m, sources: [{key: b, where: p}]}\n",
            "known key",
        ),
    ],
)
def test_an_invalid_pattern_file_is_refused(tmp_path: Path, text, problem):
    path = tmp_path / "visceral.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VisceralDataError, match=problem):
        patterns(path)
