"""Diagnoses: billable ICD-10-CM codes of the full set, ticked from the shortlist or a search,
never typed."""

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

    def test_a_code_that_is_not_billable_gives_a_field_error_and_changes_nothing(self):
        self.tick("M79.12")
        # G44.2 and M79.1 are categories; the others are not codes as the set writes them.
        for code in ("G44.2", "M79.1", "M79.12; DROP TABLE", "m79.18", "Z99.999"):
            response = self.tick("M79.18", code)
            assert response.status_code == 200, code
            errors = response.context["assessment_form"].errors["codes"]
            assert "is not a billable ICD-10-CM code" in errors[0]
        assert self.codes() == ["M79.12"]

    def test_any_billable_code_of_the_full_set_is_saved(self):
        response = self.tick("M54.2", "G44.209", "M79.12")
        assert response.status_code == 302
        assert self.codes() == ["G44.209", "M54.2", "M79.12"]
        page = self.client.get(self.url())
        assert b"M54.2 Cervicalgia" in page.content

    def test_searching_neck_pain_offers_cervicalgia(self):
        response = self.client.get(self.url(), {"dx": "neck pain"})
        assert ("M54.2", "M54.2 Cervicalgia") in response.context["assessment_form"].fields[
            "codes"
        ].choices

    def test_searching_a_category_offers_its_billable_codes_and_names_the_category(self):
        response = self.client.get(self.url(), {"dx": "G44.2-"})
        offered = dict(response.context["assessment_form"].fields["codes"].choices)
        assert {"G44.201", "G44.209", "G44.211", "G44.219", "G44.221", "G44.229"} <= set(offered)
        assert "G44.2" not in offered and "G44.20" not in offered
        assert response.context["dx_found"] == 6
        assert '<abbr title="Tension-type headache">G44.2</abbr>' in response.content.decode()

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

    def test_a_code_no_longer_in_the_set_stays_on_the_record_when_the_page_is_saved(self):
        Diagnosis.objects.create(assessment=self.assessment, code="M79.99")  # not a code now
        page = self.client.get(self.url())
        assert ("M79.99", "M79.99") in page.context["assessment_form"].fields["codes"].choices
        response = self.tick("M79.99", "M79.12")
        assert response.status_code == 302
        assert self.codes() == ["M79.12", "M79.99"]
