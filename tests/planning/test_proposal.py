"""The plan proposal on contrasting cases: each gives a different plan and says why."""

import dataclasses

from taut.planning import rules
from taut.planning.inputs import Finding, FunctionScore, PlanInputs, RomRow
from taut.planning.proposal import propose
from taut.scoring import Rule, Thresholds

DEFAULTS = rules.defaults()


def active(tp, muscle, side="right", probability=0.0, criteria=3):
    return Finding(tp, muscle, side, "active", probability, criteria)


def latent(tp, muscle, side="right", probability=0.0):
    return Finding(tp, muscle, side, "latent", probability, 2)


MILD_ACUTE = PlanInputs(
    pain=3, pain_from="intake", days_since_onset=14,
    findings=(active("upper_trapezius_tp1", "upper_trapezius"),), causes=("poor_posture",),
)  # fmt: skip
SIX_ACTIVE = (
    active("upper_trapezius_tp1", "upper_trapezius", probability=0.2),
    active("upper_trapezius_tp2", "upper_trapezius", probability=0.6),
    active("levator_scapulae_tp1", "levator_scapulae", probability=0.4),
    active("levator_scapulae_tp2", "levator_scapulae"),
    active("infraspinatus_tp1", "infraspinatus"),
    active("splenius_capitis_tp1", "splenius_capitis"),
)
SEVERE_CHRONIC = PlanInputs(
    pain=8, pain_from="NPRS", days_since_onset=210,
    function=(FunctionScore("ndi", 44, "moderate"),),
    findings=(latent("rhomboids_tp1", "rhomboids", probability=0.9), *SIX_ACTIVE),
    rom=(RomRow("neck_rotation", "Neck rotation", "left", 35, 60),
         RomRow("neck_flexion", "Neck flexion", "midline", 44, 45)),
    psfs=3.5,
)  # fmt: skip
FIBROMYALGIA = dataclasses.replace(SEVERE_CHRONIC, fibromyalgia=True)
NEEDLE_PHOBIA = dataclasses.replace(SEVERE_CHRONIC, absolute_contraindications=("Needle phobia",))


def test_mild_acute_pain_with_one_active_point_gets_a_short_weekly_course():
    p = propose(MILD_ACUTE, DEFAULTS)
    assert (p.severity.value, p.chronicity.value) == ("mild", "acute")
    assert (p.visits_per_week.value, p.visits.value) == (1, 3)
    assert "Pain 3/10 (intake) is mild" in p.severity.why[0]
    assert "2 weeks ago: acute" in p.chronicity.why[0]
    assert [t["trigger_point"] for t in p.needling_targets.value] == ["upper_trapezius_tp1"]
    assert p.reassess_after_visits.value == 3  # not after the course has ended
    assert p.prevention.value == ["poor_posture"]


def test_severe_chronic_pain_with_six_active_points_gets_more_visits_and_says_why():
    p = propose(SEVERE_CHRONIC, DEFAULTS)
    assert (p.severity.value, p.chronicity.value) == ("severe", "chronic")
    # 2 a week for 6 weeks, plus 2 for at least 4 active trigger points
    assert (p.visits_per_week.value, p.visits.value) == (2, 14)
    assert any("6 active trigger points (at least 4): 2 more visits" in w for w in p.visits.why)
    assert p.soft_tissue.value == ["massage", "heat"]
    assert p.visits.value > propose(MILD_ACUTE, DEFAULTS).visits.value


def test_active_points_come_first_ranked_by_the_differential_score_then_latent():
    order = [t["trigger_point"] for t in propose(SEVERE_CHRONIC, DEFAULTS).needling_targets.value]
    assert order[:3] == ["upper_trapezius_tp2", "levator_scapulae_tp1", "upper_trapezius_tp1"]
    assert order[-1] == "rhomboids_tp1"  # latent, despite the highest score


def test_fibromyalgia_gets_gentler_weekly_dosing_and_fewer_needles_per_visit():
    p = propose(FIBROMYALGIA, DEFAULTS)
    assert (p.visits_per_week.value, p.visits.value) == (1, 6)
    assert (
        p.targets_per_visit.value == 2 < propose(SEVERE_CHRONIC, DEFAULTS).targets_per_visit.value
    )
    assert "Casanueva" in p.visits_per_week.why[0]
    assert any("Fibromyalgia" in w for w in p.exercises.why)


def test_an_absolute_contraindication_removes_needling_and_says_why():
    p = propose(NEEDLE_PHOBIA, DEFAULTS)
    assert p.needling_targets.value == []
    assert "Needle phobia" in p.needling_targets.why[0]
    assert p.targets_per_visit.value == 0
    assert p.soft_tissue.value and any("No needling" in w for w in p.soft_tissue.why)
    assert {e["muscle"] for e in p.exercises.value} >= {"upper_trapezius", "levator_scapulae"}


def test_a_relative_contraindication_keeps_needling_with_a_caution():
    p = propose(
        dataclasses.replace(MILD_ACUTE, relative_contraindications=("Pregnancy",)), DEFAULTS
    )
    assert p.needling_targets.value
    assert any("caution" in c and "Pregnancy" in c for c in p.cautions)


def test_goals_are_measures_with_their_sources():
    goals = {g["measure"]: g for g in propose(SEVERE_CHRONIC, DEFAULTS).goals.value}
    # 8 down by at least 2 points or 30% (2.4), whichever is smaller: 6 or less
    assert goals["nprs"]["target"] == 6 and "Farrar" in goals["nprs"]["why"]
    assert "2 points or 30%" in goals["nprs"]["why"]
    assert goals["ndi"]["target"] == 10 and "Vernon" in goals["ndi"]["why"]
    assert goals["neck_rotation"]["target"] == 60
    assert "neck_flexion" not in goals  # 44 of 45 degrees is not deficient
    assert goals["psfs"]["target"] == 5.5


def test_the_clinics_pain_threshold_changes_the_pain_goal():
    strict = Thresholds(nprs=Rule(points=3, percent=50, combine="all"))
    goal = propose(dataclasses.replace(SEVERE_CHRONIC, thresholds=strict), DEFAULTS).goals.value[0]
    assert goal["target"] == 4


def test_function_band_can_raise_severity_above_the_pain_band():
    inputs = dataclasses.replace(MILD_ACUTE, function=(FunctionScore("odi", 55, "severe"),))
    p = propose(inputs, DEFAULTS)
    assert p.severity.value == "severe"
    assert p.severity.why[-1] == "The worse of these decides: severe."


def test_no_findings_proposes_no_targets_and_says_so():
    p = propose(PlanInputs(pain=5), DEFAULTS)
    assert p.needling_targets.value == [] and p.exercises.value == []
    assert "No active or latent" in p.needling_targets.why[0]


def test_four_cases_give_four_different_plans():
    cases = (MILD_ACUTE, SEVERE_CHRONIC, FIBROMYALGIA, NEEDLE_PHOBIA)
    plans = [propose(c, DEFAULTS) for c in cases]
    shapes = {
        (
            p.visits.value,
            p.visits_per_week.value,
            p.targets_per_visit.value,
            len(p.needling_targets.value),
        )  # fmt: skip
        for p in plans
    }
    assert len(shapes) == 4


def test_an_exercise_the_library_lists_under_two_target_muscles_is_proposed_once():
    shoulder = dataclasses.replace(
        MILD_ACUTE,
        findings=(active("infraspinatus_tp1", "infraspinatus"),
                  active("teres_minor_tp1", "teres_minor")),
    )  # fmt: skip
    chosen = propose(shoulder, DEFAULTS).exercises.value
    names = [x["name"] for x in chosen]
    assert len(names) == len(set(names))
    shared = next(x for x in chosen if x["name"] == "Hand behind the back")
    assert shared["why"] == "stretch for Infraspinatus and Teres minor"
    assert {x["muscle"] for x in chosen} == {"infraspinatus", "teres_minor"}


def test_the_reason_for_chronicity_states_the_weeks_and_days():
    p = propose(dataclasses.replace(MILD_ACUTE, days_since_onset=85), DEFAULTS)
    assert p.chronicity.value == "chronic"
    assert "12 weeks and 1 day ago: chronic" in p.chronicity.why[0]


def function_goal(rule, score=60.0):
    inputs = dataclasses.replace(
        MILD_ACUTE, function=(FunctionScore("quickdash", score, ""),),
        thresholds=Thresholds(quickdash=rule),
    )  # fmt: skip
    return next(g for g in propose(inputs, DEFAULTS).goals.value if g["measure"] == "quickdash")


def test_a_function_goal_follows_the_clinics_any_or_all_rule():
    # 10 points or 30% of 60 (18 points): "any" needs the smaller drop, "all" the larger.
    assert function_goal(Rule(points=10, percent=30, combine="any"))["target"] == 50
    assert function_goal(Rule(points=10, percent=30, combine="all"))["target"] == 42
    assert "10 points or 30%" in function_goal(Rule(points=10, percent=30, combine="any"))["why"]


def test_the_pneumothorax_caution_lists_the_muscles_in_plain_words():
    cautions = " ".join(propose(SEVERE_CHRONIC, DEFAULTS).cautions)
    assert (
        "Upper trapezius, Levator scapulae, Infraspinatus and Rhomboid major and minor lie "
        "over the lung" in cautions
    )
    mild = " ".join(propose(MILD_ACUTE, DEFAULTS).cautions)
    assert "Upper trapezius lies over the lung" in mild
