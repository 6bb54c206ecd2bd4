"""The patient page costs the same number of queries with 2 notes as with 10."""

from taut.notes.models import ClinicalNote
from tests.base import ClinicTestCase
from tests.factories import make_note
from tests.queries import page_queries


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
