"""The new resource types read their tables a fixed number of times, however many rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taut.fhir.export import Scope, consent_rows, document_rows, palpation_rows
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
        generators = (document_rows, consent_rows, palpation_rows)
        before = [self.count(g) for g in generators]
        for n in range(3):
            make_record(make_patient(self.clinic, f"Extra{n}", "Patient"), self.alice)
        after = [self.count(g) for g in generators]
        for generator, (made, queries), (more, again) in zip(generators, before, after,
                                                             strict=True):  # fmt: skip
            with self.subTest(generator.__name__):
                self.assertGreater(more, made)
                self.assertEqual(again, queries)
                self.assertLessEqual(queries, 2)
