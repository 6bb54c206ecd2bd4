"""The patient page costs the same number of queries with 2 notes as with 10; it and the
progress page write their reads to the audit trail in one go."""

from taut.audit.models import AuditEntry
from taut.notes.models import ClinicalNote
from tests.base import ClinicTestCase
from tests.factories import make_note
from tests.measures.factories import make_episode
from tests.queries import audit_writes, page_queries, reading


class PatientPageQueryTests(ClinicTestCase):
    def queries_with_notes(self, count: int) -> list[str]:
        ClinicalNote.objects.filter(patient=self.patient).delete()
        for n in range(count):
            make_note(self.patient, (self.alice, self.carol)[n % 2], f"Note {n}")
        return page_queries(self.client, f"/patients/{self.patient.uuid}/")

    def test_the_notes_authors_do_not_cost_a_query_each(self):
        self.login(self.alice)
        few, many = self.queries_with_notes(2), self.queries_with_notes(10)
        assert len(few) == len(many), "\n".join(many)

    def test_the_notes_are_listed_without_reading_their_text(self):
        self.login(self.alice)
        [notes] = reading(ClinicalNote._meta.db_table, self.queries_with_notes(3))
        assert '"notes_clinicalnote"."text"' not in notes and '"password"' not in notes

    def test_the_patient_and_their_invoices_are_audited_in_one_write(self):
        self.login(self.alice)
        assert audit_writes(page_queries(self.client, f"/patients/{self.patient.uuid}/")) == 1
        read = AuditEntry.objects.order_by("-seq")[:2].values_list("action", "detail")
        assert list(read) == [("list", {"billing": "patient's invoices"}), ("view", {})]

    def test_the_progress_page_audits_the_patient_and_the_episode_in_one_write(self):
        episode = make_episode(self.patient, self.alice)
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/progress/?episode={episode.pk}"
        assert audit_writes(page_queries(self.client, url)) == 1
        read = AuditEntry.objects.order_by("-seq")[:2].values_list("object_type", flat=True)
        assert list(read) == ["episodes.episode", "patients.patient"]
