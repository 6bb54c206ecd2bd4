"""The record's plain clinical rules: Delphi classification, CPT codes, ROM norms."""

import pytest

from taut.clinical import billing, delphi, diagnoses, rom, screening
from taut.kb.catalog import catalog


@pytest.mark.parametrize(
    "band, spot, referred, recognised, expected",
    [
        (True, True, False, True, "active"),  # two criteria and familiar pain
        (True, False, True, False, "latent"),  # two criteria, not the familiar pain
        (False, True, True, True, "active"),
        (True, True, True, False, "latent"),
        (True, False, False, True, "none"),  # one criterion is not enough
        (False, False, False, True, "none"),
    ],
)
def test_delphi_2018_classification(band, spot, referred, recognised, expected):
    palpation = delphi.Palpation(band, spot, referred, recognised)
    assert palpation.classify() == expected


def test_a_twitch_response_alone_does_not_make_a_trigger_point():
    assert delphi.Palpation(True, False, False, True, local_twitch=True).classify() == "none"


@pytest.mark.parametrize(
    "needled, code",
    [
        ([], None),
        ([("upper_trapezius", "right")], "20560"),
        ([("upper_trapezius", "right"), ("levator_scapulae", "right")], "20560"),
        ([("trapezius", "right"), ("levator_scapulae", "right"), ("infraspinatus", "left")],
         "20561"),
        # The same muscle on both sides counts once unless the clinic counts sides.
        ([("infraspinatus", "left"), ("infraspinatus", "right"), ("rhomboids", "left")],
         "20560"),
    ],
)  # fmt: skip
def test_cpt_code_counts_distinct_muscles(needled, code):
    assert billing.needling_code(needled) == code


def test_a_clinic_may_count_sides_separately():
    needled = [("infraspinatus", "left"), ("infraspinatus", "right"), ("rhomboids", "left")]
    assert billing.needling_code(needled, count_sides=True) == "20561"


def test_repeated_insertions_in_one_muscle_count_once():
    assert billing.muscles_counted([("soleus", "left")] * 5) == 1


def test_rom_norms_name_known_movements_and_a_source():
    norms = rom.default_norms()
    assert set(norms) <= set(catalog().movements)
    assert norms["shoulder_abduction"].degrees == 180
    assert all(n.source for n in norms.values())


def test_cervical_norms_follow_38_cfr_4_71a_note_2():
    """38 CFR 4.71a, note 2: cervical flexion, extension and side-bending 0-45 degrees, rotation
    0-80 each way (normal combined range 340). Rotation names that source; AAOS 1965 gave 60."""
    norms = rom.default_norms()
    cervical = ("neck_flexion", "neck_extension", "neck_lateral_flexion", "neck_rotation")
    assert [norms[m].degrees for m in cervical] == [45, 45, 45, 80]
    assert (
        2 * sum(norms[m].degrees for m in cervical[2:])
        + sum(norms[m].degrees for m in cervical[:2])
        == 340
    )
    assert "38 CFR 4.71a" in norms["neck_rotation"].source
    assert norms["neck_flexion"].source.startswith("AAOS 1965")


def test_a_norm_with_its_own_entry_needs_a_source(tmp_path, monkeypatch):
    bad = tmp_path / "rom_norms.yaml"
    bad.write_text('source: "S"\nnorms:\n  neck_rotation: {degrees: 80}\n')
    monkeypatch.setattr(rom, "NORMS_FILE", bad)
    rom.default_norms.cache_clear()
    try:
        with pytest.raises(ValueError, match="neck_rotation"):
            rom.default_norms()
    finally:
        rom.default_norms.cache_clear()


def test_percent_of_normal():
    assert rom.percent_of_normal(90, 180) == 50
    assert rom.percent_of_normal(10, 0) is None


def test_diagnosis_codes_are_the_myalgia_and_fibromyalgia_codes():
    assert set(diagnoses.ICD10_CM) == {"M79.10", "M79.11", "M79.12", "M79.18", "M79.7"}


def test_screens_cover_what_the_intake_asks():
    assert {"weight_loss", "night_pain", "fever", "cancer_history", "bowel_bladder",
            "saddle_numbness", "major_trauma"} <= set(screening.RED_FLAGS)  # fmt: skip
    assert set(screening.ABSOLUTE_CONTRAINDICATIONS) == {
        "needle_phobia", "no_consent", "cognitive_impairment", "medical_emergency",
        "intoxication", "pregnancy_first_trimester",
    }  # fmt: skip
    assert len(screening.RELATIVE_CONTRAINDICATIONS) == 13
    assert set(screening.SITE_CONTRAINDICATIONS) == {
        "local_infection", "lymphoedema", "tumour_irradiated", "recent_surgery",
    }  # fmt: skip
