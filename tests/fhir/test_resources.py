"""Every resource the export writes validates with fhir.resources R4B and carries its codes."""

from taut.fhir.codes import BODY_REGION, CPT, ICD10_CM, LATERALITY, LOINC, MUSCLE, SNOMED
from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.validate import MODELS, InvalidResource, validate
from tests.fhir.base import DRAWING, FhirTestCase


class ResourceTests(FhirTestCase):
    def exported(self, kind):
        return list(resources(Scope(self.clinic, self.patient), kind))

    def by_id(self, kind, ident):
        return next(r for r in self.exported(kind) if r["id"] == ident)

    def test_every_resource_type_is_exported_and_validates(self):
        for kind in RESOURCE_TYPES:
            with self.subTest(kind):
                found = list(resources(Scope(self.clinic), kind, validate=False))
                self.assertTrue(found, f"no {kind} exported")
                for resource in found:
                    self.assertIsInstance(validate(resource), MODELS[kind])

    def test_only_the_clinics_records_are_exported(self):
        subjects = {(r.get("subject") or r["patient"])["reference"] for kind in RESOURCE_TYPES[1:]
                    for r in resources(Scope(self.clinic), kind)}  # fmt: skip
        self.assertNotIn(f"Patient/{self.other_patient.uuid}", subjects)
        ids = {r["id"] for r in resources(Scope(self.clinic), "Patient")}
        self.assertNotIn(str(self.other_patient.uuid), ids)

    def test_references_point_to_exported_resources(self):
        exported = {f"{k}/{r['id']}" for k in RESOURCE_TYPES for r in self.exported(k)}
        for kind in RESOURCE_TYPES:
            for resource in self.exported(kind):
                for key in ("subject", "encounter"):
                    if key in resource:
                        self.assertIn(resource[key]["reference"], exported)
                for part in resource.get("partOf", []) + resource.get("derivedFrom", []):
                    self.assertIn(part["reference"], exported)

    def test_nprs_uses_loinc_72514_3(self):
        nprs = self.by_id("Observation", f"score-{self.response('nprs').pk}")
        self.assertEqual(nprs["code"]["coding"][0]["system"], LOINC)
        self.assertEqual(nprs["code"]["coding"][0]["code"], "72514-3")
        self.assertEqual(nprs["valueQuantity"]["value"], 6)

    def test_a_score_without_a_loinc_code_uses_tauts_code(self):
        ndi = self.by_id("Observation", f"score-{self.response('ndi').pk}")
        self.assertEqual(ndi["code"]["coding"][0]["code"], "score-ndi")
        self.assertNotEqual(ndi["code"]["coding"][0]["system"], LOINC)
        self.assertEqual(ndi["valueQuantity"]["code"], "%")

    def response(self, instrument):
        return self.episode.responses.get(instrument=instrument)

    def test_diagnosis_is_an_icd10cm_condition(self):
        (condition,) = self.exported("Condition")
        self.assertEqual(condition["code"]["coding"][0]["system"], ICD10_CM)
        self.assertEqual(condition["code"]["coding"][0]["code"], "M79.12")
        self.assertEqual(condition["clinicalStatus"]["coding"][0]["code"], "active")

    def test_each_muscle_needled_is_a_procedure_with_muscle_side_and_needle(self):
        procedures = self.exported("Procedure")
        session = next(p for p in procedures if p["id"].startswith("needling-session-"))
        self.assertEqual(session["code"]["coding"][0], {"system": CPT, "code": "20561"})
        self.assertEqual(session["code"]["text"], "Dry needling of 3 or more muscles")
        muscles = [p for p in procedures if p is not session]
        self.assertEqual(len(muscles), 3)
        levator = next(p for p in muscles if p["bodySite"][0]["coding"][0]["code"]
                       == "levator_scapulae")  # fmt: skip
        site = levator["bodySite"][0]
        self.assertEqual(site["coding"][0]["system"], MUSCLE)
        self.assertEqual(site["extension"][0]["url"], LATERALITY)
        self.assertEqual(site["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
                         "7771000")  # SNOMED CT left  # fmt: skip
        values = {e["url"].rsplit("/", 1)[1]: e for e in levator["extension"]}
        self.assertEqual(values["needle-length"]["valueQuantity"]["value"], 30.0)
        self.assertEqual(values["needle-gauge"]["valueQuantity"]["value"], 0.25)
        self.assertEqual(values["needle-insertions"]["valueInteger"], 3)
        self.assertEqual(levator["partOf"], [{"reference": f"Procedure/{session['id']}"}])

    def test_pain_drawing_is_one_panel_with_a_component_per_region(self):
        (panel,) = [o for o in self.exported("Observation") if o["id"].startswith("pain-drawing")]
        self.assertEqual(len(panel["component"]), len(DRAWING))
        temple, neck = panel["component"]
        self.assertEqual(temple["code"]["coding"][0], {
            "system": BODY_REGION, "code": "temple", "display": "Temple"})  # fmt: skip
        sides = [c["extension"][0]["valueCodeableConcept"]["coding"][0]["code"]
                 for c in panel["component"]]  # fmt: skip
        self.assertEqual(sides, ["24028007", "7771000"])  # SNOMED CT right, left
        self.assertEqual(temple["valueInteger"], 7)
        self.assertEqual(temple["extension"][1]["valueCoding"]["code"], "aching")
        self.assertEqual(len(neck["extension"]), 1)  # no quality was marked

    def test_range_of_motion_is_in_degrees_with_the_normal_value(self):
        roms = [o for o in self.exported("Observation") if o["id"].startswith("rom-")]
        self.assertEqual(sorted(o["valueQuantity"]["value"] for o in roms), [40, 55])
        self.assertEqual(roms[0]["valueQuantity"]["code"], "deg")
        self.assertEqual(roms[0]["referenceRange"][0]["high"]["value"], 80)
        self.assertEqual(roms[0]["bodySite"]["extension"][0]["valueCodeableConcept"]["coding"]
                         [0]["system"], SNOMED)  # fmt: skip

    def test_questionnaire_response_keeps_answers_in_order(self):
        psfs = self.by_id("QuestionnaireResponse", f"qr-{self.response('psfs').pk}")
        self.assertEqual([(i["text"], i["answer"][0]["valueInteger"]) for i in psfs["item"]],
                         [("Driving", 3), ("Reading", 4)])  # fmt: skip
        nprs = self.by_id("QuestionnaireResponse", f"qr-{self.response('nprs').pk}")
        self.assertEqual(nprs["author"], {"reference": f"Patient/{self.patient.uuid}"})

    def test_a_newer_plan_version_replaces_the_older(self):
        old, new = sorted(self.exported("CarePlan"), key=lambda p: p["title"])
        self.assertEqual((old["status"], new["status"]), ("revoked", "active"))
        self.assertEqual(new["replaces"], [{"reference": f"CarePlan/{old['id']}"}])
        self.assertIn("Upper trapezius stretch: 3 sets, hold 30 s",
                      [a["detail"]["description"] for a in new["activity"]])  # fmt: skip

    def test_adverse_event_has_severity_and_suspects_the_needling(self):
        (event,) = self.exported("AdverseEvent")
        self.assertEqual(event["severity"]["coding"][0]["code"], "mild")
        self.assertTrue(event["suspectEntity"][0]["instance"]["reference"].startswith(
            "Procedure/needling-session-"))  # fmt: skip

    def test_validation_refuses_a_malformed_resource(self):
        patient = self.exported("Patient")[0]
        with self.assertRaises(InvalidResource):
            validate({**patient, "birthDate": "17 May 1980"})
        with self.assertRaises(InvalidResource):
            validate({**patient, "shoeSize": 42})
        with self.assertRaises(InvalidResource):
            validate({"resourceType": "Medication"})
