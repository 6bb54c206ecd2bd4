"""`AnyOf` (taut.lookups) finds exactly what `__in` finds, on PostgreSQL as one array
parameter and on SQLite as IN."""

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from taut.lookups import AnyOf
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient
from tests.base import ClinicTestCase
from tests.factories import make_note, make_patient


class AnyOfTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.patients = [make_patient(cls.clinic, f"P{n}", "Any") for n in range(6)]
        cls.notes = [make_note(p, cls.alice) for p in cls.patients[:3]]

    def same_as_in(self, model, field, values):
        found = set(model.objects.filter(AnyOf(F(field), values)).values_list("pk", flat=True))
        matched = model.objects.filter(**{f"{field}__in": values})
        expected = set(matched.values_list("pk", flat=True))
        self.assertEqual(found, expected)
        return found

    def test_the_same_rows_as_in(self):
        ids = [p.pk for p in self.patients]
        self.assertEqual(self.same_as_in(Patient, "pk", ids[::2]), set(ids[::2]))
        self.assertEqual(self.same_as_in(Patient, "pk", {ids[1], ids[1], ids[4]}), {ids[1], ids[4]})
        self.assertEqual(self.same_as_in(Patient, "pk", [ids[0], None]), {ids[0]})
        self.assertEqual(self.same_as_in(Patient, "pk", [10**12]), set())

    def test_a_foreign_key_column(self):
        ids = [p.pk for p in self.patients[1:5]]
        self.assertEqual(
            self.same_as_in(ClinicalNote, "patient_id", ids), {n.pk for n in self.notes[1:]}
        )

    def test_nothing_to_match_asks_the_database_nothing(self):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(list(Patient.objects.filter(AnyOf(F("pk"), [None]))), [])
            self.assertEqual(list(Patient.objects.filter(AnyOf(F("pk"), []))), [])
        self.assertEqual(len(queries), 0)

    def test_excluded(self):
        ids = [p.pk for p in self.patients[:2]]
        left = Patient.objects.exclude(AnyOf(F("pk"), ids))
        self.assertEqual(set(left), set(Patient.objects.exclude(pk__in=ids)))
        self.assertTrue(set(self.patients[2:]) <= set(left))

    def test_one_parameter_on_postgresql(self):
        ids = [p.pk for p in self.patients]
        with CaptureQueriesContext(connection) as queries:
            list(Patient.objects.filter(AnyOf(F("pk"), ids)))
        sql = queries[0]["sql"]
        if connection.vendor == "postgresql":
            self.assertIn("= ANY(", sql)
        else:
            self.assertIn(" IN (", sql)
