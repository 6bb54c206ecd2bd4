"""The clinician's download of one patient's FHIR Bundle, and the link to it."""

import json

from django.urls import reverse

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.fhir.validate import validate
from tests.fhir.base import FhirTestCase


class PatientDownloadTests(FhirTestCase):
    def url(self, patient=None):
        return reverse("fhir:patient_bundle", args=[(patient or self.patient).uuid])

    def test_a_clinician_downloads_a_valid_bundle_of_the_patients_record(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+json")
        self.assertIn("attachment", response["Content-Disposition"])
        bundle = json.loads(response.content)
        validate(bundle)
        kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
        self.assertEqual(kinds, {"Patient", "Encounter", "Condition", "Procedure", "Observation",
                                 "QuestionnaireResponse", "CarePlan", "AdverseEvent"})  # fmt: skip
        subjects = {e["resource"].get("subject", {}).get("reference") for e in bundle["entry"]}
        self.assertEqual(subjects - {None}, {f"Patient/{self.patient.uuid}"})

    def test_the_download_is_audited_as_an_export(self):
        self.login(self.alice)
        self.client.get(self.url())
        entry = AuditEntry.objects.filter(action=Action.EXPORT).last()
        self.assertEqual(entry.patient_id, self.patient.pk)

    def test_front_desk_may_not_download_clinical_records(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 403)

    def test_outsider_gets_404(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_patient_of_another_clinic_is_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url(self.other_patient)).status_code, 404)

    def test_the_portal_patient_gets_404(self):
        self.login(self.penny)
        self.assertEqual(self.client.get(self.url(self.portal_patient)).status_code, 404)

    def test_the_patient_page_links_to_the_download_for_clinicians_only(self):
        page = reverse("patients:detail", args=[self.patient.uuid])
        self.login(self.alice)
        self.assertContains(self.client.get(page), self.url())
        self.login(self.bob)
        self.assertNotContains(self.client.get(page), self.url())
