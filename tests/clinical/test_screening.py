"""The screening lists and their sources (taut/clinical/screening.py): each rule names the
source it rests on, and the test names that source."""

import pytest

from taut.clinical import screening
from taut.kb.catalog import catalog

ALL_ITEMS = {
    **screening.RED_FLAG_ITEMS,
    **screening.ABSOLUTE_ITEMS,
    **screening.RELATIVE_ITEMS,
    **screening.SITE_ITEMS,
}


@pytest.mark.parametrize("key", sorted(ALL_ITEMS))
def test_every_screening_item_cites_a_known_source(key):
    item = ALL_ITEMS[key]
    assert item.sources and all(s in screening.SOURCES for s in item.sources)
    assert item.citation


def test_cervical_arterial_dysfunction_rests_on_the_ifompt_cervical_framework_2023():
    """Rushton et al. 2023 (J Orthop Sports Phys Ther 53:7-22): dizziness, diplopia,
    dysarthria, dysphagia, drop attacks, nausea, nystagmus and numbness."""
    item = screening.RED_FLAG_ITEMS["cervical_arterial"]
    assert item.sources == ("ifompt2023",)
    for word in ("Dizziness", "double vision", "slurred speech", "swallowing", "sudden falls",
                 "nausea", "eye movements", "numbness of the face"):  # fmt: skip
        assert word in item.label


def test_myelopathy_rests_on_cook_2010():
    """Cook et al. 2010 (J Man Manip Ther 18:175-180): clumsy hands and gait change."""
    item = screening.RED_FLAG_ITEMS["myelopathy"]
    assert item.sources == ("cook2010",) and "Clumsy hands" in item.label
    assert "walking" in item.label


def test_a_new_worst_or_thunderclap_headache_rests_on_snnoop10_do_2019():
    """Do et al. 2019 (Neurology 92:134-144), the SNNOOP10 list of headache red flags."""
    item = screening.RED_FLAG_ITEMS["headache_new"]
    assert "do2019" in item.sources
    assert "thunderclap" in item.label and "worst" in item.label


def test_exertional_chest_or_arm_pain_rests_on_nice_cg95():
    """NICE CG95: chest, jaw or arm discomfort brought on by exertion and relieved by rest."""
    item = screening.RED_FLAG_ITEMS["exertional_chest_pain"]
    assert item.sources == ("nice_cg95",) and "exertion" in item.label


def test_first_episode_over_50_rests_on_finucane_2020_and_do_2019():
    item = screening.RED_FLAG_ITEMS["first_episode_over_50"]
    assert item.sources == ("finucane2020", "do2019") and "50" in item.label


def test_osteoporosis_and_fracture_risk_rest_on_finucane_2020():
    item = screening.RED_FLAG_ITEMS["osteoporosis"]
    assert item.sources == ("finucane2020",) and "Osteoporosis" in item.label


@pytest.mark.parametrize(
    "key", ["vasovagal", "latex_allergy", "electrical_implant", "active_cancer"]
)
def test_new_relative_contraindications_rest_on_asap_2013_and_dommerholt_2019(key):
    assert screening.RELATIVE_ITEMS[key].sources == ("asap2013", "dommerholt2019")


@pytest.mark.parametrize(
    "key", ["cognitive_impairment", "intoxication", "pregnancy_first_trimester"]
)
def test_new_absolute_contraindications_rest_on_asap_2013_and_dommerholt_2019(key):
    assert screening.ABSOLUTE_ITEMS[key].sources == ("asap2013", "dommerholt2019")


def test_infection_lymphoedema_tumour_and_surgery_are_site_contraindications_asap_2013():
    """ASAP 2013; Dommerholt 2019: these close the site, not the whole body."""
    assert "local_infection" not in screening.RELATIVE_CONTRAINDICATIONS
    assert "lymphoedema_limb" not in screening.ABSOLUTE_CONTRAINDICATIONS
    assert set(screening.SITE_ITEMS) == {
        "local_infection", "lymphoedema", "tumour_irradiated", "recent_surgery",
    }  # fmt: skip


def test_a_site_is_stored_as_key_and_site_and_read_back():
    value = screening.site_key("lymphoedema", "arm_l")
    assert value == "lymphoedema:arm_l"
    assert screening.parse_site_key(value) == ("lymphoedema", "arm_l")
    assert screening.site_label(value) == "Lymphoedema: left shoulder, arm and hand"
    assert screening.parse_site_key("lymphoedema:elbow") is None
    assert screening.parse_site_key("nonsense:arm_l") is None


def test_pregnancy_at_any_stage_closes_the_abdomen_low_back_and_pelvis_asap_2013():
    """ASAP 2013; Dommerholt 2019: no abdominal or lumbopelvic needling in pregnancy."""
    closed = {b.site for b in screening.closed_sites([], ["pregnancy"])}
    assert closed == {"abdomen_l", "abdomen_r", "low_back_pelvis_l", "low_back_pelvis_r"}


def test_every_muscle_of_the_knowledge_base_falls_in_an_area():
    for muscle in catalog().muscles:
        assert screening.area_of(muscle.id, muscle.group) in screening.AREAS


def test_a_midline_needling_enters_both_sides():
    assert screening.sites_of("pyramidalis", "abdomen_pelvis", "midline") == [
        "abdomen_l", "abdomen_r",
    ]  # fmt: skip
    assert screening.sites_of("biceps_brachii", "shoulder_arm", "left") == ["arm_l"]


def test_legacy_keys_keep_their_labels():
    assert screening.labels(
        ["lymphoedema_limb"], screening.ABSOLUTE_CONTRAINDICATIONS, screening.LEGACY_ABSOLUTE
    ) == ["Needling into a limb with lymphoedema (limb not named)"]
