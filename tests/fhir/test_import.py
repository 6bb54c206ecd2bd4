"""Importing Patient resources: round trip, no duplicates, nothing overwritten or half done."""

import json

from taut.fhir.codes import PATIENT_ID, chart_number_system
from taut.fhir.export import Scope, resources
from taut.fhir.importing import ImportRefused, import_patients
from taut.fhir.models import ExternalIdentifier
from taut.patients.models import Patient
from tests.base import ClinicTestCase
from tests.factories import make_clinic, make_patient


def ndjson(*items) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


def exported_patients(clinic) -> list[dict]:
    return list(resources(Scope(clinic), "Patient"))


def comparable(resource) -> tuple:
    """What a round trip must keep: names, birth date, sex, contact, identifiers, active."""
    return (
        json.dumps(resource["name"], sort_keys=True), resource["birthDate"], resource["gender"],
        json.dumps(resource.get("telecom"), sort_keys=True),
        json.dumps(resource.get("address"), sort_keys=True),
        json.dumps(resource.get("contact"), sort_keys=True), resource["active"],
    )  # fmt: skip


def ELSEWHERE(value="MRN-1"):
    return {"system": "urn:oid:1.2.36.146.595.217.0.1", "value": value}


def outside_patient(**fields) -> dict:
    return {"resourceType": "Patient", "id": "ext-1", "identifier": [ELSEWHERE()],
            "name": [{"use": "official", "family": "Curie", "given": ["Marie"]}],
            "gender": "female", "birthDate": "1967-11-07",
            "telecom": [{"system": "phone", "value": "(202) 555-0175"}], **fields}  # fmt: skip


class RoundTripTests(ClinicTestCase):
    def test_export_import_export_gives_the_same_patients(self):
        self.patient.preferred_name, self.patient.chart_number = "Amazing Grace", "N-77"
        self.patient.email, self.patient.address = "grace@example.org", "1 Navy Way\nArlington"
        self.patient.emergency_contact = "Mary Hopper, sister"
        self.patient.save()
        self.portal_patient.archive(by=self.carol)
        first = exported_patients(self.clinic)
        empty = make_clinic("Empty")

        report = import_patients(empty, ndjson(*first))

        self.assertEqual(len(report.created), 2)
        second = exported_patients(empty)
        self.assertEqual(sorted(map(comparable, first)), sorted(map(comparable, second)))
        by_name = {r["name"][0]["family"]: r for r in second}
        for original in first:
            again = {(i["system"], i["value"]) for i in by_name[original["name"][0]["family"]]
                     ["identifier"]}  # fmt: skip
            for identifier in original["identifier"]:
                if identifier["system"] != PATIENT_ID:  # the other clinic's uuid is not kept
                    self.assertIn((identifier["system"], identifier["value"]), again)
            self.assertEqual(len([s for s, _ in again if s == PATIENT_ID]), 1)

    def test_importing_the_same_file_twice_creates_no_duplicates(self):
        empty = make_clinic("Empty")
        text = ndjson(*exported_patients(self.clinic))
        import_patients(empty, text)
        report = import_patients(empty, text)
        self.assertEqual((len(report.created), len(report.matched)), (0, 2))
        self.assertEqual(Patient.objects.filter(clinic=empty).count(), 2)

    def test_reimport_into_the_same_clinic_matches_by_taut_uuid(self):
        report = import_patients(self.clinic, ndjson(*exported_patients(self.clinic)))
        self.assertEqual((len(report.created), len(report.matched)), (0, 2))
        self.assertFalse(ExternalIdentifier.objects.exists())


class MatchingTests(ClinicTestCase):
    def test_it_creates_a_new_patient_with_the_phone_in_e164(self):
        report = import_patients(self.clinic, ndjson(outside_patient()), by=self.alice)
        self.assertEqual(len(report.created), 1)
        marie = Patient.objects.get(clinic=self.clinic, family_name="Curie")
        self.assertEqual((marie.phone, marie.created_by), ("+12025550175", self.alice))
        self.assertTrue(ExternalIdentifier.objects.filter(patient=marie, value="MRN-1").exists())

    def test_it_matches_by_name_and_birth_date_and_keeps_our_data(self):
        grace = outside_patient(name=[{"family": "Hopper", "given": ["Grace"]}],
                                birthDate="1980-05-17")  # fmt: skip
        report = import_patients(self.clinic, ndjson(grace))
        self.assertEqual(report.created, [])
        self.assertRegex(report.matched[0], r"kept our .*phone")
        self.patient.refresh_from_db()
        self.assertEqual(self.patient.phone, "+12025550111")
        self.assertTrue(ExternalIdentifier.objects.filter(patient=self.patient).exists())

    def test_a_known_identifier_wins_over_a_changed_name(self):
        import_patients(self.clinic, ndjson(outside_patient()))
        renamed = outside_patient(name=[{"family": "Sklodowska-Curie", "given": ["Marie"]}])
        report = import_patients(self.clinic, ndjson(renamed))
        self.assertEqual((len(report.created), len(report.matched)), (0, 1))
        self.assertIn("kept our family_name", report.matched[0])

    def test_the_same_person_twice_in_one_file_is_created_once(self):
        report = import_patients(self.clinic, ndjson(outside_patient(), outside_patient()))
        self.assertEqual((len(report.created), len(report.matched)), (1, 1))

    def test_a_patient_matching_two_of_ours_refuses_the_import(self):
        make_patient(self.clinic, "Grace", "Hopper", chart_number="N-2")
        grace = outside_patient(name=[{"family": "Hopper", "given": ["Grace"]}],
                                birthDate="1980-05-17")  # fmt: skip
        with self.assertRaises(ImportRefused) as refused:
            import_patients(self.clinic, ndjson(outside_patient(identifier=[]), grace))
        self.assertIn("line 2", refused.exception.problems[0])
        self.assertIn("matches 2 patients", refused.exception.problems[0])
        self.assertFalse(Patient.objects.filter(family_name="Curie").exists())  # rolled back

    def test_other_resource_types_are_skipped(self):
        observation = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}
        report = import_patients(self.clinic, ndjson(observation, outside_patient()))
        self.assertEqual(len(report.skipped), 1)
        self.assertEqual(len(report.created), 1)

    def test_a_bundle_is_read_entry_by_entry(self):
        bundle = {"resourceType": "Bundle", "type": "collection",
                  "entry": [{"resource": outside_patient()}]}  # fmt: skip
        report = import_patients(self.clinic, json.dumps(bundle))
        self.assertIn("entry 1", report.created[0])

    def test_an_inactive_patient_is_imported_archived(self):
        import_patients(self.clinic, ndjson(outside_patient(active=False)))
        self.assertTrue(Patient.objects.get(family_name="Curie").is_archived)


class BadInputTests(ClinicTestCase):
    def refused(self, text) -> list[str]:
        with self.assertRaises(ImportRefused) as refused:
            import_patients(self.clinic, text)
        self.assertFalse(Patient.objects.filter(family_name="Curie").exists())
        return refused.exception.problems

    def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(self):
        text = ndjson(outside_patient()) + "{not json\n" + ndjson(
            outside_patient(birthDate="1967"), outside_patient(telecom=[{"system": "phone",
                                                                       "value": "12"}]),
            outside_patient(gender="sometimes"), outside_patient(name=[{"text": "Marie"}]),
            outside_patient(favouriteColour="blue"), [1, 2])  # fmt: skip
        problems = self.refused(text)
        self.assertEqual([p.split(":")[0].split(" (")[0] for p in problems],
                         [f"line {n}" for n in range(2, 9)])  # fmt: skip
        self.assertIn("not valid JSON", problems[0])
        self.assertIn("full birth date", problems[1])
        self.assertIn("phone", problems[2])
        self.assertIn("gender", problems[3])
        self.assertIn("family name", problems[4])
        self.assertIn("favouriteColour", problems[5])

    def test_duplicate_keys_are_refused(self):
        problems = self.refused('{"resourceType": "Patient", "resourceType": "Patient"}\n')
        self.assertIn("duplicate key", problems[0])

    def test_the_taut_uuid_system_with_a_bad_value_does_not_crash(self):
        report = import_patients(self.clinic, ndjson(outside_patient(
            identifier=[{"system": PATIENT_ID, "value": "not-a-uuid"}])))  # fmt: skip
        self.assertEqual(len(report.created), 1)


class TautIdentifierTests(ClinicTestCase):
    def test_another_clinics_patient_uuid_is_never_stored_nor_exported_again(self):
        elsewhere = make_patient(self.other_clinic, "Marie", "Curie", date_of_birth="1967-11-07")
        marie = outside_patient(identifier=[{"system": PATIENT_ID, "value": str(elsewhere.uuid)},
                                            ELSEWHERE()])  # fmt: skip
        import_patients(self.clinic, ndjson(marie))
        self.assertFalse(ExternalIdentifier.objects.filter(system=PATIENT_ID).exists())
        (exported,) = [r for r in exported_patients(self.clinic) if r["name"][0]["family"]
                       == "Curie"]  # fmt: skip
        uuids = [i["value"] for i in exported["identifier"] if i["system"] == PATIENT_ID]
        self.assertEqual(uuids, [exported["id"]])

    def test_this_clinics_chart_number_becomes_the_chart_number_not_an_identifier(self):
        own = {"system": chart_number_system(self.clinic.slug), "value": "N-900"}
        import_patients(self.clinic, ndjson(outside_patient(identifier=[own])))
        self.assertEqual(Patient.objects.get(family_name="Curie").chart_number, "N-900")
        self.assertFalse(ExternalIdentifier.objects.exists())


class RefusedLikeThePatientFormTests(ClinicTestCase):
    """What the patient form or the database would refuse is a problem on its line (a 500 on
    PostgreSQL before), and nothing is imported."""

    def problem(self, **fields) -> str:
        with self.assertRaises(ImportRefused) as refused:
            import_patients(self.clinic, ndjson(outside_patient(), outside_patient(**fields)))
        self.assertFalse(Patient.objects.filter(family_name="Curie").exists())
        (problem,) = refused.exception.problems
        self.assertTrue(problem.startswith("line 2"), problem)
        return problem

    def test_blank_names_are_refused(self):
        problem = self.problem(name=[{"family": " ", "given": [" "]}])
        self.assertIn("needs a family name and a given name", problem)

    def test_a_blank_given_name_beside_a_family_name_is_refused(self):
        self.assertIn("given name", self.problem(name=[{"family": "Curie", "given": ["  "]}]))

    def test_a_nul_character_is_refused(self):
        self.assertIn("NUL", self.problem(name=[{"family": "Cu\x00rie", "given": ["Marie"]}]))
        self.assertIn("NUL", self.problem(address=[{"text": "1 Rue\x00 Cuvier"}]))
        self.assertIn("NUL", self.problem(identifier=[ELSEWHERE("MRN\x001")]))

    def test_names_longer_than_the_model_allows_are_refused(self):
        problem = self.problem(name=[{"family": "C" * 101, "given": ["Marie"]}])
        self.assertIn("family name", problem)
        self.assertIn("at most 100 characters", problem)

    def test_an_email_longer_than_254_characters_is_refused(self):
        email = "m" * 64 + "@" + ".".join(["a" * 60] * 4) + ".org"
        self.assertIn("email", self.problem(telecom=[{"system": "email", "value": email}]))

    def test_an_identifier_longer_than_255_characters_is_refused(self):
        self.assertIn("longer than 255", self.problem(identifier=[ELSEWHERE("9" * 256)]))

    def test_a_chart_number_longer_than_30_characters_is_refused(self):
        own = {"system": chart_number_system(self.clinic.slug), "value": "N" * 31}
        problem = self.problem(identifier=[own])
        self.assertIn("chart number", problem)
        self.assertIn("at most 30 characters", problem)

    def test_a_birth_date_more_than_125_years_ago_is_refused(self):
        self.assertIn("125 years", self.problem(birthDate="1800-01-01"))

    def test_an_address_with_a_blank_line_is_stored_without_it(self):
        import_patients(self.clinic, ndjson(outside_patient(
            address=[{"line": ["1 Rue Cuvier", " "], "city": "Paris "}])))  # fmt: skip
        self.assertEqual(Patient.objects.get(family_name="Curie").address, "1 Rue Cuvier\nParis")
