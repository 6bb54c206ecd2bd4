"""Palpated trigger points as Observation: muscle and side, each finding, the classification."""

from taut.exams.models import PalpationFinding
from taut.fhir.codes import LATERALITY, MUSCLE, TRIGGER_POINT_CLASS, TRIGGER_POINT_EXT
from taut.fhir.export import Scope, resources
from tests.fhir.base import FhirTestCase


class PalpationTests(FhirTestCase):
    def exported(self):
        scope = Scope(self.clinic, self.patient)
        return {o["id"]: o for o in resources(scope, "Observation")
                if o["id"].startswith("palpation-")}  # fmt: skip

    def finding(self, trigger_point):
        return PalpationFinding.objects.get(assessment__patient=self.patient,
                                            trigger_point=trigger_point)  # fmt: skip

    def test_each_finding_is_one_observation_of_the_assessment(self):
        found = self.exported()
        self.assertEqual(len(found), 2)
        finding = self.finding("upper_trapezius_tp1")
        observation = found[f"palpation-{finding.pk}"]
        self.assertEqual(observation["status"], "final")
        encounter = {"reference": f"Encounter/assessment-{finding.assessment_id}"}
        self.assertEqual(observation["encounter"], encounter)
        self.assertEqual(observation["effectiveDateTime"],
                         finding.assessment.performed_at.isoformat())  # fmt: skip
        self.assertEqual(observation["category"][0]["coding"][0]["code"], "exam")

    def test_the_muscle_and_side_are_the_body_site_and_the_point_an_extension(self):
        finding = self.finding("levator_scapulae_tp1")
        observation = self.exported()[f"palpation-{finding.pk}"]
        site = observation["bodySite"]
        self.assertEqual(site["coding"][0]["system"], MUSCLE)
        self.assertEqual(site["coding"][0]["code"], "levator_scapulae")
        self.assertEqual(site["extension"][0]["url"], LATERALITY)
        self.assertEqual(site["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
                         "7771000")  # SNOMED CT left  # fmt: skip
        point = observation["extension"][0]
        self.assertEqual(point["url"], TRIGGER_POINT_EXT)
        self.assertEqual(point["valueCoding"]["code"], "levator_scapulae_tp1")

    def test_the_findings_are_components_and_the_classification_the_value(self):
        found = self.exported()
        active = found[f"palpation-{self.finding('upper_trapezius_tp1').pk}"]
        only_band = found[f"palpation-{self.finding('levator_scapulae_tp1').pk}"]
        for observation, value in ((active, "active"), (only_band, "none")):
            coding = observation["valueCodeableConcept"]["coding"][0]
            self.assertEqual((coding["system"], coding["code"]), (TRIGGER_POINT_CLASS, value))
        components = {c["code"]["coding"][0]["code"]: c["valueBoolean"]
                      for c in only_band["component"]}  # fmt: skip
        self.assertEqual(components, {"taut-band": True, "hypersensitive-spot": False,
                                      "referred-pain": False, "recognised-pain": False,
                                      "local-twitch": False})  # fmt: skip

    def test_another_clinics_findings_never_appear(self):
        everything = list(resources(Scope(self.clinic), "Observation"))
        theirs = PalpationFinding.objects.filter(assessment__clinic=self.other_clinic)
        self.assertTrue(theirs.exists())
        self.assertFalse({f"palpation-{f.pk}" for f in theirs} & {o["id"] for o in everything})
        self.assertNotIn(str(self.other_patient.uuid), str(everything))
