"""Entries recorded inside `log.together()` are appended in one transaction when the block
ends, in the order they were recorded, linked like any others, also when the block raises."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.chain import chain_for
from taut.audit.models import AuditEntry
from taut.audit.verification import verify_stored
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode
from tests.queries import reading


class TogetherTests(ClinicTestCase):
    def ours(self) -> list[AuditEntry]:
        return list(AuditEntry.objects.filter(chain=chain_for(self.clinic.pk)).order_by("seq"))

    def test_nothing_is_written_until_the_block_ends(self):
        with log.together():
            log.record(None, Action.VIEW, self.patient, user=self.alice)
            assert self.ours() == []
        assert [e.object_id for e in self.ours()] == [str(self.patient.pk)]

    def test_the_entries_keep_their_order_and_link_in_the_chain(self):
        episode = make_episode(self.patient, self.alice)
        log.record(None, Action.LIST, user=self.alice, clinic_id=self.clinic.pk)
        with log.together():
            log.record(None, Action.VIEW, self.patient, user=self.alice)
            log.record(None, Action.VIEW, episode, user=self.alice)
        entries = self.ours()
        assert [(e.seq, e.object_type) for e in entries] == [
            (1, ""), (2, "patients.patient"), (3, "episodes.episode"),
        ]  # fmt: skip
        assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
        assert all(report.problem is None for report in verify_stored())

    def test_one_read_of_the_head_and_one_insert_for_all_the_entries(self):
        episode = make_episode(self.patient, self.alice)
        log.record(None, Action.LIST, user=self.alice, clinic_id=self.clinic.pk)  # a head
        with CaptureQueriesContext(connection) as captured, log.together():
            for obj in (self.patient, episode, self.patient):
                log.record(None, Action.VIEW, obj, user=self.alice)
        sql = [q["sql"] for q in captured.captured_queries]
        assert len(reading("audit_chainhead", sql)) == 1
        assert len([s for s in sql if 'INSERT INTO "audit_auditentry"' in s]) == 1
        assert len(self.ours()) == 4

    def test_entries_of_two_clinics_go_to_their_own_chains(self):
        with log.together():
            log.record(None, Action.VIEW, self.patient, user=self.alice)
            log.record(None, Action.LIST, user=self.charlie, clinic_id=self.other_clinic.pk)
            log.record(None, Action.VIEW, self.patient, user=self.alice)
        assert [e.seq for e in self.ours()] == [1, 2]
        theirs = AuditEntry.objects.get(chain=chain_for(self.other_clinic.pk))
        assert (theirs.seq, theirs.username) == (1, "charlie")
        assert all(report.problem is None for report in verify_stored())

    def test_what_was_read_before_an_error_is_still_written(self):
        with pytest.raises(LookupError), log.together():
            log.record(None, Action.VIEW, self.patient, user=self.alice)
            raise LookupError
        assert len(self.ours()) == 1
