"""Building the proposal's inputs from an episode's records."""

from taut.plans.inputs import plan_inputs, proposal_for
from tests.base import ClinicTestCase
from tests.plans.factories import NDI_MODERATE, add_response, make_assessed_episode

ACR_MET = {
    "areas": ["left_shoulder_girdle", "right_upper_arm", "left_hip", "right_lower_leg", "neck",
              "lower_back", "left_jaw"],
    "fatigue": 2, "waking_unrefreshed": 2, "cognitive": 1, "headaches": 1,
    "lower_abdominal": 0, "depression": 0, "duration_months": 6,
}  # fmt: skip


class PlanInputsTests(ClinicTestCase):
    def test_it_reads_the_intake_assessment_and_range_of_motion(self):
        episode = make_assessed_episode(
            self.patient, self.alice, pain=6, weeks=20,
            active=("upper_trapezius_tp1", "levator_scapulae_tp1"), latent=("rhomboids_tp1",),
            relative=("pregnancy",),
        )  # fmt: skip
        inputs = plan_inputs(episode)
        assert inputs.pain == 6 and "intake" in inputs.pain_from
        assert inputs.days_since_onset == 140
        assert len(inputs.active) == 2 and len(inputs.latent) == 1
        assert inputs.relative_contraindications == ("Pregnancy",)
        assert inputs.rom[0].normal == 60 and inputs.causes == ("poor_posture",)
        assert inputs.fibromyalgia is None

    def test_questionnaires_give_pain_function_and_fibromyalgia(self):
        episode = make_assessed_episode(self.patient, self.alice, pain=4)
        add_response(episode, self.alice, "nprs", [8])
        add_response(episode, self.alice, "ndi", NDI_MODERATE)
        add_response(episode, self.alice, "acr2016", ACR_MET)
        inputs = plan_inputs(episode)
        assert inputs.pain == 8 and inputs.pain_from.startswith("NPRS")
        assert [(f.instrument, f.score, f.band) for f in inputs.function] == [
            ("ndi", 44, "moderate")
        ]
        assert inputs.fibromyalgia is True
        proposal, _, _ = proposal_for(episode)
        assert proposal.visits_per_week.value == 1  # the fibromyalgia rule


class PainAndOnsetTests(ClinicTestCase):
    def test_a_newer_intake_beats_an_older_nprs(self):
        from datetime import timedelta

        from django.utils import timezone

        episode = make_assessed_episode(self.patient, self.alice, pain=7)
        old = add_response(episode, self.alice, "nprs", [3])
        old.answered_at = timezone.now() - timedelta(days=30)
        old.save(update_fields=["answered_at"])
        inputs = plan_inputs(episode)
        assert inputs.pain == 7 and "intake" in inputs.pain_from

    def test_a_newer_nprs_beats_the_intake(self):
        episode = make_assessed_episode(self.patient, self.alice, pain=7)
        add_response(episode, self.alice, "nprs", [3])
        inputs = plan_inputs(episode)
        assert inputs.pain == 3 and inputs.pain_from.startswith("NPRS")

    def test_days_since_onset_run_to_the_day_of_the_plan_not_the_intake(self):
        from datetime import timedelta

        from django.utils import timezone

        episode = make_assessed_episode(self.patient, self.alice, weeks=10)
        later = timezone.localdate() + timedelta(days=15)
        inputs = plan_inputs(episode, today=later)
        assert inputs.days_since_onset == 85
        proposal, _, _ = proposal_for(episode)
        assert proposal.chronicity.value == "subacute"
        from taut.planning.proposal import propose
        from taut.planning.rules import defaults

        assert propose(inputs, defaults()).chronicity.value == "chronic"
