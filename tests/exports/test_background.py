"""Exports larger than a page request writes: the worker writes the file through the real
queue (database backend, `db_worker --batch`), and only the clinician who asked downloads it,
until it expires. Writing and every download are audited."""

import csv
import io
import tempfile
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from taut import heartbeat
from taut.audit.models import AuditEntry
from taut.clinics.roles import Role
from taut.exports import background, export
from taut.exports.models import BackgroundExport
from taut.fhir.models import JobStatus
from tests.exports.base import ExportTestCase
from tests.factories import make_user
from tests.queue import DB_QUEUE, run_worker

URL = "/exports/"
SMALL = {export.Kind.SESSIONS: 2, export.Kind.OUTCOMES: 0}  # the fixture has 3 sessions


@override_settings(TASKS=DB_QUEUE)
class BackgroundCase(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dora = make_user("dora", (cls.clinic, Role.CLINICIAN))

    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="taut-test-exports-")
        self.addCleanup(folder.cleanup)
        self.files = Path(folder.name)
        setting = override_settings(EXPORTS_DIR=self.files)
        setting.enable()
        self.addCleanup(setting.disable)
        limits = mock.patch.dict(export.PAGE_LIMITS, SMALL)
        limits.start()
        self.addCleanup(limits.stop)

    def ask(self, user=None, **data):
        self.login(user or self.alice)
        return self.client.post(URL, {"kind": "sessions", **data})

    def written(self, **data) -> BackgroundExport:
        response = self.ask(**data)
        assert response.status_code == 302 and response["Location"] == URL
        run_worker()
        return BackgroundExport.objects.get()

    def download(self, job, user=None):
        self.login(user or self.alice)
        return self.client.get(f"{URL}files/{job.pk}/")


class BackgroundExportTests(BackgroundCase):
    def test_over_the_limit_the_worker_writes_the_file_the_page_would_have(self):
        response = self.ask(start="2026-03-01", end="2026-03-31")
        assert response.status_code == 302
        job = BackgroundExport.objects.get()
        assert (job.status, job.requested_by, job.clinic) == ("queued", self.alice, self.clinic)
        page = self.client.get(URL)
        self.assertContains(page, "This range holds 3 sessions, more than the page writes while")
        self.assertContains(page, "Treatment sessions, 2026-03-01 to 2026-03-31")
        self.assertContains(page, "Waiting for the server")
        self.assertContains(page, "Check again")
        assert not job.path.exists()

        run_worker()
        job.refresh_from_db()
        assert (job.status, job.rows) == (JobStatus.DONE, 3)
        page = self.client.get(URL)
        self.assertContains(page, "Ready: 3 rows<br>")
        self.assertContains(page, f'until <span class="nowrap">{job.expires_at:%Y-%m-%d}')
        self.assertNotContains(page, "Check again")
        self.assertContains(page, f'href="/exports/files/{job.pk}/"')

        got = self.download(job)
        assert got.status_code == 200
        assert got["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="sessions-2026-03-01-to-2026-03-31.csv"' in got["Content-Disposition"]
        content = b"".join(got.streaming_content)
        same = export.build(self.clinic, "sessions", date(2026, 3, 1), date(2026, 3, 31))
        assert content == same.content()
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert len(rows) == 4 and rows[1][0] == "Grace Hopper"
        assert not list(self.files.glob("*.partial"))

    def test_writing_and_each_download_are_audited(self):
        job = self.written(pseudonymise="on")
        wrote = AuditEntry.objects.get(action="export")
        assert (wrote.user_id, wrote.clinic_id, wrote.object_id) == (
            self.alice.pk, self.clinic.pk, str(job.pk))  # fmt: skip
        assert wrote.detail == {
            "export": "sessions", "from": "", "to": "", "rows": 3, "pseudonymised": True,
            "patients": sorted([self.patient.pk, self.elder.pk]), "file": str(job.pk),
        }  # fmt: skip
        self.download(job)
        self.download(job)
        downloads = AuditEntry.objects.filter(action="export", detail__download=True)
        assert downloads.count() == 2
        assert downloads.first().detail == {
            "export": "sessions", "file": str(job.pk), "rows": 3, "pseudonymised": True,
            "download": True}  # fmt: skip

    def test_a_pseudonymised_file_names_no_one(self):
        job = self.written(kind="outcomes", pseudonymise="on")
        got = self.download(job)
        assert "outcomes-all-pseudonymised.csv" in got["Content-Disposition"]
        text = b"".join(got.streaming_content).decode("utf-8-sig")
        for identifier in self.identifiers():
            assert identifier not in text, identifier

    def test_only_the_clinician_who_asked_sees_and_downloads_it(self):
        job = self.written()
        carols = BackgroundExport.objects.create(clinic=self.clinic, requested_by=self.carol,
                                                 kind="sessions")  # fmt: skip
        self.login(self.carol)  # an admin without the clinical role: not even her own
        self.assertNotContains(self.client.get(URL), "Large exports")
        assert self.download(carols, self.carol).status_code == 403
        self.login(self.dora)
        self.assertNotContains(self.client.get(URL), "Large exports")
        assert self.download(job, self.dora).status_code == 404
        assert self.download(job, self.charlie).status_code == 404  # another clinic
        assert self.download(job, self.bob).status_code == 403  # front desk: no clinical data
        assert self.download(job, self.carol).status_code == 403  # admin without clinical role
        assert self.download(job, self.penny).status_code == 404  # a patient
        self.client.logout()
        response = self.client.get(f"{URL}files/{job.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        for user in (self.dora, self.charlie):
            self.login(user)
            assert self.client.post(f"{URL}files/{job.pk}/delete/").status_code == 404
        assert BackgroundExport.objects.filter(pk=job.pk).exists() and job.path.exists()
        assert not AuditEntry.objects.filter(action="export", detail__download=True).exists()

    def test_one_unfinished_export_at_a_time_each(self):
        self.ask()
        again = self.ask(kind="outcomes")
        assert again.status_code == 200
        self.assertContains(again, "Your last large export is still being written")
        assert BackgroundExport.objects.count() == 1
        other = self.ask(self.dora)  # another clinician's export is theirs
        assert other.status_code == 302 and BackgroundExport.objects.count() == 2
        run_worker()
        assert self.ask().status_code == 302  # once written, another may be asked for

    def test_not_ready_yet_is_not_found(self):
        self.ask()
        job = BackgroundExport.objects.get()
        assert self.download(job).status_code == 404
        job.path.parent.mkdir(parents=True, exist_ok=True)
        job.path.write_bytes(b"half a file")  # being written: not served, even if there
        BackgroundExport.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        assert self.download(job).status_code == 404

    def test_a_file_gone_from_disk_is_not_found(self):
        job = self.written()
        job.path.unlink()
        assert self.download(job).status_code == 404

    def test_a_clinician_of_two_clinics_sees_each_clinics_files_there_only(self):
        from taut.clinics.models import Membership

        Membership.objects.create(user=self.alice, clinic=self.other_clinic, role=Role.CLINICIAN)
        job = self.written()
        session = self.client.session
        session["clinic_id"] = self.other_clinic.pk
        session.save()
        self.assertNotContains(self.client.get(URL), "Large exports")
        assert self.client.get(f"{URL}files/{job.pk}/").status_code == 404
        assert self.client.post(f"{URL}files/{job.pk}/delete/").status_code == 404
        assert BackgroundExport.objects.filter(pk=job.pk).exists()

    def test_a_file_is_written_once(self):
        self.ask()
        job = BackgroundExport.objects.get()
        assert background.write(str(job.pk)) == JobStatus.DONE
        assert background.write(str(job.pk)) == "gone"
        assert AuditEntry.objects.filter(action="export").count() == 1

    def test_the_worker_writes_nothing_for_someone_no_longer_allowed(self):
        from taut.clinics.models import Membership

        self.ask()
        Membership.objects.filter(user=self.alice, clinic=self.clinic).update(is_active=False)
        run_worker()
        job = BackgroundExport.objects.get()
        assert (job.status, job.error) == (JobStatus.FAILED, background.NOT_ALLOWED)
        assert not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_the_file_is_readable_by_the_server_alone(self):
        job = self.written()
        assert job.path.stat().st_mode & 0o777 == 0o600

    def test_two_requests_at_once_queue_one_export(self):
        background.start(self.alice, self.clinic, "sessions", None, None, False)
        with self.assertRaises(background.StillWriting):
            background.start(self.alice, self.clinic, "outcomes", None, None, False)
        assert BackgroundExport.objects.count() == 1

    def test_deleting_removes_the_file(self):
        job = self.written()
        self.login(self.alice)
        assert self.client.get(f"{URL}files/{job.pk}/delete/").status_code == 405
        response = self.client.post(f"{URL}files/{job.pk}/delete/", follow=True)
        self.assertContains(response, "The export and its file are deleted.")
        assert not BackgroundExport.objects.exists() and not job.path.exists()
        assert self.download(job).status_code == 404

    def test_an_export_a_worker_never_finished_expires_with_what_it_left(self):
        self.ask()
        job = BackgroundExport.objects.get()
        BackgroundExport.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        job.partial.parent.mkdir(parents=True, exist_ok=True)
        job.partial.write_bytes(b"cut short")  # the worker was stopped mid-file
        late = job.requested_at + BackgroundExport.retention() + timedelta(seconds=1)
        assert background.expire(late) == 1
        assert not BackgroundExport.objects.exists() and not list(self.files.iterdir())

    def test_files_expire(self):
        job = self.written()
        late = job.finished_at + BackgroundExport.retention() + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=late):
            assert self.download(job).status_code == 404  # past its time, even if not cleaned
            assert job.path.exists()
            self.assertNotContains(self.client.get(URL), "Large exports")  # the page cleans up
        assert not BackgroundExport.objects.exists() and not job.path.exists()

    def test_the_worker_schedules_the_clean_up(self):
        from django_tasks_db.models import DBTaskResult

        self.written()
        later = DBTaskResult.objects.get(task_path="taut.exports.tasks.expire_exports")
        due = timezone.now() + BackgroundExport.retention()
        assert due < later.run_after < due + timedelta(minutes=2)

    def test_a_failure_is_shown_and_leaves_no_file(self):
        self.ask()

        def half_then_fail(result, out):  # fails with part of the file written
            out.write("patient,")
            raise OSError("disk full")

        with mock.patch.object(export.Export, "write", side_effect=half_then_fail, autospec=True):
            run_worker()
        job = BackgroundExport.objects.get()
        assert job.status == JobStatus.FAILED
        page = self.client.get(URL)
        self.assertContains(page, "The file could not be written; the server&#x27;s log has")
        self.assertNotContains(page, f'/exports/files/{job.pk}/"')
        assert not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()
        assert self.download(job).status_code == 404

    def test_deleted_while_being_written_leaves_no_file(self):
        self.ask()
        job = BackgroundExport.objects.get()
        build = export.build

        def build_then_delete(*args):
            result = build(*args)
            BackgroundExport.objects.filter(pk=job.pk).delete()
            return result

        with mock.patch.object(export, "build", side_effect=build_then_delete):
            assert background.write(str(job.pk)) == "cancelled"
        assert not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_within_the_limit_the_page_still_answers_the_file(self):
        response = self.ask(start="2026-03-09", end="2026-03-09")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert not BackgroundExport.objects.exists()


class StalledExportTests(BackgroundCase):
    """A worker reports its progress as it writes; a running export whose worker has stopped
    reporting (killed, or its machine restarted) is given up, so its clinician may ask again;
    and a worker whose export was deleted or given up stops at its next report."""

    def setUp(self):
        super().setUp()
        # A report after every row, and each one saved.
        every_row = (mock.patch.object(export, "BATCH", 1),
                     mock.patch.object(heartbeat, "REPORT_EVERY", -1))  # fmt: skip
        for patched in every_row:
            patched.start()
            self.addCleanup(patched.stop)

    def queued(self) -> BackgroundExport:
        self.ask()
        return BackgroundExport.objects.get()

    def writing(self, during):
        """Run the worker's write, calling `during(job, rows)` before each of its reports."""
        real = background.still_running

        def watched(job, **fields):
            if "heartbeat_at" in fields:
                during(job, fields["rows"])
            return real(job, **fields)

        with mock.patch.object(background, "still_running", watched):
            return background.write(str(BackgroundExport.objects.get().pk))

    def test_the_worker_reports_its_rows_as_it_writes(self):
        job = self.queued()
        seen = []

        def look(job, rows):
            seen.append(BackgroundExport.objects.values_list("status", "rows").get(pk=job.pk))
            page = self.client.get(URL)
            if rows > 1:
                self.assertContains(page, f"Being written: {rows - 1:,} row")

        assert self.writing(look) == JobStatus.DONE
        # Each report finds the rows of the one before saved; the file has all three.
        assert seen == [("running", 0), ("running", 1), ("running", 2)]
        job.refresh_from_db()
        assert (job.status, job.rows) == (JobStatus.DONE, 3)
        assert job.heartbeat_at is not None and job.heartbeat_at <= job.finished_at

    def test_a_running_export_silent_too_long_is_given_up_and_may_be_asked_again(self):
        job = self.queued()
        now = timezone.now()
        silent = now - heartbeat.STALLED - timedelta(seconds=1)
        BackgroundExport.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                                          heartbeat_at=silent)  # fmt: skip
        job.partial.parent.mkdir(parents=True, exist_ok=True)
        job.partial.write_bytes(b"cut short")
        job.path.write_bytes(b"a whole file, renamed just before the worker was stopped")
        recent = BackgroundExport.objects.create(  # another's, reported a minute ago
            clinic=self.clinic, requested_by=self.dora, kind="sessions",
            status=JobStatus.RUNNING, heartbeat_at=now - timedelta(minutes=1),
        )  # fmt: skip
        assert self.ask().status_code == 302  # the clinician may ask again at once
        job.refresh_from_db()
        assert (job.status, job.error) == (JobStatus.FAILED, background.STOPPED)
        assert not list(self.files.iterdir())
        assert BackgroundExport.objects.filter(status=JobStatus.QUEUED).count() == 1
        recent.refresh_from_db()
        assert recent.status == JobStatus.RUNNING
        page = self.client.get(URL)
        self.assertContains(page, "The server stopped while writing the file: ask for it again.")

    def test_a_worker_whose_export_was_given_up_stops_and_leaves_no_file(self):
        self.queued()

        def give_up(job, rows):
            if rows == 2:
                later = timezone.now() + heartbeat.STALLED + timedelta(seconds=1)
                assert background.give_up_stalled(later) == 1

        assert self.writing(give_up) == "cancelled"
        job = BackgroundExport.objects.get()
        assert (job.status, job.error) == (JobStatus.FAILED, background.STOPPED)
        assert not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_a_worker_whose_export_was_deleted_stops_and_leaves_no_file(self):
        self.queued()

        def delete(job, rows):
            if rows == 1:
                self.login(self.alice)
                self.client.post(f"{URL}files/{job.pk}/delete/")

        assert self.writing(delete) == "cancelled"
        assert not BackgroundExport.objects.exists() and not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_given_up_as_it_finishes_it_is_not_marked_done(self):
        self.queued()
        write_whole = export.Export.write_whole

        def write_then_give_up(result, *args, **kwargs):
            write_whole(result, *args, **kwargs)
            later = timezone.now() + heartbeat.STALLED + timedelta(seconds=1)
            assert background.give_up_stalled(later) == 1

        with mock.patch.object(export.Export, "write_whole", write_then_give_up):
            assert background.write(str(BackgroundExport.objects.get().pk)) == "cancelled"
        job = BackgroundExport.objects.get()
        assert (job.status, job.error) == (JobStatus.FAILED, background.STOPPED)
        assert not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_deleted_after_its_last_report_the_worker_stops_cleanly(self):
        job = self.queued()
        write = export.Export.write

        def write_then_delete(result, out):  # the part written, before it is renamed
            write(result, out)
            background.delete(BackgroundExport.objects.get(pk=job.pk))

        with mock.patch.object(export.Export, "write", write_then_delete):
            assert background.write(str(job.pk)) == "cancelled"
        assert not BackgroundExport.objects.exists() and not list(self.files.iterdir())
        assert not AuditEntry.objects.filter(action="export").exists()
