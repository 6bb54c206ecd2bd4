"""Starting an assessment and reading its page."""

from taut.exams.models import Assessment
from tests.exams.base import AssessmentTestCase
from tests.exams.factories import make_assessment, make_episode


class CreateTests(AssessmentTestCase):
    def test_a_get_asks_to_confirm_and_writes_nothing(self):
        self.login(self.alice)
        response = self.client.get(self.url("new/"))
        assert response.status_code == 200 and b"Start the assessment" in response.content
        assert Assessment.objects.count() == 1

    def test_a_clinician_starts_an_assessment_and_lands_on_it(self):
        self.login(self.alice)
        response = self.post(self.url("new/"))
        assessment = Assessment.objects.exclude(pk=self.assessment.pk).get()
        assert response.status_code == 302 and response.url == self.url("", assessment)
        a = assessment
        assert (a.clinic, a.patient, a.episode, a.clinician) == (
            self.clinic, self.patient, self.episode, self.alice,
        )  # fmt: skip

    def test_it_keeps_the_differential_it_started_from(self):
        self.login(self.alice)
        self.post(self.url("new/"))
        kept = Assessment.objects.exclude(pk=self.assessment.pk).get().differential
        assert kept["intake"] == self.intake.pk and kept["computed_at"]
        assert kept["candidates"][0]["trigger_point"] == "upper_trapezius_tp1"
        assert kept["explanation"] and kept["findings"] == []


class PageTests(AssessmentTestCase):
    def test_it_shows_the_differential_of_the_latest_intake(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        assert response.status_code == 200
        candidates = response.context["differential"]["candidates"]
        assert len(candidates) == 10
        first = candidates[0]
        assert (first["trigger_point"], first["side"]) == ("upper_trapezius_tp1", "right")
        body = response.content.decode()
        assert 'href="/reference/muscles/upper_trapezius/"' in body
        assert f"{first['probability'] * 100:.1f} %" in body
        assert "Explanation set" in body

    def test_a_candidate_links_to_a_prefilled_palpation_form(self):
        self.login(self.alice)
        response = self.client.get(self.url(), {"tp": "levator_scapulae_tp1", "side": "right"})
        form = response.context["finding_form"]
        assert form.initial == {"trigger_point": "levator_scapulae_tp1", "side": "right"}
        assert b"?tp=levator_scapulae_tp1&amp;side=right#palpation" in response.content

    def test_an_unknown_trigger_point_in_the_link_is_ignored(self):
        self.login(self.alice)
        response = self.client.get(self.url(), {"tp": "no_such_tp", "side": "right"})
        assert response.status_code == 200 and response.context["finding_form"].initial == {}

    def test_without_an_intake_it_says_so(self):
        episode = make_episode(self.patient, self.alice, "Heel pain")
        assessment = make_assessment(episode, self.alice)
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/episodes/{episode.pk}/assessments/{assessment.pk}/"
        response = self.client.get(url)
        assert response.status_code == 200
        assert b"No intake in this episode yet" in response.content
        assert response.context["differential"]["candidates"] == []

    def test_an_unreadable_drawing_is_reported_not_a_500(self):
        self.intake.drawing = [{"id": "no_such_region", "intensity": 5}]
        self.intake.save()
        self.login(self.alice)
        response = self.client.get(self.url())
        assert response.status_code == 200
        assert b"could not be read" in response.content

    def test_a_section_with_errors_keeps_the_rest_of_the_page_working(self):
        self.login(self.alice)
        response = self.post(self.url("rom/"), {"rom-movement": "neck_flexion"})
        assert response.status_code == 200 and "degrees" in response.context["rom_form"].errors
        # Links of the page re-shown at the section's URL still lead to the page itself.
        assert f'href="{self.url()}?tp=upper_trapezius_tp1&amp;side=right#palpation"' in (
            response.content.decode()
        )
