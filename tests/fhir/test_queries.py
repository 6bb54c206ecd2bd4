"""Every resource type reads its tables a fixed number of times, however many rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taut.fhir.export import GENERATORS, Scope
from tests.factories import make_patient
from tests.fhir.base import FhirTestCase, make_record


class QueryCountTests(FhirTestCase):
    def count(self, generator) -> tuple[int, int]:
        """(resources, queries) of one generator over the whole clinic."""
        scope = Scope(self.clinic)
        with CaptureQueriesContext(connection) as queries:
            made = len(list(generator(scope)))
        return made, len(queries)

    def test_more_patients_do_not_mean_more_queries(self):
        before = {kind: self.count(g) for kind, g in GENERATORS.items()}
        for n in range(3):
            make_record(make_patient(self.clinic, f"Extra{n}", "Patient"), self.alice)
        after = {kind: self.count(g) for kind, g in GENERATORS.items()}
        for kind, (made, queries) in before.items():
            more, again = after[kind]
            with self.subTest(kind):
                self.assertGreater(more, made)
                # Not more; fewer when a code's label was read the first time (ICD-10, kept).
                self.assertLessEqual(again, queries)
                self.assertLessEqual(queries, 5)  # Observation: five kinds of record
