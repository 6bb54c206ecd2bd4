"""Stored text that is blank, or has blank lines, never becomes an empty FHIR string: every way
out (the download, $everything, the NDJSON stream, the command) still answers valid resources.
And a resource that does not validate stops an export out loud, never with a cut file."""

import io
import json
import tempfile
from pathlib import Path
from unittest.mock import patch

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from taut.api import tokens
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.exams.models import RangeOfMotion
from taut.fhir import patients
from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.validate import validate
from taut.plans.models import TreatmentPlan
from taut.treatment.models import AdverseEvent
from tests.fhir.base import FhirTestCase
from tests.queue import IMMEDIATE

TYPED_ADDRESS = "1 A St\r\n\r\nTown"  # as typed in the address box, a blank line between


def blank_everything(patient, episode):
    """Blank or whitespace-only text wherever the record has free text."""
    patient.address, patient.preferred_name = TYPED_ADDRESS, "  "
    patient.emergency_contact, patient.chart_number, patient.email = " ", " ", " "
    patient.save()
    AdverseEvent.objects.filter(session__episode=episode).update(details=" ", action_taken="\n ")
    for plan in TreatmentPlan.objects.filter(episode=episode):
        plan.notes, plan.goals = "\r\n", [{"text": " "}]
        plan.needling_targets = [{"trigger_point": " ", "muscle": "upper_trapezius", "side": " "}]
        plan.save()
        plan.exercises.update(name=" ")
    RangeOfMotion.objects.filter(assessment__episode=episode).update(normal_source=" ")
    response = episode.responses.get(instrument="psfs")
    response.answers = {"items": [3, 4], "activities": [" ", "Reading"]}
    response.save()


PATIENT_RESOURCE = patients.patient_resource


def invalid_patient(*args):
    resource = PATIENT_RESOURCE(*args)
    return {**resource, "address": [{"line": [""]}]}  # what the old mapping wrote


class BlankTextExportTests(FhirTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        blank_everything(cls.patient, cls.episode)
        cls.token = tokens.issue(cls.alice, cls.clinic, "test", scope="write")[1]

    def exported(self, kind):
        return list(resources(Scope(self.clinic, self.patient), kind))

    def test_an_address_with_a_blank_line_exports_its_non_blank_lines(self):
        (patient,) = self.exported("Patient")
        self.assertEqual(patient["address"], [{"text": "1 A St\nTown", "line": ["1 A St", "Town"]}])

    def test_blank_text_is_left_out_rather_than_written_empty(self):
        (patient,) = self.exported("Patient")
        self.assertEqual([n["use"] for n in patient["name"]], ["official"])
        self.assertNotIn("contact", patient)
        self.assertEqual([i["use"] for i in patient["identifier"]], ["official"])  # no chart no.
        self.assertEqual([t["system"] for t in patient["telecom"]], ["phone"])
        (event,) = self.exported("AdverseEvent")
        self.assertNotIn("extension", event)
        self.assertEqual(event["event"]["text"], "Bruising")
        plan = self.exported("CarePlan")[-1]
        self.assertNotIn("note", plan)
        self.assertNotIn(" ", [a["detail"]["description"] for a in plan["activity"]])
        psfs = next(r for r in self.exported("QuestionnaireResponse")
                    if r["questionnaire"].endswith("psfs"))  # fmt: skip
        self.assertNotIn("text", psfs["item"][0])

    def test_every_resource_of_the_record_validates(self):
        for kind in RESOURCE_TYPES:
            for resource in resources(Scope(self.clinic, self.patient), kind, validate=False):
                validate(resource)

    def test_the_download_and_everything_answer_200(self):
        self.login(self.alice)
        download = self.client.get(reverse("fhir:patient_bundle", args=[self.patient.uuid]))
        self.assertEqual(download.status_code, 200)
        with override_settings(ROOT_URLCONF="tests.fhir.urls"):
            everything = self.client.get(f"/api/fhir/Patient/{self.patient.uuid}/$everything",
                                         HTTP_AUTHORIZATION=f"Bearer {self.token}")  # fmt: skip
        self.assertEqual(everything.status_code, 200)
        validate(json.loads(everything.content))

    def test_the_bulk_export_holds_every_patient(self):
        from taut.fhir import jobs

        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(FHIR_EXPORT_DIR=Path(folder), TASKS=IMMEDIATE),
        ):
            job = jobs.start(self.clinic, self.alice, "http://testserver/", list(RESOURCE_TYPES),
                             None)  # fmt: skip
            lines = (job.directory / "Patient.ndjson").read_text().splitlines()
        self.assertEqual(len(lines), 2)  # Grace Hopper and the portal patient

    def test_the_command_exports_every_patient(self):
        out = Path(tempfile.mkdtemp())
        call_command("fhir", "export", "--out", str(out), "--clinic", self.clinic.slug,
                     stdout=io.StringIO())  # fmt: skip
        self.assertEqual(len((out / "Patient.ndjson").read_text().splitlines()), 2)


@patch("taut.fhir.patients.patient_resource", invalid_patient)
class InvalidResourceTests(FhirTestCase):
    """Should a stored value still make an invalid resource, the export says which, whole."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.token = tokens.issue(cls.alice, cls.clinic, "test", scope="write")[1]

    def api(self, path):
        with override_settings(ROOT_URLCONF="tests.fhir.urls"):
            return self.client.get(f"/api/fhir/{path}", HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def test_the_bulk_export_job_fails_naming_the_resource_and_keeps_no_file(self):
        from taut.fhir import jobs
        from taut.fhir.models import JobStatus

        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(FHIR_EXPORT_DIR=Path(folder), TASKS=IMMEDIATE),
        ):
            job = jobs.start(self.clinic, self.alice, "http://testserver/", ["Patient"], None)
            job.refresh_from_db()
            self.assertFalse(job.directory.exists())
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("Patient/", job.error)
        self.assertIn("address", job.error)
        self.assertFalse(AuditEntry.objects.filter(action=Action.EXPORT).exists())

    def test_everything_and_the_download_are_refused_naming_the_resource(self):
        response = self.api(f"Patient/{self.patient.uuid}/$everything")
        self.assertEqual(response.status_code, 422)
        self.assertIn(f"Patient/{self.patient.uuid}", response.content.decode())
        self.login(self.alice)
        download = self.client.get(reverse("fhir:patient_bundle", args=[self.patient.uuid]))
        self.assertEqual(download.status_code, 422)
        self.assertIn(f"Patient/{self.patient.uuid}", download.content.decode())

    def test_the_command_exits_naming_the_resource_and_leaves_no_file(self):
        out = Path(tempfile.mkdtemp())
        with self.assertRaisesMessage(CommandError, "Patient/"):
            call_command("fhir", "export", "--out", str(out), "--clinic", self.clinic.slug)
        self.assertEqual(list(out.iterdir()), [])


class CommandStopsWholeTests(FhirTestCase):
    @patch("taut.fhir.adverse_events.adverse_event_resource", lambda *args: {
        "resourceType": "AdverseEvent", "id": "adverse-event-0", "actuality": ""})  # fmt: skip
    def test_a_bad_resource_in_the_last_type_leaves_none_of_the_files(self):
        out = Path(tempfile.mkdtemp())
        with self.assertRaisesMessage(CommandError, "AdverseEvent/adverse-event-0"):
            call_command("fhir", "export", "--out", str(out), "--clinic", self.clinic.slug)
        self.assertEqual(list(out.iterdir()), [])  # not even Patient.ndjson
