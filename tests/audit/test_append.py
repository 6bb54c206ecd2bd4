"""On PostgreSQL an append reads its chain's head without a lock and moves it in one statement
that writes nothing if another append moved it first; it then reads the head again. The
statement writes exactly the rows the locking path writes, and appends racing for one chain
(alone, inside a caller's transaction, or beside the locking path) all land, gap-free."""

import functools
import threading
from io import StringIO
from unittest import mock, skipUnless

import pytest
from django.core.management import call_command
from django.db import DataError, connection, connections, transaction
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.chain import GENESIS, chain_for
from taut.audit.models import AuditEntry, ChainHead
from taut.audit.verification import verify_stored
from taut.clinics.roles import Role
from tests.base import ClinicTestCase
from tests.concurrency import at_once
from tests.factories import make_clinic, make_user
from tests.queries import reading

needs_postgresql = skipUnless(
    connection.vendor == "postgresql", "the one statement is PostgreSQL's"
)


def chain_rows(chain: str) -> list[dict]:
    """Every stored column of the chain's entries but the id, in order."""
    columns = [f.attname for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    return list(AuditEntry.objects.filter(chain=chain).order_by("seq").values(*columns))


def statements(captured, text: str) -> int:
    return len([q for q in captured.captured_queries if text in q["sql"]])


def assert_intact():
    assert all(report.problem is None for report in verify_stored())
    call_command("audit", "verify", stdout=StringIO())


@needs_postgresql
class OneStatementTests(ClinicTestCase):
    def setUp(self):
        log.record(None, Action.LIST, user=self.alice, clinic_id=self.clinic.pk)
        self.chain = chain_for(self.clinic.pk)

    def contents(self, n: int, object_id: str = "") -> list[dict]:
        at = timezone.now()
        return [
            {
                "at": at,
                "user_id": self.alice.pk,
                "username": "alice",
                "clinic_id": self.clinic.pk,
                "action": "view",
                "object_type": "patients.patient",
                "object_id": object_id or str(self.patient.pk),
                "patient_id": self.patient.pk,
                "ip": "2001:db8::1",
                "detail": {"page": "patient detail", "n": i, "q": "it's"},
            }  # fmt: skip
            for i in range(n)
        ]

    def test_it_writes_the_rows_the_locking_path_writes(self):
        contents = self.contents(3)
        with transaction.atomic():
            log.append_locked(contents)
            locked, locked_head = chain_rows(self.chain), log.read_head(self.chain)
            transaction.set_rollback(True)
        assert log.read_head(self.chain)[0] == 1
        with CaptureQueriesContext(connection) as captured:
            entries = log.append(*contents)
        assert statements(captured, "WITH moved") == 1 and statements(captured, "FOR UPDATE") == 0
        assert chain_rows(self.chain) == locked and log.read_head(self.chain) == locked_head
        assert [row["seq"] for row in locked] == [1, 2, 3, 4]
        stored = dict(AuditEntry.objects.filter(chain=self.chain).values_list("seq", "id"))
        assert [(e.seq, e.pk) for e in entries] == [(seq, stored[seq]) for seq in (2, 3, 4)]
        assert_intact()

    def test_an_append_is_two_statements_and_takes_no_lock(self):
        with CaptureQueriesContext(connection) as captured:
            log.record(None, Action.VIEW, self.patient, user=self.alice)
        sql = [q["sql"] for q in captured.captured_queries]
        assert len(sql) == 2 and reading("audit_chainhead", sql) == sql[:1]
        assert sql[1].startswith("WITH moved") and "FOR UPDATE" not in sql[0]

    def test_a_new_chains_first_entry_creates_its_head_under_the_lock(self):
        theirs = self.other_clinic.pk
        with CaptureQueriesContext(connection) as first:
            log.record(None, Action.LIST, user=self.charlie, clinic_id=theirs)
        with CaptureQueriesContext(connection) as second:
            log.record(None, Action.LIST, user=self.charlie, clinic_id=theirs)
        assert statements(first, "FOR UPDATE") == 1 and statements(first, "WITH moved") == 0
        assert statements(second, "FOR UPDATE") == 0 and statements(second, "WITH moved") == 1
        assert_intact()

    def test_a_value_too_long_is_refused_not_cut_short(self):
        # A cut-short value would no longer fit the hash made over the whole of it.
        with pytest.raises(DataError), transaction.atomic():
            log.append(*self.contents(1, object_id="9" * 65))
        assert log.read_head(self.chain)[0] == 1 and AuditEntry.objects.count() == 1

    def test_after_the_head_moved_every_time_it_waits_for_the_lock(self):
        # The head as it was before the first entry: a read that every statement finds moved.
        with (
            mock.patch.object(log, "read_head", return_value=(0, GENESIS)),
            CaptureQueriesContext(connection) as captured,
        ):
            entry = log.record(None, Action.VIEW, self.patient, user=self.alice)
        assert statements(captured, "WITH moved") == log.MOVE_ATTEMPTS
        assert statements(captured, "FOR UPDATE") == 1
        assert (entry.seq, AuditEntry.objects.count()) == (2, 2)
        assert_intact()


def in_thread(target) -> None:
    """Run `target` in a thread of its own (so on a connection of its own) and wait for it."""
    [outcome] = at_once(target, timeout=30)
    assert not isinstance(outcome, Exception), outcome


def wait_until_an_append_waits_for_a_lock():
    for _ in range(200):
        with connection.cursor() as cursor:
            # Inside a transaction the activity view is read once unless asked again.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'WITH moved%%'"
            )
            if cursor.fetchone()[0]:
                return
        threading.Event().wait(0.05)
    raise AssertionError("no append waited for the head")


@needs_postgresql
class RaceTests(TransactionTestCase):
    def setUp(self):
        self.north, self.south = make_clinic("Northside"), make_clinic("Southside")
        self.alice = make_user("alice", (self.north, Role.CLINICIAN))
        for clinic in (self.north, self.south):
            log.record(None, Action.LIST, user=self.alice, clinic_id=clinic.pk)  # heads exist
        self.chain = chain_for(self.north.pk)

    def record(self, who: str, n: int, clinic=None):
        log.record(None, Action.VIEW, username=who, clinic_id=(clinic or self.north).pk,
                   detail={"n": n})  # fmt: skip

    def test_an_append_that_finds_the_head_moved_reads_it_again(self):
        reads = []
        real_read = log.read_head

        def read_then_moved(chain):
            head = real_read(chain)
            reads.append(head)
            if len(reads) == 1:  # another connection appends after this read
                in_thread(lambda: self.record("other", 1))
            return head

        with mock.patch.object(log, "read_head", side_effect=read_then_moved):
            entry = log.record(None, Action.VIEW, username="alice", clinic_id=self.north.pk)
        # Our first read, the other append's read, our second read.
        assert [head[0] for head in reads] == [1, 1, 2]
        assert entry.seq == 3 and entry.prev_hash == reads[2][1]
        names = AuditEntry.objects.filter(chain=self.chain).order_by("seq")
        assert list(names.values_list("username", flat=True)[1:]) == ["other", "alice"]
        assert_intact()

    def test_it_waits_for_an_open_transaction_that_moved_the_head_then_reads_it_again(self):
        held, errors = threading.Event(), []

        def holder():
            try:
                with transaction.atomic():
                    self.record("holder", 1)
                    held.set()
                    wait_until_an_append_waits_for_a_lock()
            except Exception as error:  # noqa: BLE001 - handed to the test below
                errors.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=holder)
        thread.start()
        assert held.wait(timeout=10)
        with CaptureQueriesContext(connection) as captured:
            entry = log.record(None, Action.VIEW, username="alice", clinic_id=self.north.pk)
        thread.join(timeout=10)
        assert not thread.is_alive() and not errors, errors
        # The holder's entry was not yet committed when ours read the head: our statement
        # waited for the holder's lock, then found the head moved, and was sent again.
        assert statements(captured, "WITH moved") == 2
        assert entry.seq == 3 and ChainHead.objects.get(chain=self.chain).seq == 3
        assert_intact()

    def race(self, kinds: list[str], each: int) -> None:
        """Threads append `each` times to Northside's chain at once, each in its own way."""

        def appender(number: int, kind: str):
            who = f"t{number}"
            for n in range(each):
                if kind == "alone":
                    self.record(who, n)
                elif kind == "in a transaction":  # two appends, the second after the first
                    with transaction.atomic():
                        self.record(who, n)
                        with log.together():
                            self.record(who + "b", n)
                else:  # with another clinic's entry: the locking path on both heads
                    with log.together():
                        self.record(who, n)
                        self.record(who, n, clinic=self.south)

        outcomes = at_once(*(functools.partial(appender, n, k) for n, k in enumerate(kinds)))
        errors = [o for o in outcomes if isinstance(o, Exception)]
        assert not errors, errors

    def assert_every_entry_once(self, expected: set[tuple[str, int]]):
        entries = AuditEntry.objects.filter(chain=self.chain).order_by("seq")
        seqs = list(entries.values_list("seq", flat=True))
        assert seqs == list(range(1, len(expected) + 2))  # the setUp entry, then the race's
        assert ChainHead.objects.get(chain=self.chain).seq == seqs[-1]
        written = [(e.username, e.detail["n"]) for e in entries[1:]]
        assert sorted(written) == sorted(expected)
        assert_intact()

    def test_appends_racing_for_one_chain_all_land_in_order(self):
        self.race(["alone"] * 6, each=10)
        self.assert_every_entry_once({(f"t{t}", n) for t in range(6) for n in range(10)})

    def test_appends_inside_transactions_and_beside_the_locking_path_all_land(self):
        kinds = ["alone", "alone", "in a transaction", "in a transaction", "with another clinic"]
        self.race(kinds, each=8)
        expected = {(f"t{t}", n) for t in range(5) for n in range(8)}
        expected |= {(f"t{t}b", n) for t in (2, 3) for n in range(8)}
        self.assert_every_entry_once(expected)
        south = AuditEntry.objects.filter(chain=chain_for(self.south.pk))
        assert south.count() == 1 + 8
