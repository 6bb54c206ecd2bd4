"""The bulk export's runtime validation: the first resource of each type, then a random sample
(taut/fhir/sample.py)."""

from unittest import mock

from django.test import SimpleTestCase

from taut.fhir.sample import RATE, SampleCheck
from taut.fhir.validate import InvalidResource

RESOURCES = [{"resourceType": kind, "id": str(n)} for kind in ("Patient", "Observation")
             for n in range(5000)]  # fmt: skip


def checked(check: SampleCheck) -> list[dict]:
    """The resources `check` validated."""
    seen = []
    with mock.patch("taut.fhir.sample.validate", side_effect=seen.append):
        for resource in RESOURCES:
            check(resource)
    return seen


class SampleTests(SimpleTestCase):
    def test_the_first_resource_of_each_type_is_always_validated(self):
        seen = checked(SampleCheck(rate=10**12))
        self.assertEqual([(r["resourceType"], r["id"]) for r in seen],
                         [("Patient", "0"), ("Observation", "0")])  # fmt: skip

    def test_about_one_in_rate_of_the_others_at_random(self):
        first, again = checked(SampleCheck(seed=1)), checked(SampleCheck(seed=2))
        expected = len(RESOURCES) / RATE
        for seen in (first, again):
            # 10,000 draws at 1/1,000: 10 expected; outside 1 to 25 has odds below 1 in 10^4.
            self.assertTrue(2 + 1 <= len(seen) <= 2 + 2.5 * expected, len(seen))
        self.assertNotEqual(first, again)

    def test_every_validates_each_one(self):
        check = SampleCheck(every=True)
        self.assertEqual(len(checked(check)), len(RESOURCES))
        self.assertEqual(check.validated, len(RESOURCES))

    def test_a_sampled_resource_that_does_not_validate_stops_the_export(self):
        check = SampleCheck()
        with self.assertRaisesMessage(InvalidResource, "Patient/0"):
            check({"resourceType": "Patient", "id": "0", "birthDate": "17 May 1980"})
