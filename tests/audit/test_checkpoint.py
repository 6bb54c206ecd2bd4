"""Signed checkpoints catch a trail that was cut short or wiped along with its head row."""

import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from taut.audit import checkpoint, log
from taut.audit.actions import Action
from taut.audit.models import AuditEntry, ChainHead
from tests.base import ClinicTestCase


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class CheckpointTests(ClinicTestCase):
    def setUp(self):
        for _ in range(5):
            log.record(None, Action.VIEW, self.patient, user=self.alice)
        self.folder = tempfile.TemporaryDirectory()
        self.file = Path(self.folder.name) / "checkpoints.jsonl"

    def tearDown(self):
        self.folder.cleanup()

    def verify(self):
        out = StringIO()
        call_command("audit", "verify", "--checkpoint", str(self.file), stdout=out)
        return out.getvalue()

    def cut_to(self, seq):
        """What someone with database access does: remove the last entries, rewind the head."""
        last = AuditEntry.objects.get(seq=seq) if seq else None
        raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq > %s", [seq])
        raw(
            f"UPDATE {ChainHead._meta.db_table} SET seq = %s, hash = %s",
            [seq, last.hash if last else "0" * 64],
        )

    def test_it_passes_while_the_trail_still_holds_the_checkpoint(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        log.record(None, Action.VIEW, self.patient, user=self.alice)
        assert "1 checkpoints fit" in self.verify()

    def test_it_catches_a_trail_cut_short_that_the_chain_alone_misses(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        self.cut_to(3)
        call_command("audit", "verify", stdout=StringIO())  # the chain alone still fits
        with pytest.raises(CommandError, match="entry 5, checkpointed at .* is gone") as raised:
            self.verify()
        assert raised.value.returncode == 1

    def test_it_catches_a_wiped_trail(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        self.cut_to(0)
        with pytest.raises(CommandError, match="cut short or wiped"):
            self.verify()

    def test_it_catches_a_trail_rewritten_from_the_checkpoint_on(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        self.cut_to(4)
        log.record(None, Action.VIEW, self.patient, user=self.bob)  # a new fifth entry
        with pytest.raises(CommandError, match="entry 5 differs"):
            self.verify()

    def test_a_forged_checkpoint_is_refused(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        fields = json.loads(self.file.read_text())
        fields["seq"] = 2
        self.file.write_text(json.dumps(fields) + "\n")
        with pytest.raises(CommandError, match="signature does not fit") as raised:
            self.verify()
        assert raised.value.returncode == 2

    def test_another_key_does_not_verify(self):
        with override_settings(AUDIT_CHECKPOINT_KEY="one key"):
            call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        with (
            override_settings(AUDIT_CHECKPOINT_KEY="another key"),
            pytest.raises(CommandError, match="signature"),
        ):
            self.verify()

    def test_the_file_comes_from_the_settings_too(self):
        with override_settings(AUDIT_CHECKPOINT_FILE=str(self.file), AUDIT_CHECKPOINT_KEY=""):
            call_command("audit", "checkpoint", stdout=StringIO())
        assert len(checkpoint.read(self.file, settings.SECRET_KEY)) == 1  # the fallback key

    def test_a_missing_file_is_a_clear_error(self):
        with pytest.raises(CommandError, match="cannot read"):
            self.verify()


class CheckpointLogicTests(ClinicTestCase):
    def test_checkpoints_in_order_each_checked(self):
        points = [checkpoint.Checkpoint(1, "a" * 64, "t1"), checkpoint.Checkpoint(2, "b", "t2")]
        assert checkpoint.check(points, {1: "a" * 64, 2: "b"}.get) is None
        assert "entry 2" in checkpoint.check(points, {1: "a" * 64}.get)
