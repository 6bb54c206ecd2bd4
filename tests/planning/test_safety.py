"""Red flags and contraindications at a site in the plan proposal (taut/planning/proposal.py).
Red flags: Finucane et al. 2020 and the sources in taut/clinical/screening.py; sites: ASAP 2013
and Dommerholt 2019."""

import dataclasses

from taut.clinical.screening import SiteBlock
from taut.planning import rules
from taut.planning.proposal import propose
from tests.planning.test_proposal import SEVERE_CHRONIC, active

DEFAULTS = rules.defaults()
FLAGS = ("Numbness around the groin, genitals or back passage",)


def test_a_red_flag_without_a_decision_proposes_no_needling_finucane_2020():
    """Finucane 2020: the red flag is shown, and needling waits for the clinician's decision."""
    p = propose(dataclasses.replace(SEVERE_CHRONIC, red_flags=FLAGS, red_flag_status="pending"),
                DEFAULTS)  # fmt: skip
    assert p.needling_targets.value == [] and p.targets_per_visit.value == 0
    assert any("Red flag on the intake (Numbness around the groin" in c for c in p.cautions)
    assert "no decision on it is recorded yet" in p.needling_targets.why[0]
    assert "No needling in this plan: soft tissue work carries the treatment." in (
        p.soft_tissue.why
    )
    assert p.exercises.value


def test_a_referral_proposes_no_needling():
    p = propose(dataclasses.replace(SEVERE_CHRONIC, red_flags=FLAGS, red_flag_status="referred"),
                DEFAULTS)  # fmt: skip
    assert p.needling_targets.value == []
    assert any("the patient was referred" in c for c in p.cautions)


def test_a_cleared_red_flag_keeps_the_targets_and_a_caution_with_the_reason():
    inputs = dataclasses.replace(
        SEVERE_CHRONIC, red_flags=FLAGS, red_flag_status="cleared",
        red_flag_reason="Saddle sensation normal on testing",
    )  # fmt: skip
    p = propose(inputs, DEFAULTS)
    assert p.needling_targets.value
    assert p.cautions[0] == (
        "Red flag on the intake (Numbness around the groin, genitals or back passage): cleared "
        "after assessment: Saddle sensation normal on testing. Needle with that in mind."
    )


def test_lymphoedema_of_one_arm_drops_only_that_arms_targets_asap_2013():
    """ASAP 2013; Dommerholt 2019: lymphoedema closes the affected limb, not the whole body."""
    inputs = dataclasses.replace(
        SEVERE_CHRONIC,
        findings=(active("infraspinatus_tp1", "infraspinatus", side="left"),
                  active("infraspinatus_tp1", "infraspinatus", side="right"),
                  active("upper_trapezius_tp1", "upper_trapezius", side="left")),
        closed_sites=(SiteBlock("arm_l", "Lymphoedema"),),
    )  # fmt: skip
    p = propose(inputs, DEFAULTS)
    kept = [(t["muscle"], t["side"]) for t in p.needling_targets.value]
    assert kept == [("infraspinatus", "right"), ("upper_trapezius", "left")]
    assert any(
        "Infraspinatus (left): lymphoedema, left shoulder, arm and hand" in c for c in p.cautions
    )


def test_pregnancy_drops_abdominal_and_lumbopelvic_targets_asap_2013():
    inputs = dataclasses.replace(
        SEVERE_CHRONIC,
        findings=(active("quadratus_lumborum_superficial_tp1", "quadratus_lumborum_superficial"),
                  active("upper_trapezius_tp1", "upper_trapezius")),
        closed_sites=(SiteBlock("low_back_pelvis_r", "Pregnancy"),
                      SiteBlock("low_back_pelvis_l", "Pregnancy")),
    )  # fmt: skip
    p = propose(inputs, DEFAULTS)
    assert [t["muscle"] for t in p.needling_targets.value] == ["upper_trapezius"]
