"""Needling safety text of the knowledge base (issue 14): the advanced-technique caveat, the
emergency aftercare near the lungs, and the skin-to-pleura depth only where a published
ultrasound study gives one (Dommerholt 2019; Halle & Halle 2016)."""

import pytest

from taut.kb.care import aftercare
from taut.kb.catalog import catalog, load_catalog
from taut.kb.errors import DataError
from tests.kb.test_catalog import _files, _upper_trapezius, _write


@pytest.mark.parametrize(("muscle_id", "words"), [
    ("longus_colli", "trained"), ("iliopsoas", "posterior psoas approach"),
])  # fmt: skip
def test_longus_colli_and_posterior_psoas_carry_the_advanced_technique_caveat(muscle_id, words):
    """Dommerholt 2019: advanced approaches, as for the diaphragm and pelvic floor, need
    specific training; ultrasound guidance is advisable."""
    approach = catalog().muscle(muscle_id).needling.approach
    assert words in approach and "trained in it only" in approach
    assert "ultrasound guidance is advisable" in approach


def test_the_emergency_aftercare_names_the_lower_ribs_flank_and_rib_margin_halle_2016():
    """The signs follow Halle & Halle 2016; the lower chest wall is named because the
    diaphragm, serratus posterior inferior, quadratus lumborum and upper rectus abdominis are
    flagged with a pneumothorax risk in the knowledge base."""
    for muscle_id in ("diaphragm", "serratus_posterior_inferior",
                      "quadratus_lumborum_superficial", "rectus_abdominis_upper"):  # fmt: skip
        assert catalog().muscle(muscle_id).pneumothorax_risk
    text = " ".join(line for section in aftercare().sections for line in section.points)
    for place in ("lower ribs", "flank", "below the rib margin"):
        assert place in text


def test_no_muscle_has_a_pleura_depth_until_a_study_is_verified():
    """No skin-to-pleura figure from a published ultrasound study could be verified for
    issue 14, so none is given (docs/knowledge-base.md)."""
    assert all(m.needling.pleura_depth is None for m in catalog().muscles)


def test_a_pleura_depth_is_read_with_its_source(tmp_path):
    files = _files()
    trapezius = _upper_trapezius()
    trapezius["needling"]["pleura_depth"] = {
        "mm": [20, 40], "note": "fixture", "source": {"key": "halle2016", "where": "fixture"},
    }  # fmt: skip
    files["head_neck.yaml"]["muscles"][0] = trapezius
    depth = load_catalog(_write(tmp_path, files)).muscle("upper_trapezius").needling.pleura_depth
    assert depth.mm == (20.0, 40.0) and depth.citation.source.key == "halle2016"


def test_a_pleura_depth_without_a_pneumothorax_risk_is_refused(tmp_path):
    files = _files()
    trapezius = _upper_trapezius()
    trapezius["needling"]["pneumothorax_risk"] = False
    trapezius["needling"]["pleura_depth"] = {
        "mm": [20, 40], "note": "fixture", "source": {"key": "halle2016", "where": "fixture"},
    }  # fmt: skip
    files["head_neck.yaml"]["muscles"][0] = trapezius
    with pytest.raises(DataError, match="pleura_depth"):
        load_catalog(_write(tmp_path, files))
