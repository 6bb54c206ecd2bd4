"""FHIR Bulk Data export (IG 2.0.0): kick-off, status polling, manifest, files, cancel, expiry.

The jobs go through the real queue: the database backend stores them and `db_worker --batch`
runs them, on SQLite and on PostgreSQL alike."""

import json
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone

from taut import heartbeat
from taut.api import tokens
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.episodes.models import Consent
from taut.fhir import bulk, jobs
from taut.fhir.export import RESOURCE_TYPES
from taut.fhir.models import ExportJob, JobStatus
from taut.fhir.validate import InvalidResource, validate
from taut.notes.models import ClinicalNote, NoteStatus
from taut.patients.models import Patient
from tests.factories import make_patient
from tests.fhir.base import FhirTestCase
from tests.queue import DB_QUEUE, run_worker

BASE = "http://testserver/api/fhir"


@override_settings(ROOT_URLCONF="tests.fhir.urls", TASKS=DB_QUEUE)
class BulkExportTests(FhirTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tokens = {u.username: tokens.issue(u, clinic, "test", scope="write")[1]
                      for u, clinic in ((cls.alice, cls.clinic), (cls.bob, cls.clinic),
                                        (cls.charlie, cls.other_clinic))}  # fmt: skip
        cls.ada = make_patient(cls.clinic, "Ada", "Lovelace")

    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="taut-test-bulk-")
        self.addCleanup(folder.cleanup)
        self.files = Path(folder.name)
        setting = override_settings(FHIR_EXPORT_DIR=self.files)
        setting.enable()
        self.addCleanup(setting.disable)

    def call(self, method, url, who="alice", **headers):
        if who:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[who]}"
        url = url if url.startswith("http") else f"{BASE}/{url}"
        return getattr(self.client, method)(url.removeprefix("http://testserver"), **headers)

    def kick_off(self, query="", who="alice", prefer="respond-async", path="$export"):
        return self.call("get", f"{path}{query}", who, HTTP_PREFER=prefer,
                         HTTP_ACCEPT="application/fhir+json")  # fmt: skip

    def export(self, query="", who="alice") -> dict:
        """Kick off, run the queue, and answer the completion manifest."""
        response = self.kick_off(query, who)
        self.assertEqual(response.status_code, 202, response.content)
        run_worker()
        done = self.call("get", response["Content-Location"], who)
        self.assertEqual(done.status_code, 200, done.content)
        return done.json()

    def download(self, url, who="alice") -> list[dict]:
        response = self.call("get", url, who)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+ndjson")
        return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]

    def test_kick_off_poll_manifest_and_every_file(self):
        response = self.kick_off()
        self.assertEqual(response.status_code, 202)
        status_url = response["Content-Location"]
        job = ExportJob.objects.get()
        self.assertEqual(status_url, f"{BASE}/$export/{job.pk}")
        poll = self.call("get", status_url)
        self.assertEqual(poll.status_code, 202)
        self.assertEqual(poll["X-Progress"], f"0 of {len(RESOURCE_TYPES)} types")
        self.assertTrue(int(poll["Retry-After"]) > 0)

        seen = []  # X-Progress as the worker starts each file
        write = jobs.write_type

        def watched(*args):
            seen.append(self.call("get", status_url)["X-Progress"])
            return write(*args)

        with mock.patch("taut.fhir.jobs.write_type", watched):
            run_worker()
        self.assertEqual(seen, [f"{n} of {len(RESOURCE_TYPES)} types"
                                for n in range(len(RESOURCE_TYPES))])  # fmt: skip

        done = self.call("get", status_url)
        self.assertEqual(done.status_code, 200)
        manifest = done.json()
        self.assertEqual(manifest["request"], f"{BASE}/$export")
        self.assertIs(manifest["requiresAccessToken"], True)
        self.assertEqual(manifest["error"], [])
        self.assertTrue(manifest["transactionTime"].startswith(str(timezone.now().year)))
        self.assertIn("Expires", done)
        types = [o["type"] for o in manifest["output"]]
        self.assertEqual(types, [t for t in RESOURCE_TYPES if t in types])
        self.assertIn("Patient", types)
        for output in manifest["output"]:
            resources = self.download(output["url"])
            self.assertEqual(len(resources), output["count"])
            for resource in resources:
                self.assertEqual(resource["resourceType"], output["type"])
                validate(resource)
        patients = self.download(f"{status_url}/Patient.ndjson")
        clinics_own = Patient.objects.filter(clinic=self.clinic).values_list("uuid", flat=True)
        self.assertEqual({p["id"] for p in patients}, {str(u) for u in clinics_own})

    def test_the_kick_off_and_each_download_are_audited(self):
        manifest = self.export()
        kick_off = AuditEntry.objects.filter(action=Action.EXPORT, detail__step="kick-off").get()
        self.assertEqual((kick_off.user_id, kick_off.clinic_id), (self.alice.pk, self.clinic.pk))
        self.download(manifest["output"][0]["url"])
        entry = AuditEntry.objects.filter(action=Action.EXPORT).order_by("id").last()
        self.assertEqual(entry.detail["type"], manifest["output"][0]["type"])
        self.assertEqual(entry.detail["count"], manifest["output"][0]["count"])

    def test_the_system_and_patient_level_kick_offs_export_the_same(self):
        response = self.kick_off(path="Patient/$export")
        self.assertEqual(response.status_code, 202)
        run_worker()
        manifest = self.call("get", response["Content-Location"]).json()
        self.assertEqual(manifest["request"], f"{BASE}/Patient/$export")
        self.assertEqual([o["type"] for o in manifest["output"]],
                         [o["type"] for o in self.export()["output"]])  # fmt: skip

    def test_type_limits_the_files(self):
        manifest = self.export("?_type=Condition,Patient")
        self.assertEqual([(o["type"], o["count"]) for o in manifest["output"]],
                         [("Patient", 3), ("Condition", 1)])  # fmt: skip

    def test_since_holds_only_the_patients_changed_after_it(self):
        since = timezone.now()
        self.assertEqual(self.export(f"?_since={since:%Y-%m-%dT%H:%M:%S.%fZ}")["output"], [])
        self.ada.phone = "+12025550199"
        self.ada.save()
        manifest = self.export(f"?_since={since:%Y-%m-%dT%H:%M:%S.%fZ}")
        self.assertEqual([(o["type"], o["count"]) for o in manifest["output"]], [("Patient", 1)])
        [ada] = self.download(manifest["output"][0]["url"])
        self.assertEqual(ada["id"], str(self.ada.uuid))

    def test_since_counts_a_new_clinical_record(self):
        since = timezone.now()
        ExportJob.objects.all().delete()
        from tests.fhir.base import make_record

        make_record(self.ada, self.alice)
        manifest = self.export(f"?_since={since:%Y-%m-%dT%H:%M:%S.%f}%2B00:00&_type=Encounter")
        encounters = self.download(manifest["output"][0]["url"])
        self.assertEqual({e["subject"]["reference"] for e in encounters},
                         {f"Patient/{self.ada.uuid}"})  # fmt: skip

    def test_since_counts_a_consent_withdrawn_and_a_note_signed_after_it(self):
        since = timezone.now()
        stamp = f"?_since={since:%Y-%m-%dT%H:%M:%S.%fZ}"
        consent = Consent.objects.get(patient=self.patient, withdrawn_at__isnull=True)
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
        manifest = self.export(f"{stamp}&_type=Consent")
        consents = self.download(manifest["output"][0]["url"])
        self.assertEqual({c["patient"]["reference"] for c in consents},
                         {f"Patient/{self.patient.uuid}"})  # fmt: skip
        self.assertEqual({c["status"] for c in consents}, {"inactive"})

        since = timezone.now()
        ClinicalNote.objects.create(clinic=self.clinic, patient=self.ada, author=self.alice,
                                    title="Phone call", text="Better this week.",
                                    status=NoteStatus.SIGNED, signed_at=timezone.now())  # fmt: skip
        manifest = self.export(f"?_since={since:%Y-%m-%dT%H:%M:%S.%fZ}&_type=DocumentReference")
        [note] = self.download(manifest["output"][0]["url"])
        self.assertEqual(note["subject"]["reference"], f"Patient/{self.ada.uuid}")

    def test_another_clinics_token_gets_404_for_the_status_and_the_files(self):
        manifest_url = self.kick_off()["Content-Location"]
        run_worker()
        self.assertEqual(self.call("get", manifest_url, "charlie").status_code, 404)
        self.assertEqual(self.call("get", f"{manifest_url}/Patient.ndjson", "charlie").status_code,
                         404)  # fmt: skip
        self.assertEqual(self.call("delete", manifest_url, "charlie").status_code, 404)
        self.assertEqual(self.call("get", manifest_url).status_code, 200)

    def test_charlies_export_holds_only_his_clinic(self):
        manifest = self.export(who="charlie")
        patients = self.download(manifest["output"][0]["url"], "charlie")
        self.assertEqual([p["id"] for p in patients], [str(self.other_patient.uuid)])

    def test_without_a_token_it_is_401(self):
        status_url = self.kick_off()["Content-Location"]
        self.assertEqual(self.kick_off(who=None).status_code, 401)
        self.assertEqual(self.call("get", status_url, None).status_code, 401)
        self.assertEqual(self.call("get", f"{status_url}/Patient.ndjson", None).status_code, 401)

    def test_front_desk_gets_403(self):
        self.assertEqual(self.kick_off(who="bob").status_code, 403)

    def test_a_bad_kick_off_is_400_with_an_operation_outcome(self):
        for query, prefer in (("?_type=Medication", "respond-async"),
                              ("?_type=Patient,Bogus", "respond-async"),
                              ("?_outputFormat=application/fhir+json", "respond-async"),
                              ("?_since=yesterday", "respond-async"),
                              ("?_since=2026-02-30T00:00:00Z", "respond-async"),
                              ("?_since=2026-01-01T00:00:00", "respond-async"),  # no zone
                              ("?patient=Patient/1", "respond-async"),
                              ("", "")):  # fmt: skip
            with self.subTest(query=query, prefer=prefer):
                response = self.kick_off(query, prefer=prefer)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/fhir+json")
                self.assertEqual(response.json()["resourceType"], "OperationOutcome")
        self.assertFalse(ExportJob.objects.exists())

    def test_ndjson_output_formats_and_lenient_handling_are_accepted(self):
        for query in ("?_outputFormat=ndjson", "?_outputFormat=application/ndjson",
                      "?_outputFormat=application/fhir%2Bndjson"):  # fmt: skip
            self.assertEqual(self.kick_off(query).status_code, 202, query)
        lenient = "respond-async, handling=lenient"
        response = self.kick_off("?includeAssociatedData=x", prefer=lenient)
        self.assertEqual(response.status_code, 202)

    def test_delete_cancels_the_job_and_removes_its_files(self):
        status_url = self.kick_off()["Content-Location"]
        run_worker()
        job = ExportJob.objects.get()
        self.assertTrue((job.directory / "Patient.ndjson").exists())
        self.assertEqual(self.call("delete", status_url).status_code, 202)
        self.assertFalse(job.directory.exists())
        self.assertEqual(self.call("get", status_url).status_code, 404)
        self.assertEqual(self.call("get", f"{status_url}/Patient.ndjson").status_code, 404)

    def test_a_job_cancelled_while_running_stops_and_leaves_no_files(self):
        self.kick_off()
        job = ExportJob.objects.get()
        write = jobs.write_type

        def cancel_midway(scope, kind, directory, check, progress):
            count = write(scope, kind, directory, check, progress)
            ExportJob.objects.filter(pk=job.pk).delete()
            return count

        with mock.patch("taut.fhir.jobs.write_type", cancel_midway):
            run_worker()
        self.assertFalse(job.directory.exists())

    def test_a_resource_that_does_not_validate_fails_the_job_with_500(self):
        status_url = self.kick_off()["Content-Location"]
        refuse = mock.patch("taut.fhir.sample.validate",
                            side_effect=InvalidResource("Patient/x: name: bad"))  # fmt: skip
        with refuse:
            run_worker()
        response = self.call("get", status_url)
        self.assertEqual(response.status_code, 500)
        outcome = response.json()
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertIn("Patient/x: name: bad", outcome["issue"][0]["diagnostics"])
        self.assertFalse(ExportJob.objects.get().directory.exists())

    def test_a_job_whose_worker_stopped_answers_500_and_may_be_kicked_off_again(self):
        status_url = self.kick_off()["Content-Location"]
        job = ExportJob.objects.get()
        silent = timezone.now() - heartbeat.STALLED - timedelta(seconds=1)
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=silent)
        job.directory.mkdir(parents=True)
        (job.directory / ".Patient.x.part").write_text("cut short")
        recent = ExportJob.objects.create(  # another, reported a minute ago: still running
            clinic=self.clinic, requested_by=self.alice, request_url=BASE, types=["Patient"],
            status=JobStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=1),
        )  # fmt: skip
        response = self.call("get", status_url)
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json()["issue"][0]["diagnostics"], jobs.STOPPED)
        self.assertFalse(job.directory.exists())
        recent.refresh_from_db()
        self.assertEqual(recent.status, JobStatus.RUNNING)
        self.assertEqual(self.call("get", f"{BASE}/$export/{recent.pk}").status_code, 202)
        ExportJob.objects.filter(pk=recent.pk).delete()
        self.assertEqual(self.export()["output"][0]["type"], "Patient")  # kicked off again

    def writing(self, during):
        """Run the worker with a report every resource, `during(job)` before each."""
        real = jobs.still_running

        def watched(job, **fields):
            if set(fields) == {"heartbeat_at"}:
                during(job)
            return real(job, **fields)

        with (mock.patch.object(bulk, "PROGRESS_EVERY", 1),
              mock.patch.object(heartbeat, "REPORT_EVERY", -1),
              mock.patch.object(jobs, "still_running", watched)):  # fmt: skip
            run_worker()

    def test_the_worker_reports_as_it_writes(self):
        self.kick_off()
        seen = []
        self.writing(lambda job: seen.append(ExportJob.objects.get(pk=job.pk).heartbeat_at))
        job = ExportJob.objects.get()
        self.assertEqual(job.status, JobStatus.DONE)
        self.assertGreaterEqual(len(seen), sum(job.counts.values()))  # one a resource

    def test_a_worker_whose_job_was_given_up_stops_and_leaves_no_files(self):
        status_url = self.kick_off()["Content-Location"]

        def give_up(job):
            later = timezone.now() + heartbeat.STALLED + timedelta(seconds=1)
            jobs.give_up_stalled(now=later)

        self.writing(give_up)
        job = ExportJob.objects.get()
        self.assertEqual((job.status, job.error), (JobStatus.FAILED, jobs.STOPPED))
        self.assertFalse(job.directory.exists())
        self.assertEqual(self.call("get", status_url).status_code, 500)
        written = AuditEntry.objects.filter(detail__format="fhir-bulk", detail__has_key="counts")
        self.assertFalse(written.exists())

    def test_cancelled_after_its_last_report_the_worker_stops_cleanly(self):
        self.kick_off()
        job = ExportJob.objects.get()
        write_part = bulk.write_part

        def write_then_cancel(*args, **kwargs):  # before the file is renamed into place
            written = write_part(*args, **kwargs)
            jobs.cancel(ExportJob.objects.get(pk=job.pk))
            return written

        with mock.patch.object(bulk, "write_part", write_then_cancel):
            self.assertEqual(jobs.run(str(job.pk)), "cancelled")
        self.assertFalse(ExportJob.objects.exists())
        self.assertFalse(job.directory.exists())

    def test_given_up_as_it_finishes_it_is_not_marked_done(self):
        self.kick_off()
        job = ExportJob.objects.get()
        write = jobs.write_type

        def write_then_give_up(scope, kind, directory, check, progress):
            count = write(scope, kind, directory, check, progress)
            if kind == job.types[-1]:  # the last file written, before the job is done
                later = timezone.now() + heartbeat.STALLED + timedelta(seconds=1)
                self.assertEqual(jobs.give_up_stalled(now=later), 1)
            return count

        with mock.patch.object(jobs, "write_type", write_then_give_up):
            run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.error), (JobStatus.FAILED, jobs.STOPPED))
        self.assertFalse(job.directory.exists())

    def test_old_jobs_and_their_files_expire(self):
        self.export()
        old = ExportJob.objects.get()
        self.export()
        self.assertEqual(ExportJob.objects.count(), 2)
        later = timezone.now() + timedelta(hours=1)
        ExportJob.objects.filter(pk=old.pk).update(finished_at=later - jobs.retention()
                                                   - timedelta(minutes=1))  # fmt: skip
        self.assertEqual(jobs.expire(later), 1)
        self.assertFalse(old.directory.exists())
        self.assertEqual(ExportJob.objects.count(), 1)
        self.assertTrue(ExportJob.objects.get().directory.exists())

    def test_finishing_a_job_queues_its_expiry_for_the_worker(self):
        from django_tasks_db.models import DBTaskResult

        self.export()
        expiry = DBTaskResult.objects.get(task_path="taut.fhir.tasks.expire_exports")
        job = ExportJob.objects.get()
        self.assertGreater(expiry.run_after, job.finished_at + jobs.retention())
        self.assertEqual(job.status, JobStatus.DONE)


@override_settings(ROOT_URLCONF="tests.fhir.urls", TASKS=DB_QUEUE)
class DemoClinicBulkExportTests(TestCase):
    """The job validates a sample (taut/fhir/sample.py); this checks that every resource it
    writes for the demo clinic is valid FHIR, each one with fhir.resources."""

    def test_every_resource_of_the_demo_clinics_export_validates(self):
        from taut.clinics.models import Membership
        from taut.clinics.roles import Role
        from taut.demo.build import build

        clinic = build()
        clinician = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN).first().user
        token = tokens.issue(clinician, clinic, "test")[1]
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(FHIR_EXPORT_DIR=Path(folder)),
        ):
            kick_off = self.client.get("/api/fhir/$export", HTTP_PREFER="respond-async", **auth)
            run_worker()
            manifest = self.client.get(kick_off["Content-Location"], **auth).json()
            self.assertEqual({o["type"] for o in manifest["output"]} - set(RESOURCE_TYPES), set())
            total = 0
            for output in manifest["output"]:
                response = self.client.get(output["url"].removeprefix("http://testserver"), **auth)
                for line in b"".join(response.streaming_content).splitlines():
                    validate(json.loads(line))
                    total += 1
        self.assertEqual(total, sum(o["count"] for o in manifest["output"]))
        self.assertGreater(total, 500)
