"""A demo patient's record exports its notes, consent and palpation findings, each valid."""

from taut.demo.record import STORIES, build_history
from taut.exams.models import PalpationFinding
from taut.fhir.export import Scope, resources
from taut.fhir.validate import MODELS, validate
from taut.notes.models import ClinicalNote
from tests.base import ClinicTestCase
from tests.factories import make_patient


class DemoPatientTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.demo = make_patient(cls.clinic, "Nora", "Neck", chart_number="N0007")
        build_history(cls.demo, STORIES[0], cls.alice, weeks_ago=4, sessions=3)

    def exported(self, kind):
        found = list(resources(Scope(self.clinic, self.demo), kind, validate=False))
        for resource in found:
            self.assertIsInstance(validate(resource), MODELS[kind])
        return found

    def test_the_signed_session_notes_are_exported_and_the_draft_is_not(self):
        docs = self.exported("DocumentReference")
        notes = ClinicalNote.objects.filter(patient=self.demo)
        self.assertEqual({d["id"] for d in docs},
                         {f"note-{n.pk}" for n in notes if n.is_signed})  # fmt: skip
        self.assertEqual(len(docs), 2)  # three sessions, the latest note still a draft
        self.assertTrue(all(d["context"]["encounter"] for d in docs))

    def test_the_consent_is_active(self):
        (consent,) = self.exported("Consent")
        self.assertEqual(consent["status"], "active")
        self.assertEqual(consent["patient"], {"reference": f"Patient/{self.demo.uuid}"})

    def test_each_palpated_point_is_an_observation(self):
        palpated = [o for o in self.exported("Observation") if o["id"].startswith("palpation-")]
        found = {o["extension"][0]["valueCoding"]["code"]: o for o in palpated}
        expected = PalpationFinding.objects.filter(assessment__patient=self.demo)
        self.assertEqual(set(found), {f.trigger_point for f in expected})
        # The story's upper trapezius point reproduces the familiar pain: an active point.
        value = found["upper_trapezius_tp1"]["valueCodeableConcept"]["coding"][0]["code"]
        self.assertEqual(value, "active")
        self.assertEqual(found["levator_scapulae_tp1"]["valueCodeableConcept"]["coding"][0]
                         ["code"], "latent")  # fmt: skip
