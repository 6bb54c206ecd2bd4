"""`taut fhir export --out DIR` and `taut fhir import FILE --clinic SLUG`."""

import io
import json
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from unittest.mock import patch

from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.fhir.export import RESOURCE_TYPES
from taut.fhir.validate import validate
from taut.patients.models import Patient
from tests.factories import make_clinic
from tests.fhir.base import FhirTestCase


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("fhir", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class ExportCommandTests(FhirTestCase):
    def setUp(self):
        self.out = Path(tempfile.mkdtemp())

    def test_it_writes_one_ndjson_file_per_type_of_valid_resources(self):
        run("export", "--out", str(self.out), "--clinic", self.clinic.slug)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()),
                         sorted(f"{kind}.ndjson" for kind in RESOURCE_TYPES))  # fmt: skip
        for kind in RESOURCE_TYPES:
            lines = (self.out / f"{kind}.ndjson").read_text().splitlines()
            self.assertTrue(lines, kind)
            for line in lines:
                self.assertEqual(validate(json.loads(line)).get_resource_type(), kind)
        patients = (self.out / "Patient.ndjson").read_text()
        self.assertNotIn(str(self.other_patient.uuid), patients)

    def test_the_export_is_audited(self):
        run("export", "--out", str(self.out), "--clinic", self.clinic.slug)
        entry = AuditEntry.objects.filter(action=Action.EXPORT).last()
        self.assertEqual(entry.clinic_id, self.clinic.pk)
        self.assertEqual(entry.detail["counts"]["Patient"], 2)

    def test_it_needs_a_clinic_when_there_are_several(self):
        with self.assertRaisesMessage(CommandError, "--clinic"):
            run("export", "--out", str(self.out))

    def test_an_unknown_clinic_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No clinic with the slug 'nowhere'"):
            run("export", "--out", str(self.out), "--clinic", "nowhere")

    def test_out_must_be_a_directory(self):
        file = self.out / "taken"
        file.write_text("")
        with self.assertRaisesMessage(CommandError, "is not a directory"):
            run("export", "--out", str(file), "--clinic", self.clinic.slug)

    def test_from_the_command_line_a_bad_argument_exits_1_with_the_reason(self):
        err = io.StringIO()
        # run_from_argv closes the database connections when it ends, as a real run should;
        # here that would end the test's transaction.
        keep = patch("django.core.management.base.connections.close_all")
        with self.assertRaises(SystemExit) as exit, redirect_stderr(err), keep:
            ManagementUtility(["taut", "fhir", "export", "--out", str(self.out),
                               "--clinic", "nowhere"]).execute()  # fmt: skip
        self.assertEqual(exit.exception.code, 1)
        self.assertIn("No clinic with the slug 'nowhere'", err.getvalue())

    def test_out_is_required(self):
        with self.assertRaisesMessage(CommandError, "--out"):
            run("export", "--clinic", self.clinic.slug)


class ImportCommandTests(FhirTestCase):
    def test_round_trip_through_the_commands(self):
        folder = Path(tempfile.mkdtemp())
        run("export", "--out", str(folder), "--clinic", self.clinic.slug)
        empty = make_clinic("Empty")
        out, _ = run("import", str(folder / "Patient.ndjson"), "--clinic", empty.slug,
                     "--user", "alice")  # fmt: skip
        self.assertIn("2 created, 0 matched, 0 skipped.", out)
        self.assertEqual(Patient.objects.filter(clinic=empty, created_by=self.alice).count(), 2)

    def test_bad_lines_are_listed_and_nothing_is_imported(self):
        file = Path(tempfile.mkdtemp()) / "in.ndjson"
        file.write_text('{"resourceType": "Patient", "birthDate": "1980-01-01"}\n[]\n')
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "2 problem(s); nothing was imported"):
            call_command("fhir", "import", str(file), "--clinic", self.clinic.slug, stderr=err)
        self.assertIn("line 1", err.getvalue())
        self.assertIn("line 2", err.getvalue())

    def test_a_missing_file_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "Cannot read"):
            run("import", "/nonexistent/in.ndjson", "--clinic", self.clinic.slug)

    def test_an_unknown_user_is_a_clear_error(self):
        file = Path(tempfile.mkdtemp()) / "in.ndjson"
        file.write_text("")
        with self.assertRaisesMessage(CommandError, "No user 'nobody'"):
            run("import", str(file), "--clinic", self.clinic.slug, "--user", "nobody")
