"""The clinician's download of one patient's FHIR Bundle, and the link to it."""

import json

from django.urls import reverse

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.fhir.export import RESOURCE_TYPES
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
        self.assertEqual(kinds, set(RESOURCE_TYPES))
        subjects = {(e["resource"].get("subject") or e["resource"].get("patient") or {})
                    .get("reference") for e in bundle["entry"]}  # fmt: skip
        self.assertEqual(subjects - {None}, {f"Patient/{self.patient.uuid}"})

    def test_the_file_is_a_collection_bundle_without_search_details(self):
        # FHIR R4 bundle-type: a collection is a set of resources kept together; `total` and
        # entry.search belong to search results only (invariants bdl-1, bdl-2).
        self.login(self.alice)
        bundle = json.loads(self.client.get(self.url()).content)
        self.assertEqual(bundle["type"], "collection")
        self.assertNotIn("total", bundle)
        self.assertFalse([e for e in bundle["entry"] if "search" in e])
        self.assertEqual(bundle["entry"][0]["resource"]["id"], str(self.patient.uuid))

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
