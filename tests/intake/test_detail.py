"""The intake page: the drawing on the figures, the scores and history, the screening shown
prominently, and the differential of the drawing."""

from django.utils import timezone

from taut.clinical import screening
from tests.episodes.factories import make_intake
from tests.intake.base import IntakeTestCase


class IntakePageTests(IntakeTestCase):
    def page(self, **fields):
        intake = make_intake(self.episode, self.alice, **fields)
        self.login(self.alice)
        response = self.client.get(self.url(f"{intake.pk}/"))
        assert response.status_code == 200
        return response

    def test_it_draws_the_marked_regions_by_intensity_read_only(self):
        response = self.page()
        self.assertContains(response, "region pain-7")
        self.assertContains(response, "region pain-5")
        self.assertNotContains(response, "data-bodymap")
        self.assertContains(
            response, "<td>Temple, right</td><td>7/10</td><td>Aching</td>", html=True
        )

    def test_it_shows_the_head_figure_only_when_the_head_is_marked(self):
        views = [f["view"] for f in self.page().context["figures"]]
        assert views == ["anterior", "posterior", "head"]
        mid_back = [{"id": "mid_back_r", "intensity": 4}]
        views = [f["view"] for f in self.page(drawing=mid_back).context["figures"]]
        assert views == ["anterior", "posterior"]

    def test_it_shows_the_scores_causes_and_goals(self):
        response = self.page(
            pain_now=6, causes=["poor_posture", "chronic_stress"], other_cause="New chair",
            goals="Sleep through the night.", onset="injury",
            onset_date=timezone.localdate() - timezone.timedelta(days=21),
        )  # fmt: skip
        self.assertContains(response, "<strong>6</strong>/10", html=True)
        self.assertContains(response, "Poor or sustained posture; Chronic stress; New chair")
        self.assertContains(response, "Sleep through the night.")
        self.assertContains(response, "After an injury")
        self.assertContains(response, "(3 weeks ago)")

    def test_red_flags_are_shown_prominently_with_the_referral_advice(self):
        response = self.page(red_flags=["bowel_bladder", "saddle_numbness"])
        body = response.content.decode()
        alert = body[body.index('class="red-flags" role="alert"') :]
        alert = alert[: alert.index("</section>")]
        assert "New change in bowel or bladder control" in alert
        assert "Numbness around the groin" in alert
        assert screening.REFERRAL_ADVICE in alert

    def test_without_red_flags_there_is_no_alert(self):
        response = self.page()
        self.assertNotContains(response, 'class="red-flags"')
        self.assertContains(response, "No red flag reported.")

    def test_an_absolute_contraindication_reads_needling_blocked(self):
        response = self.page(
            absolute_contraindications=["lymphoedema_limb"], relative_contraindications=["epilepsy"]
        )
        self.assertContains(
            response,
            "Needling blocked:</strong> Needling into a limb with lymphoedema (limb not named).",
        )
        self.assertContains(response, "Epilepsy")

    def test_a_contraindication_at_a_site_names_the_site_and_leaves_the_rest_open(self):
        response = self.page(site_contraindications=["lymphoedema:arm_l", "local_infection:leg_r"])
        self.assertContains(response, "No needling at these sites")
        self.assertContains(response, "Lymphoedema: left shoulder, arm and hand")
        self.assertContains(response, "Infection or broken skin: right hip, thigh, leg and foot")
        self.assertNotContains(response, "Needling blocked:")

    def test_it_shows_the_top_five_candidates_and_the_explanation_set(self):
        response = self.page()
        differential = response.context["differential"]
        assert len(differential["candidates"]) == 5
        top = differential["candidates"][0]
        assert (top["trigger_point"], top["side"]) == ("upper_trapezius_tp1", "right")
        assert top["explains"] == ["Temple, right", "Back and side of the neck, right"]
        assert [c["trigger_point"] for c in differential["explanation"]] == ["upper_trapezius_tp1"]
        self.assertContains(response, 'href="/reference/muscles/upper_trapezius/"', count=2)
        self.assertContains(response, 'href="/reference/muscles/temporalis/"', count=2)
        # Every listed candidate explains part of the drawing.
        assert all(c["explains"] for c in differential["candidates"])
        self.assertContains(response, "Central anterior fibres (TrP1)")

    def test_an_empty_drawing_has_no_differential(self):
        response = self.page(drawing=[], pain_now=0)
        self.assertContains(response, "Nothing was drawn, so there is no differential.")
        self.assertContains(response, "Nothing was drawn.")

    def test_a_stored_drawing_the_atlas_no_longer_knows_does_not_break_the_page(self):
        response = self.page(drawing=[{"id": "retired_region_r", "intensity": 5}])
        self.assertContains(response, "could not be read by the differential")
