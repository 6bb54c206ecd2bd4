"""Migration 0003 keeps the single chain written until then, untouched, as the `legacy` chain,
and new entries start per-clinic chains after it."""

import tempfile
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase, override_settings

from taut.audit import checkpoint, log
from taut.audit.actions import Action
from taut.audit.chain import GENESIS, LEGACY, chain_for, entry_hash
from taut.audit.models import AuditEntry, ChainHead
from taut.audit.verification import verify_stored

BEFORE = [("audit", "0002_append_only_trigger")]
AFTER = [("audit", "0003_chain_per_clinic")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def write_one_chain(apps, clinic_ids) -> list[str]:
    """The trail as the single-chain code wrote it: one seq for all, one head row (pk=1)."""
    entry_model, head_model = (
        apps.get_model("audit", "AuditEntry"),
        apps.get_model("audit", "ChainHead"),
    )
    prev, hashes = GENESIS, []
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    for seq, clinic_id in enumerate(clinic_ids, start=1):
        content = {
            "seq": seq, "at": start + timedelta(minutes=seq), "user_id": None,
            "username": "alice", "clinic_id": clinic_id, "action": "view",
            "object_type": "patients.patient", "object_id": str(seq), "patient_id": seq,
            "ip": "10.0.0.1", "detail": {}, "prev_hash": prev,
        }  # fmt: skip
        prev = entry_hash({**content, "at": content["at"].isoformat()})
        entry_model.objects.create(hash=prev, **content)
        hashes.append(prev)
    head_model.objects.create(pk=1, seq=len(clinic_ids), hash=prev)
    return hashes


@override_settings(AUDIT_CHECKPOINT_KEY="test key")
class LegacyChainMigrationTests(TransactionTestCase):
    def test_the_old_chain_stays_whole_and_new_entries_start_per_clinic(self):
        try:
            old_apps = migrate(BEFORE)
            hashes = write_one_chain(old_apps, [11, 12, None, 11])
            with tempfile.TemporaryDirectory() as folder:
                file = Path(folder) / "checkpoints.jsonl"
                # A checkpoint as the single-chain code took it: no chain in the line.
                point = checkpoint.Checkpoint(4, hashes[-1], "2026-11-30T10:00:00+00:00")
                checkpoint.append(file, point, "test key")
                migrate(AFTER)

                legacy = AuditEntry.objects.filter(chain=LEGACY).order_by("seq")
                assert list(legacy.values_list("hash", flat=True)) == hashes  # untouched
                assert ChainHead.objects.get(pk=1).chain == LEGACY

                log.record(None, Action.VIEW, clinic_id=11)
                new = AuditEntry.objects.get(chain=chain_for(11))
                assert (new.seq, new.prev_hash) == (1, GENESIS)

                assert [(r.chain, r.entries, r.problem) for r in verify_stored()] == [
                    (chain_for(11), 1, None),
                    (LEGACY, 4, None),
                ]
                out = StringIO()
                call_command("audit", "verify", "--checkpoint", str(file), stdout=out)
                assert "1 checkpoints fit" in out.getvalue()
        finally:
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
