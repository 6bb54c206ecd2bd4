"""The palpation exam: findings classified by the 2018 Delphi consensus."""

from taut.clinical.delphi import Classification
from taut.exams.models import PalpationFinding
from tests.exams.base import AssessmentTestCase


class PalpationTests(AssessmentTestCase):
    def palpate(self, tp="upper_trapezius_tp1", side="right", *criteria):
        data = {"trigger_point": tp, "side": side, **dict.fromkeys(criteria, "on")}
        return self.post(self.url("findings/"), data)

    def setUp(self):
        self.login(self.alice)

    def classified(self, *criteria) -> Classification:
        self.palpate("upper_trapezius_tp1", "right", *criteria)
        return PalpationFinding.objects.get(trigger_point="upper_trapezius_tp1").classification

    def test_two_criteria_and_recognised_pain_make_an_active_trigger_point(self):
        found = self.classified("taut_band", "hypersensitive_spot", "recognised_pain")
        assert found == Classification.ACTIVE

    def test_two_criteria_without_recognised_pain_make_a_latent_one(self):
        assert self.classified("taut_band", "referred_pain") == Classification.LATENT

    def test_all_three_criteria_without_recognised_pain_are_still_latent(self):
        found = self.classified("taut_band", "hypersensitive_spot", "referred_pain")
        assert found == Classification.LATENT

    def test_one_criterion_is_not_a_trigger_point_even_with_a_twitch_and_recognised_pain(self):
        found = self.classified("taut_band", "recognised_pain", "local_twitch")
        assert found == Classification.NOT_A_TRIGGER_POINT

    def test_the_list_states_the_classification_the_rule_and_its_source(self):
        self.palpate("upper_trapezius_tp1", "right", "taut_band", "hypersensitive_spot",
                     "recognised_pain")  # fmt: skip
        self.palpate("levator_scapulae_tp1", "left", "taut_band")
        body = self.client.get(self.url()).content.decode()
        assert "Active</span>" in body and "Not a trigger point</span>" in body
        assert "2 of 3 essential criteria (taut band, hypersensitive spot)" in body
        assert "1 of 3 essential criteria (taut band); at least 2 are needed." in body
        assert "at least two of taut band, hypersensitive spot and referred pain" in body
        assert "Fernandez-de-las-Penas C, Dommerholt J" in body and "2018" in body

    def test_the_same_point_and_side_again_updates_the_finding(self):
        self.palpate("upper_trapezius_tp1", "right", "taut_band")
        response = self.palpate("upper_trapezius_tp1", "right", "taut_band", "referred_pain")
        assert response.status_code == 302
        finding = PalpationFinding.objects.get()
        assert finding.referred_pain and finding.classification == Classification.LATENT

    def test_the_other_side_is_a_finding_of_its_own(self):
        self.palpate("upper_trapezius_tp1", "right", "taut_band")
        self.palpate("upper_trapezius_tp1", "left", "taut_band")
        assert PalpationFinding.objects.count() == 2

    def test_the_edit_link_prefills_the_criteria_already_found(self):
        self.palpate("upper_trapezius_tp1", "right", "taut_band", "recognised_pain")
        response = self.client.get(self.url(), {"tp": "upper_trapezius_tp1", "side": "right"})
        initial = response.context["finding_form"].initial
        assert initial["taut_band"] and initial["recognised_pain"] and not initial["referred_pain"]

    def test_an_unknown_trigger_point_is_refused(self):
        response = self.palpate("upper_trapezius_tp9", "right", "taut_band")
        assert response.status_code == 200
        assert "trigger_point" in response.context["finding_form"].errors
        assert not PalpationFinding.objects.exists()

    def test_an_unknown_side_is_refused(self):
        response = self.palpate("upper_trapezius_tp1", "top", "taut_band")
        assert "side" in response.context["finding_form"].errors
        assert not PalpationFinding.objects.exists()

    def test_the_midline_is_refused_for_a_point_that_lies_to_one_side(self):
        response = self.palpate("upper_trapezius_tp1", "midline", "taut_band")
        assert "choose left or right" in response.context["finding_form"].errors["side"][0]
        assert not PalpationFinding.objects.exists()

    def test_the_midline_is_accepted_for_a_point_over_the_midline(self):
        self.palpate("coccygeus_tp1", "midline", "taut_band", "hypersensitive_spot")
        assert PalpationFinding.objects.get().side == "midline"

    def test_a_finding_can_be_removed(self):
        self.palpate("upper_trapezius_tp1", "right", "taut_band")
        finding = PalpationFinding.objects.get()
        self.post(self.url(f"findings/{finding.pk}/remove/"))
        assert not PalpationFinding.objects.exists()

    def test_a_get_never_writes(self):
        assert self.client.get(self.url("findings/")).status_code == 405
