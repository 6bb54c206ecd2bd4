"""Consent to dry needling as FHIR Consent: active while in force, inactive once withdrawn."""

import base64

from taut.episodes.models import Consent
from taut.fhir.codes import CONSENT_SCOPE, LOINC
from taut.fhir.export import Scope, resources
from tests.fhir.base import FhirTestCase


class ConsentTests(FhirTestCase):
    def exported(self):
        return {r["id"]: r for r in resources(Scope(self.clinic, self.patient), "Consent")}

    def consents(self):
        return Consent.objects.filter(patient=self.patient).order_by("given_at")

    def test_a_withdrawn_consent_is_inactive_and_its_period_ends_at_the_withdrawal(self):
        withdrawn = self.consents().filter(withdrawn_at__isnull=False).get()
        consent = self.exported()[f"consent-{withdrawn.pk}"]
        self.assertEqual(consent["status"], "inactive")
        period = consent["provision"]["period"]
        self.assertEqual(period["end"], withdrawn.withdrawn_at.isoformat())

    def test_the_consent_in_force_is_active_and_open_ended(self):
        current = self.episode.current_consent()
        consent = self.exported()[f"consent-{current.pk}"]
        self.assertEqual(consent["status"], "active")
        self.assertEqual(consent["provision"]["type"], "permit")
        self.assertEqual(consent["provision"]["period"], {"start": current.given_at.isoformat()})
        self.assertEqual(consent["dateTime"], current.given_at.isoformat())

    def test_it_is_a_treatment_consent_of_the_patient_with_the_text_they_agreed_to(self):
        consent = next(iter(self.exported().values()))
        self.assertEqual(consent["scope"]["coding"][0]["system"], CONSENT_SCOPE)
        self.assertEqual(consent["scope"]["coding"][0]["code"], "treatment")
        self.assertEqual(consent["category"][0]["coding"][0], {"system": LOINC,
                                                               "code": "59284-0"})  # fmt: skip
        patient = {"reference": f"Patient/{self.patient.uuid}"}
        self.assertEqual((consent["patient"], consent["performer"]), (patient, [patient]))
        self.assertIn("policyRule", consent)  # R4 invariant ppc-1: a policy or a policy rule
        wording = base64.b64decode(consent["sourceAttachment"]["data"]).decode()
        self.assertEqual(wording, "Dry needling uses a fine solid needle.")
        self.assertEqual(consent["extension"][0]["valueString"], "Alice")

    def test_another_clinics_consents_never_appear(self):
        exported = list(resources(Scope(self.clinic), "Consent"))
        self.assertEqual(len(exported), Consent.objects.filter(clinic=self.clinic).count())
        self.assertNotIn(str(self.other_patient.uuid), str(exported))
        self.assertNotIn("Southside", str(exported))
