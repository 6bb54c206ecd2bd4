"""Knowledge base corrections and additions of issue 14, each against its source."""

import pytest

from taut.kb.catalog import catalog


def zones(tp_id: str) -> tuple[list[str], list[str]]:
    tp = catalog().trigger_point(tp_id)
    return [z.base for z in tp.essential], [z.base for z in tp.spillover]


def test_supinator_tp1_zones_follow_travell_simons_chapter_36():
    """ts1 ch. 36: the lateral epicondyle (outer elbow) is essential, the back of the thumb
    web spillover."""
    essential, spillover = zones("supinator_tp1")
    assert essential == ["lateral_epicondyle"]
    assert "dorsal_thumb_web" in spillover and "dorsal_thumb_web" not in essential


@pytest.mark.parametrize("tp_id", ["scalene_anterior_tp1", "scalene_medius_tp1",
                                   "scalene_posterior_tp1"])  # fmt: skip
def test_the_scalenes_refer_to_the_front_of_the_arm_over_biceps_travell_simons_chapter_20(tp_id):
    """ts1 ch. 20: the scalene pattern covers the front and back of the arm."""
    essential, _ = zones(tp_id)
    assert "anterior_arm" in essential and "posterolateral_arm" in essential


def test_pronator_quadratus_refers_along_the_ulnar_forearm_hwang_2005():
    """Hwang, Kang & Kim 2005 (Pain 116:238-242): the inner forearm, then the inner elbow,
    the little finger, the middle and ring fingers."""
    essential, spillover = zones("pronator_quadratus_tp1")
    assert essential == ["volar_ulnar_forearm"]
    assert {"medial_epicondyle", "little_finger"} <= set(spillover)


def test_abductor_pollicis_longus_refers_to_the_radial_wrist_hwang_2005():
    """Hwang et al. 2005 (Am J Phys Med Rehabil 84:593-597): the radial wrist in most."""
    essential, spillover = zones("abductor_pollicis_longus_tp1")
    assert essential == ["snuffbox"]
    assert set(spillover) == {"dorsal_middle_finger", "dorsal_ring_finger"}


def test_abductor_pollicis_brevis_refers_to_the_thenar_and_thumb_web_kim_2009():
    """Kim et al. 2009 (J Musculoskelet Pain 17:350-357): pattern 1, thenar and dorsal first
    web space."""
    essential, spillover = zones("abductor_pollicis_brevis_tp1")
    assert essential == ["thenar", "dorsal_thumb_web"]
    assert "index_finger" in spillover


def test_internal_oblique_refers_to_the_groin_travell_simons_chapter_49():
    essential, _ = zones("internal_oblique_tp1")
    assert set(essential) == {"groin", "genital", "lower_abdomen"}


def test_omohyoid_rask_1984_lies_over_the_lung_apex():
    """Rask 1984: supraclavicular and neck pain; the inferior belly lies over the apex of the
    lung, so needling it carries a pneumothorax risk (Halle & Halle 2016)."""
    omohyoid = catalog().muscle("omohyoid")
    essential, spillover = zones("omohyoid_tp1")
    assert essential == ["supraclavicular"] and "temple" in spillover
    assert omohyoid.pneumothorax_risk and "trained in it only" in omohyoid.needling.approach


def test_lumbricals_refer_along_the_fingers_like_the_interossei_niel_asher_2008():
    """Niel-Asher 2008 (The Concise Book of Trigger Points, small hand muscles): the lumbricals'
    pattern is like that of the interossei, along the finger each one serves; the palmar
    digital vessels and nerves beside them are named as needling risks (StatPearls, hand
    intrinsic muscles)."""
    lumbricals = catalog().muscle("hand_lumbricals")
    essential, spillover = zones("hand_lumbricals_tp1")
    assert essential == ["index_finger", "middle_finger", "ring_finger", "little_finger"]
    assert spillover == ["palm"]
    assert {c.source.key for c in lumbricals.trigger_points[0].citations} == {"nielasher2008"}
    risks = " ".join(r.note for r in lumbricals.needling.structures_at_risk)
    assert "palmar arch" in risks and "digital nerves" in risks
    assert not lumbricals.pneumothorax_risk


def test_obturator_externus_pain_follows_the_injection_series_of_kim_2015():
    """Kim, Kim, Yoon & Yoon 2015 (Pain Pract 15:40-46): tenderness below and outside the
    pubic tubercle with pain in the groin, the front and inside of the thigh, or the hip; the
    muscle was found under fluoroscopy, so the needling is for trained clinicians with image
    guidance, beside the obturator nerve and vessels (Gray 1918)."""
    cat = catalog()
    muscle = cat.muscle("obturator_externus")
    essential, spillover = zones("obturator_externus_tp1")
    assert essential == ["groin", "medial_thigh"]
    assert set(spillover) == {"anterior_thigh", "anterior_hip"}
    assert muscle.trigger_points[0].site == "groin"
    assert {c.source.key for c in muscle.trigger_points[0].citations} == {"kim2015oe"}
    risks = " ".join(r.note for r in muscle.needling.structures_at_risk)
    assert "obturator nerve" in risks and "obturator artery" in risks
    assert "trained in it only" in muscle.needling.approach
    assert not muscle.pneumothorax_risk
    # The alias now names its own muscle, not the short rotators' shared entry.
    assert "obturator externus" not in cat.muscle("quadratus_femoris_and_gemelli").aliases


NO_SOURCED_NEEDLE = {
    "pronator_quadratus", "abductor_pollicis_longus", "abductor_pollicis_brevis", "omohyoid",
    "hand_lumbricals", "obturator_externus",
}  # fmt: skip


@pytest.mark.parametrize("muscle_id", sorted(NO_SOURCED_NEEDLE))
def test_no_needle_size_is_given_where_no_source_gives_one(muscle_id):
    needling = catalog().muscle(muscle_id).needling
    assert needling.needle_length_mm is None and needling.needle_gauge_mm is None
