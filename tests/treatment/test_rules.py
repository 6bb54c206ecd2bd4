"""When needling may be recorded, and what must be considered first (taut/treatment/rules.py)."""

from taut.intake.models import Intake
from taut.treatment import rules
from tests.episodes.factories import make_episode, make_intake
from tests.treatment.base import SessionTestCase


class BlockerTests(SessionTestCase):
    def test_an_episode_with_consent_and_a_clean_screen_has_no_blocker(self):
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == []

    def test_no_consent_in_force_blocks_needling(self):
        self.withdraw_consent()
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == ["No consent on file"]

    def test_an_absolute_contraindication_of_the_latest_intake_blocks_needling(self):
        make_intake(self.episode, self.alice, absolute_contraindications=["needle_phobia"])
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == ["Needle phobia"]

    def test_only_the_latest_intake_counts(self):
        Intake.objects.filter(pk=self.intake.pk).update(
            absolute_contraindications=["needle_phobia"]
        )
        make_intake(self.episode, self.alice)
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == []

    def test_another_episodes_consent_does_not_count(self):
        other = make_episode(self.patient, self.alice, title="Low back pain")
        assert rules.needling_blockers(rules.OnFile.of(other)) == ["No consent on file"]


class WarningTests(SessionTestCase):
    def test_a_muscle_over_the_lung_is_a_warning_once(self):
        warnings = rules.needling_warnings(
            rules.OnFile.of(self.episode), ["upper_trapezius", "upper_trapezius", "infraspinatus"]
        )
        assert warnings == [
            "Pneumothorax risk: Upper trapezius",
            "Pneumothorax risk: Infraspinatus",
        ]

    def test_a_muscle_away_from_the_lung_is_not(self):
        assert (
            rules.needling_warnings(rules.OnFile.of(self.episode), ["sternocleidomastoid_sternal"])
            == []
        )

    def test_each_relative_contraindication_of_the_latest_intake_is_a_warning(self):
        make_intake(
            self.episode, self.alice, relative_contraindications=["anticoagulants", "pregnancy"]
        )
        assert rules.needling_warnings(rules.OnFile.of(self.episode), ["gluteus_medius"]) == [
            "Anticoagulants or a bleeding disorder", "Pregnancy",
        ]  # fmt: skip

    def test_an_unknown_muscle_is_left_to_the_form(self):
        assert rules.needling_warnings(rules.OnFile.of(self.episode), ["no_such_muscle"]) == []


class SiteTests(SessionTestCase):
    """Contraindications at a site close that site only (ASAP 2013; Dommerholt 2019)."""

    def test_lymphoedema_of_the_left_arm_refuses_only_the_left_arm_asap_2013(self):
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_l"])
        refused = rules.site_refusals(
            rules.OnFile.of(self.episode),
            [("biceps_brachii", "left"), ("biceps_brachii", "right"), ("temporalis", "left")],
        )
        assert refused == ["Biceps brachii (left): lymphoedema, left shoulder, arm and hand"]

    def test_local_infection_blocks_needling_at_that_site_not_a_warning_asap_2013(self):
        make_intake(self.episode, self.alice, site_contraindications=["local_infection:leg_r"])
        assert rules.site_refusals(
            rules.OnFile.of(self.episode), [("tibialis_anterior", "right")]
        ) == ["Tibialis anterior (right): infection or broken skin, right hip, thigh, leg and foot"]
        assert rules.needling_warnings(rules.OnFile.of(self.episode), ["tibialis_anterior"]) == []

    def test_pregnancy_closes_the_abdomen_and_low_back_at_any_stage_asap_2013(self):
        make_intake(self.episode, self.alice, relative_contraindications=["pregnancy"])
        refused = rules.site_refusals(
            rules.OnFile.of(self.episode),
            [("quadratus_lumborum_deep", "left"), ("upper_trapezius", "left")],
        )
        assert refused == [
            "Quadratus lumborum, deep (medial) fibres (left): pregnancy, left low back, buttock "
            "and pelvis"
        ]

    def test_a_first_trimester_pregnancy_blocks_all_needling(self):
        make_intake(
            self.episode, self.alice, absolute_contraindications=["pregnancy_first_trimester"]
        )
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == [
            "Pregnancy, first trimester"
        ]

    def test_an_older_intake_with_lymphoedema_and_no_limb_still_blocks_everything(self):
        make_intake(self.episode, self.alice, absolute_contraindications=["lymphoedema_limb"])
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == [
            "Needling into a limb with lymphoedema (limb not named)"
        ]
