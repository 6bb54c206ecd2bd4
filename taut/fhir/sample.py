"""Validation of a bulk export by sample: fhir.resources checks the first resource of each
type and then about one resource in RATE, chosen at random.

Validity is established by the tests, which validate every resource type's output with
fhir.resources for representative and edge-case records (tests/fhir). The sample is a tripwire
for stored data the tests did not foresee: a mapping fault that touches every resource of a
type stops the export on its first resource, and a fault in a fraction f of the resources is
caught by an export of N resources with probability 1 - (1 - 1/RATE) ** (f * N).
"""

import random

from taut.fhir.validate import validate

# One in RATE after the first of each type. Validating a resource costs about 0.35 ms, ten
# times building and writing it, so one in 1,000 adds about 1% to an export (engineering
# choice). At random, not every RATE-th: a periodic pattern in the records (every patient with
# the same number of observations) could hide one kind of resource from a fixed stride.
RATE = 1000


class SampleCheck:
    """Callable validator for one export; raises InvalidResource like `validate`. Validates
    every resource when `every`; `rate` and `seed` are for tests."""

    def __init__(self, every: bool = False, rate: int = RATE, seed: int | None = None):
        self.every, self.chance = every, 1 / rate
        self.random = random.Random(seed).random
        self.types: set[str] = set()
        self.validated = 0

    def __call__(self, resource: dict) -> None:
        kind = resource["resourceType"]
        if self.every or kind not in self.types or self.random() < self.chance:
            self.types.add(kind)
            self.validated += 1
            validate(resource)
