"""taut export: the page's CSV from the command line, audited; a mistake is one line and exit
status 1."""

import contextlib
import csv
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from taut.audit.models import AuditEntry
from taut.exports.export import Export
from taut.exports.management.commands.export import AUDIT_USERNAME, Command
from tests.exports.base import ExportTestCase


class ExportCommandTests(ExportTestCase):
    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("export", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_it_writes_the_csv_to_standard_output(self):
        text = self.run_command("sessions", "--clinic", self.clinic.slug, "--from", "2026-03-20")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert rows[0][0] == "patient" and [r[6] for r in rows[1:]] == ["2026-03-23"]

    def test_it_writes_a_pseudonymised_file_and_audits_it(self):
        path = self.tmp_path / "outcomes.csv"
        self.run_command("outcomes", "--clinic", self.clinic.slug, "--pseudonymise",
                         "--out", str(path))  # fmt: skip
        text = path.read_bytes().decode("utf-8-sig")
        assert text.startswith("patient,age at episode start") and "NDI" in text
        for identifier in self.identifiers():
            assert identifier not in text, identifier
        entry = AuditEntry.objects.get(action="export")
        assert (entry.user_id, entry.username, entry.clinic_id) == (
            None, AUDIT_USERNAME, self.clinic.pk
        )  # fmt: skip
        assert entry.detail["rows"] == 2 and entry.detail["pseudonymised"] is True

    def test_a_failed_write_leaves_the_file_there_as_it_was(self):
        path = self.tmp_path / "sessions.csv"
        path.write_text("last week's export")

        def half_then_fail(result, out):  # fails with part of the file written
            out.write("patient,")
            raise OSError(28, "No space left on device")

        failing = mock.patch.object(Export, "write", side_effect=half_then_fail, autospec=True)
        with failing, pytest.raises(CommandError, match="No space left on device"):
            self.run_command("sessions", "--clinic", self.clinic.slug, "--out", str(path))
        assert path.read_text() == "last week's export"
        assert [p.name for p in self.tmp_path.iterdir()] == ["sessions.csv"]
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_mistakes_are_explained(self):
        slug = self.clinic.slug
        cases = [
            (("sessions", "--clinic", "nowhere"), "No clinic with the slug 'nowhere'."),
            (("patients", "--clinic", slug), "Choose what to export: sessions or outcomes."),
            (("sessions", "--clinic", slug, "--from", "2026-13-01"), "Enter a date as YYYY-MM-DD."),
            (("sessions", "--clinic", slug, "--from", "2026-04-01", "--to", "2026-03-01"),
             "The range starts after it ends."),
            (("sessions", "--clinic", slug, "--out", "/no/such/folder/x.csv"),
             "Cannot write /no/such/folder/x.csv: No such file or directory."),
        ]  # fmt: skip
        for args, message in cases:
            with pytest.raises(CommandError) as raised:
                self.run_command(*args)
            assert str(raised.value) == message
        assert not AuditEntry.objects.filter(action="export").exists()

    def from_the_shell(self, *args) -> tuple[int, str]:
        """(exit status, standard error) of `taut export ARGS` run as from a terminal."""
        err = io.StringIO()
        # run_from_argv closes the database connections when done: keep the test's open.
        keep_open = mock.patch.object(connections, "close_all")
        with keep_open, contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exited:
            Command().run_from_argv(["taut", "export", *args, "--skip-checks"])
        return exited.value.code, err.getvalue()

    def test_from_the_shell_a_mistake_is_one_line_and_exit_status_1(self):
        slug = self.clinic.slug
        assert self.from_the_shell("patients", "--clinic", slug) == (
            1, "CommandError: Choose what to export: sessions or outcomes.\n"
        )  # fmt: skip
        assert self.from_the_shell("sessions") == (
            1, "CommandError: The following arguments are required: --clinic.\n"
        )  # fmt: skip
        assert self.from_the_shell("sessions", "--clinic", slug, "--frm", "2026-01-01") == (
            1, "CommandError: Unrecognized arguments: --frm 2026-01-01.\n"
        )  # fmt: skip

    @pytest.fixture(autouse=True)
    def _tmp_path(self, tmp_path):
        self.tmp_path = tmp_path
