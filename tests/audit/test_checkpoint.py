"""Signed checkpoints catch a chain that was cut short or wiped along with its head row."""

import hashlib
import hmac
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
from taut.audit.chain import LEGACY, chain_for
from taut.audit.models import AuditEntry, ChainHead
from tests.base import ClinicTestCase


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class CheckpointTests(ClinicTestCase):
    def setUp(self):
        for _ in range(5):
            log.record(None, Action.VIEW, self.patient, user=self.alice)
        log.record(None, Action.VIEW, user=self.charlie, clinic_id=self.other_clinic.pk)
        self.chain = chain_for(self.clinic.pk)
        self.folder = tempfile.TemporaryDirectory()
        self.file = Path(self.folder.name) / "checkpoints.jsonl"

    def tearDown(self):
        self.folder.cleanup()

    def verify(self):
        out = StringIO()
        call_command("audit", "verify", "--checkpoint", str(self.file), stdout=out)
        return out.getvalue()

    def cut_to(self, seq):
        """What someone with database access does: cut a chain's last entries, rewind its head."""
        last = AuditEntry.objects.get(chain=self.chain, seq=seq) if seq else None
        raw(
            f"DELETE FROM {AuditEntry._meta.db_table} WHERE chain = %s AND seq > %s",
            [self.chain, seq],
        )
        raw(
            f"UPDATE {ChainHead._meta.db_table} SET seq = %s, hash = %s WHERE chain = %s",
            [seq, last.hash if last else "0" * 64, self.chain],
        )

    def test_it_passes_while_the_trail_still_holds_the_checkpoint(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        log.record(None, Action.VIEW, self.patient, user=self.alice)
        assert "2 checkpoints fit" in self.verify()  # one line per chain

    def test_it_catches_a_trail_cut_short_that_the_chain_alone_misses(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        self.cut_to(3)
        call_command("audit", "verify", stdout=StringIO())  # the chain alone still fits
        gone = f"entry 5 of chain {self.chain}, checkpointed at .* is gone"
        with pytest.raises(CommandError, match=gone) as raised:
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
        with pytest.raises(CommandError, match=f"entry 5 of chain {self.chain} differs"):
            self.verify()

    def test_a_forged_checkpoint_is_refused(self):
        call_command("audit", "checkpoint", "--file", str(self.file), stdout=StringIO())
        fields = json.loads(self.file.read_text().splitlines()[0])
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
        assert len(checkpoint.read(self.file, settings.SECRET_KEY)) == 2  # the fallback key

    def test_a_missing_file_is_a_clear_error(self):
        with pytest.raises(CommandError, match="cannot read"):
            self.verify()


class CheckpointLogicTests(ClinicTestCase):
    def test_checkpoints_in_order_each_checked(self):
        points = [
            checkpoint.Checkpoint(1, "a" * 64, "t1", "clinic-1"),
            checkpoint.Checkpoint(2, "b", "t2", "clinic-1"),
        ]
        stored = {("clinic-1", 1): "a" * 64, ("clinic-1", 2): "b"}
        assert checkpoint.check(points, lambda *key: stored.get(key)) is None
        del stored["clinic-1", 2]
        assert "entry 2 of chain clinic-1" in checkpoint.check(points, lambda *k: stored.get(k))

    def test_the_same_seq_in_another_chain_does_not_stand_in(self):
        points = [checkpoint.Checkpoint(3, "c" * 64, "t1", "clinic-2")]
        stored = {("clinic-1", 3): "c" * 64}
        assert "is gone" in checkpoint.check(points, lambda *key: stored.get(key))

    def test_a_line_written_before_chains_were_per_clinic_is_of_the_legacy_chain(self):
        # The format then: seq, hash, at, signed over exactly those.
        old = {"seq": 4, "hash": "d" * 64, "at": "2026-11-30T10:00:00+00:00"}
        payload = json.dumps(old, sort_keys=True, separators=(",", ":"))
        mac = hmac.new(b"key", payload.encode(), hashlib.sha256).hexdigest()
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "old.jsonl"
            file.write_text(json.dumps({**old, "mac": mac}) + "\n")
            [point] = checkpoint.read(file, "key")
        assert (point.chain, point.seq) == (LEGACY, 4)

    def test_the_chain_is_under_the_signature(self):
        line = json.loads(checkpoint.Checkpoint(1, "a" * 64, "t", "clinic-1").line("key"))
        line["chain"] = "clinic-2"
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "moved.jsonl"
            file.write_text(json.dumps(line) + "\n")
            with pytest.raises(checkpoint.CheckpointError, match="signature"):
                checkpoint.read(file, "key")
