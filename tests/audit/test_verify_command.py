"""`taut audit verify` passes on an untouched trail and names the entry that was edited."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase


class VerifyTests(ClinicTestCase):
    def setUp(self):
        for _ in range(3):
            log.record(None, Action.VIEW, self.patient, user=self.alice)

    def test_it_passes_on_an_untouched_trail(self):
        call_command("audit", "verify")

    def test_it_names_the_entry_edited_in_the_database(self):
        target = AuditEntry.objects.get(seq=2)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {AuditEntry._meta.db_table} SET username = %s WHERE id = %s",
                ["mallory", target.pk],
            )
        with pytest.raises(CommandError, match="broken at entry 2") as raised:
            call_command("audit", "verify")
        assert raised.value.returncode == 1

    def test_it_notices_a_deleted_entry(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = 3")
        with pytest.raises(CommandError, match="broken at entry 3"):
            call_command("audit", "verify")

    def test_entries_cannot_be_changed_or_deleted_through_the_orm(self):
        entry = AuditEntry.objects.first()
        entry.username = "mallory"
        with pytest.raises(TypeError):
            entry.save()
        with pytest.raises(TypeError):
            entry.delete()
        with pytest.raises(TypeError):
            AuditEntry.objects.update(username="mallory")
        with pytest.raises(TypeError):
            AuditEntry.objects.all().delete()

    def test_an_entry_records_who_what_when_and_where(self):
        self.login(self.alice)
        self.client.get(f"/patients/{self.patient.uuid}/", REMOTE_ADDR="10.1.2.3")
        # The page's first entry: the billing block adds a "list" of the patient's invoices.
        entry = AuditEntry.objects.filter(action="view").order_by("-id").first()
        assert (entry.username, entry.user_id, entry.clinic_id) == (
            "alice", self.alice.pk, self.clinic.pk,
        )  # fmt: skip
        assert (entry.action, entry.object_type, entry.object_id) == (
            "view", "patients.patient", str(self.patient.pk),
        )  # fmt: skip
        assert entry.patient_id == self.patient.pk and entry.ip == "10.1.2.3"
        assert entry.at is not None
        call_command("audit", "verify")
