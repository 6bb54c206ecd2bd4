"""Diagnoses: ticked from the ICD-10-CM list, never typed."""

from taut.exams.models import Diagnosis
from tests.exams.base import AssessmentTestCase


class DiagnosisTests(AssessmentTestCase):
    def setUp(self):
        self.login(self.alice)

    def tick(self, *codes):
        return self.post(self.url("diagnoses/"), {"codes": list(codes)})

    def codes(self) -> list[str]:
        return list(self.assessment.diagnoses.values_list("code", flat=True))

    def test_the_codes_ticked_are_saved(self):
        response = self.tick("M79.12", "M79.18")
        assert response.status_code == 302 and self.codes() == ["M79.12", "M79.18"]

    def test_unticking_removes_and_ticking_adds(self):
        self.tick("M79.12", "M79.18")
        self.tick("M79.18", "M79.7")
        assert self.codes() == ["M79.18", "M79.7"]
        self.tick()
        assert self.codes() == []

    def test_a_code_not_on_the_list_gives_a_field_error_and_changes_nothing(self):
        self.tick("M79.12")
        for code in ("M54.2", "M79.12; DROP TABLE", "m79.18"):
            response = self.tick("M79.18", code)
            assert response.status_code == 200, code
            assert (
                "is not a code of the list"
                in response.context["assessment_form"].errors["codes"][0]
            )
        assert self.codes() == ["M79.12"]

    def test_the_form_shows_the_saved_codes_ticked(self):
        self.tick("M79.11")
        response = self.client.get(self.url())
        assert response.context["assessment_form"]["codes"].value() == ["M79.11"]
        assert b'value="M79.11" id="assessment_codes_1" checked' in response.content

    def test_the_other_findings_note_is_saved(self):
        self.post(self.url("note/"), {"findings_note": "Forward head posture."})
        self.assessment.refresh_from_db()
        assert self.assessment.findings_note == "Forward head posture."
        assert not Diagnosis.objects.exists()
