"""The differential on the assessment page: palpation findings are evidence, and what the
clinician saw is kept with the assessment."""

from taut.exams import differential
from taut.exams.models import Assessment, PalpationFinding
from tests.exams.base import AssessmentTestCase

LEVATOR = ("levator_scapulae_tp1", "right")
TRAPEZIUS = ("upper_trapezius_tp1", "right")


def rank_and_probability(candidates, key):
    for rank, c in enumerate(candidates, 1):
        if (c["trigger_point"], c["side"]) == key:
            return rank, c["probability"]
    return None, 0.0


class DifferentialTests(AssessmentTestCase):
    def setUp(self):
        self.login(self.alice)

    def candidates(self):
        return self.client.get(self.url()).context["differential"]["candidates"]

    def palpate(self, key, *criteria):
        data = {"trigger_point": key[0], "side": key[1], **dict.fromkeys(criteria, "on")}
        assert self.post(self.url("findings/"), data).status_code == 302

    def test_a_positive_finding_lifts_its_candidate(self):
        rank_before, p_before = rank_and_probability(self.candidates(), LEVATOR)
        assert rank_before > 1
        self.palpate(LEVATOR, "taut_band", "hypersensitive_spot", "recognised_pain")
        rank_after, p_after = rank_and_probability(self.candidates(), LEVATOR)
        assert p_after > p_before and rank_after < rank_before

    def test_a_latent_trigger_point_is_not_the_source_of_the_drawn_pain(self):
        _, p_before = rank_and_probability(self.candidates(), TRAPEZIUS)
        self.palpate(TRAPEZIUS, "taut_band", "referred_pain")
        shown = self.client.get(self.url()).context["differential"]
        _, p_after = rank_and_probability(shown["candidates"], TRAPEZIUS)
        assert p_after < p_before
        assert TRAPEZIUS[0] not in [c["trigger_point"] for c in shown["explanation"]]

    def test_a_point_that_is_not_a_trigger_point_lowers_its_candidate(self):
        _, p_before = rank_and_probability(self.candidates(), TRAPEZIUS)
        self.palpate(TRAPEZIUS, "taut_band")
        _, p_after = rank_and_probability(self.candidates(), TRAPEZIUS)
        assert p_after < p_before

    def test_the_shown_differential_is_kept_with_the_assessment_when_saved(self):
        self.palpate(LEVATOR, "taut_band", "hypersensitive_spot", "recognised_pain")
        kept = Assessment.objects.get(pk=self.assessment.pk).differential
        shown = self.client.get(self.url()).context["differential"]
        assert kept["intake"] == self.intake.pk
        assert kept["findings"] == [
            {"trigger_point": LEVATOR[0], "side": "right", "result": "positive"}
        ]
        assert [c["trigger_point"] for c in kept["candidates"]] == [
            c["trigger_point"] for c in shown["candidates"]
        ]
        assert [c["probability"] for c in kept["candidates"]] == [
            c["probability"] for c in shown["candidates"]
        ]

    def test_any_saved_section_refreshes_the_kept_differential(self):
        self.post(self.url("diagnoses/"), {"codes": ["M79.12"]})
        kept = Assessment.objects.get(pk=self.assessment.pk).differential
        assert kept["candidates"][0]["trigger_point"] == "upper_trapezius_tp1"


class EvidenceTests(AssessmentTestCase):
    def finding(self, tp, side, **criteria):
        return PalpationFinding(assessment=self.assessment, trigger_point=tp, side=side, **criteria)

    def test_active_points_are_positive_latent_ones_latent_and_others_negative(self):
        active = self.finding(
            "levator_scapulae_tp1",
            "left",
            taut_band=True,
            hypersensitive_spot=True,
            recognised_pain=True,
        )
        latent = self.finding("upper_trapezius_tp1", "left", taut_band=True, referred_pain=True)
        not_found = self.finding("levator_scapulae_tp1", "right", taut_band=True)
        assert differential.evidence_findings([active, latent, not_found]) == [
            {"trigger_point": "levator_scapulae_tp1", "side": "left", "result": "positive"},
            {"trigger_point": "upper_trapezius_tp1", "side": "left", "result": "latent"},
            {"trigger_point": "levator_scapulae_tp1", "side": "right", "result": "negative"},
        ]

    def test_both_sides_of_a_pattern_that_is_the_same_from_either_side_count_once(self):
        # coccygeus_tp1 refers only to midline regions: one candidate for both sides.
        left = self.finding("coccygeus_tp1", "left", taut_band=True)
        right = self.finding("coccygeus_tp1", "right", taut_band=True, referred_pain=True)
        assert differential.evidence_findings([left, right]) == [
            {"trigger_point": "coccygeus_tp1", "side": "midline", "result": "latent"}
        ]

    def test_a_point_dropped_from_the_knowledge_base_is_left_out(self):
        gone = self.finding("retired_tp1", "left", taut_band=True, referred_pain=True)
        assert differential.evidence_findings([gone]) == []
