"""The FHIR API router: $everything for one patient, the import (bulk export: test_bulk.py)."""

import json

from django.test import override_settings

from taut.api import tokens
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.fhir.validate import validate
from tests.fhir.base import FhirTestCase


@override_settings(ROOT_URLCONF="tests.fhir.urls")
class FhirApiTests(FhirTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tokens = {u.username: tokens.issue(u, clinic, "test", scope="write")[1]
                      for u, clinic in ((cls.alice, cls.clinic), (cls.bob, cls.clinic),
                                        (cls.charlie, cls.other_clinic))}  # fmt: skip

    def get(self, path, who="alice"):
        return self.client.get(f"/api/fhir/{path}", HTTP_AUTHORIZATION=f"Bearer {self.tokens[who]}")

    def test_everything_answers_a_valid_bundle(self):
        response = self.get(f"Patient/{self.patient.uuid}/$everything")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+json")
        bundle = json.loads(response.content)
        validate(bundle)
        self.assertEqual(bundle["entry"][0]["fullUrl"],
                         f"http://testserver/api/fhir/Patient/{self.patient.uuid}")  # fmt: skip
        self.assertEqual(AuditEntry.objects.filter(action=Action.EXPORT).last().patient_id,
                         self.patient.pk)  # fmt: skip

    def test_everything_is_a_searchset_whose_one_match_is_the_patient(self):
        # The $everything operation returns a searchset (hl7.org/fhir/R4/patient-operation-
        # everything.html); the other resources of the record come as includes.
        url = f"Patient/{self.patient.uuid}/$everything"
        bundle = json.loads(self.get(url).content)
        self.assertEqual(bundle["type"], "searchset")
        self.assertEqual(bundle["total"], 1)
        modes = {(e["resource"]["resourceType"], e["search"]["mode"]) for e in bundle["entry"]}
        self.assertEqual({kind for kind, mode in modes if mode == "match"}, {"Patient"})
        self.assertEqual({mode for kind, mode in modes if kind != "Patient"}, {"include"})
        link = {"relation": "self", "url": f"http://testserver/api/fhir/{url}"}
        self.assertEqual(bundle["link"], [link])

    def test_everything_for_a_patient_of_another_clinic_is_404(self):
        response = self.get(f"Patient/{self.other_patient.uuid}/$everything")
        self.assertEqual(response.status_code, 404)
        response = self.get(f"Patient/{self.patient.uuid}/$everything", who="charlie")
        self.assertEqual(response.status_code, 404)

    def test_front_desk_gets_403(self):
        self.assertEqual(self.get(f"Patient/{self.patient.uuid}/$everything", "bob").status_code,
                         403)  # fmt: skip

    def test_without_a_token_it_is_401(self):
        response = self.client.get(f"/api/fhir/Patient/{self.patient.uuid}/$everything")
        self.assertEqual(response.status_code, 401)


@override_settings(ROOT_URLCONF="tests.fhir.urls")
class FhirImportApiTests(FhirTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tokens = {u.username: tokens.issue(u, clinic, "test", scope="write")[1]
                      for u, clinic in ((cls.alice, cls.clinic), (cls.bob, cls.clinic),
                                        (cls.charlie, cls.other_clinic))}  # fmt: skip

    def post(self, body, who="bob", content_type="application/fhir+ndjson"):
        return self.client.post(
            "/api/fhir/Patient/$import", body, content_type=content_type,
            HTTP_AUTHORIZATION=f"Bearer {self.tokens[who]}",
        )  # fmt: skip

    def test_the_front_desk_imports_patients_and_a_second_import_matches_them(self):
        from taut.patients.models import Patient
        from tests.fhir.test_import import ndjson, outside_patient

        body = ndjson(outside_patient())
        first = self.post(body)
        self.assertEqual(first.status_code, 200, first.content)
        self.assertEqual(len(first.json()["created"]), 1)
        second = self.post(body)
        self.assertEqual((len(second.json()["created"]), len(second.json()["matched"])), (0, 1))
        curie = Patient.objects.get(family_name="Curie")
        self.assertEqual((curie.clinic, curie.phone), (self.clinic, "+12025550175"))
        self.assertTrue(
            AuditEntry.objects.filter(action=Action.CREATE, patient_id=curie.pk).exists()
        )

    def test_a_bad_line_refuses_everything_with_422_naming_the_line(self):
        from taut.patients.models import Patient
        from tests.fhir.test_import import ndjson, outside_patient

        before = Patient.objects.count()
        response = self.post(ndjson(outside_patient()) + "{not json\n")
        self.assertEqual(response.status_code, 422)
        self.assertIn("line 2", " ".join(e["msg"] for e in response.json()["detail"]))
        self.assertEqual(Patient.objects.count(), before)

    def test_a_body_that_is_not_utf8_is_422(self):
        self.assertEqual(self.post(b"\xff\xfe\x00").status_code, 422)

    def test_the_import_lands_in_the_tokens_clinic_only(self):
        from taut.patients.models import Patient
        from tests.fhir.test_import import ndjson, outside_patient

        self.assertEqual(self.post(ndjson(outside_patient()), who="charlie").status_code, 200)
        self.assertEqual(Patient.objects.get(family_name="Curie").clinic, self.other_clinic)
