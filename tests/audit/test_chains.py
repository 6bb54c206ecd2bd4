"""One hash chain per clinic: appends of different clinics never share a head row, and
tampering with one clinic's chain is found and named while the others stay intact."""

import threading
from io import StringIO
from unittest import skipUnless

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections, transaction
from django.test import TransactionTestCase

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.chain import NO_CLINIC, chain_for
from taut.audit.models import AuditEntry, ChainHead
from taut.audit.verification import verify_stored
from taut.clinics.roles import Role
from tests.base import ClinicTestCase
from tests.factories import make_clinic, make_user


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


class PerClinicChainTests(ClinicTestCase):
    def setUp(self):
        for _ in range(3):
            log.record(None, Action.VIEW, self.patient, user=self.alice)
            log.record(None, Action.LIST, user=self.charlie, clinic_id=self.other_clinic.pk)
        log.record(None, Action.LOGIN_FAILED, username="nobody")
        self.ours, self.theirs = chain_for(self.clinic.pk), chain_for(self.other_clinic.pk)

    def test_each_clinic_counts_its_own_entries_from_one(self):
        for chain in (self.ours, self.theirs):
            seqs = AuditEntry.objects.filter(chain=chain).order_by("seq")
            assert list(seqs.values_list("seq", flat=True)) == [1, 2, 3]
            assert ChainHead.objects.get(chain=chain).seq == 3

    def test_an_entry_of_no_clinic_goes_to_the_no_clinic_chain(self):
        entry = AuditEntry.objects.get(action="login_failed")
        assert (entry.chain, entry.seq, entry.clinic_id) == (NO_CLINIC, 1, None)

    def test_entries_link_within_their_chain(self):
        ours = list(AuditEntry.objects.filter(chain=self.ours).order_by("seq"))
        assert [e.prev_hash for e in ours[1:]] == [e.hash for e in ours[:-1]]

    def test_the_who_what_when_and_which_patient_are_kept(self):
        entry = AuditEntry.objects.filter(chain=self.ours).latest("seq")
        assert (entry.username, entry.clinic_id, entry.patient_id, entry.action) == (
            "alice", self.clinic.pk, self.patient.pk, "view",
        )  # fmt: skip

    def test_verify_reports_every_chain(self):
        out = verify()
        assert f"{self.ours} (Northside): intact, 3 entries" in out
        assert f"{self.theirs} (Southside): intact, 3 entries" in out
        assert f"{NO_CLINIC}: intact, 1 entries" in out
        assert "intact: 7 entries in 3 chains" in out

    def test_an_edit_in_one_clinics_chain_is_named_and_the_others_stay_intact(self):
        raw(
            f"UPDATE {AuditEntry._meta.db_table} SET username = 'mallory' "
            "WHERE chain = %s AND seq = 2",
            [self.theirs],
        )
        with pytest.raises(CommandError, match=f"entry 2 of chain {self.theirs} .Southside.") as e:
            verify()
        assert e.value.returncode == 1 and "1 of 3 chains broken" in str(e.value)
        reports = {report.chain: report for report in verify_stored()}
        assert "changed" in reports[self.theirs].problem.reason
        assert reports[self.ours].problem is None and reports[NO_CLINIC].problem is None

    def test_a_deleted_entry_in_one_chain_is_named(self):
        raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE chain = %s AND seq = 2", [self.ours])
        with pytest.raises(CommandError, match=f"entry 2 of chain {self.ours}"):
            verify()

    def test_a_cut_off_tail_is_caught_by_the_chains_head(self):
        raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE chain = %s AND seq = 3", [self.ours])
        with pytest.raises(CommandError, match="ends at entry 2 but 3 were written"):
            verify()

    def test_an_entry_moved_to_another_chain_is_caught(self):
        # Moving the last entry of one clinic to the end of another, heads adjusted to match:
        # every link still fits, but the entry's hashed clinic is not the chain's.
        moved = AuditEntry.objects.get(chain=self.theirs, seq=3)
        last = AuditEntry.objects.get(chain=self.ours, seq=3)
        raw(
            f"UPDATE {AuditEntry._meta.db_table} SET chain = %s, seq = 4, prev_hash = %s "
            "WHERE id = %s",
            [self.ours, last.hash, moved.pk],
        )
        with pytest.raises(CommandError, match=f"entry 4 of chain {self.ours}"):
            verify()

    def test_a_chain_whose_head_row_was_removed_is_reported(self):
        raw(f"DELETE FROM {ChainHead._meta.db_table} WHERE chain = %s", [self.ours])
        with pytest.raises(CommandError, match=f"chain {self.ours}"):
            verify()


@skipUnless(connection.vendor == "postgresql", "needs transactions that run side by side")
class SeparateHeadRowTests(TransactionTestCase):
    """While one clinic's append holds its head row, another clinic's append goes through."""

    def setUp(self):
        self.north, self.south = make_clinic("Northside"), make_clinic("Southside")
        self.alice = make_user("alice", (self.north, Role.CLINICIAN))
        self.charlie = make_user("charlie", (self.south, Role.CLINICIAN))
        for clinic in (self.north, self.south):
            log.record(None, Action.LIST, clinic_id=clinic.pk)  # both heads exist

    def append_while_north_is_held(self, clinic) -> str:
        """'appended' or 'waited' (gave up after 2 s) for an append to `clinic` in a second
        connection while a first, still open, transaction has appended to Northside."""
        held, done, outcome = threading.Event(), threading.Event(), []

        def holder():
            try:
                with transaction.atomic():
                    log.record(None, Action.VIEW, user=self.alice, clinic_id=self.north.pk)
                    held.set()
                    done.wait(timeout=10)
            finally:
                connections.close_all()

        def other():
            try:
                assert held.wait(timeout=10)
                with transaction.atomic():
                    raw("SET LOCAL lock_timeout = '2s'")
                    log.record(None, Action.VIEW, user=self.charlie, clinic_id=clinic.pk)
                outcome.append("appended")
            except OperationalError:
                outcome.append("waited")
            finally:
                done.set()
                connections.close_all()

        threads = [threading.Thread(target=holder), threading.Thread(target=other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        assert not any(thread.is_alive() for thread in threads), "an append hung"
        return outcome[0]

    def test_another_clinics_append_does_not_wait(self):
        assert self.append_while_north_is_held(self.south) == "appended"
        assert ChainHead.objects.get(chain=chain_for(self.south.pk)).seq == 2
        verify()

    def test_the_same_clinics_append_waits_for_the_head(self):
        # The control: the lock is really held, so the test above can fail.
        assert self.append_while_north_is_held(self.north) == "waited"
        assert ChainHead.objects.get(chain=chain_for(self.north.pk)).seq == 2
        verify()
