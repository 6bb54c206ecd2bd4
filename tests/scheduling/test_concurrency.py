"""Two front desks booking the same slot at the same moment: exactly one wins (PostgreSQL,
where transactions really run side by side; SQLite serialises every write anyway)."""

import functools
import unittest
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from taut.clinics.roles import Role
from taut.scheduling import booking
from taut.scheduling.models import Appointment
from tests.concurrency import at_once, outcome, slow
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import at, make_type


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentBookingTests(TransactionTestCase):
    def setUp(self):
        self.clinic = make_clinic("Northside")
        self.alice = make_user("alice", (self.clinic, Role.CLINICIAN))
        self.bob = make_user("bob", (self.clinic, Role.FRONT_DESK))
        self.kind = make_type(self.clinic, "Treatment", 45)
        self.patients = [make_patient(self.clinic, "Ada", f"Number{n}") for n in range(2)]

    def race(self, *bookings) -> list[str]:
        def attempt(patient, clinician, starts_at):
            return booking.book(
                self.clinic, patient=patient, clinician=clinician, type=self.kind,
                starts_at=starts_at, by=self.bob,
            )  # fmt: skip

        # Hold each transaction open between its overlap check and its insert, so that
        # without the row locks both bookings would pass the check.
        with mock.patch.object(booking, "check_slot", slow(booking.check_slot)):
            outcomes = at_once(*(functools.partial(attempt, *b) for b in bookings))
        return sorted(outcome(o, "booked", booking.BookingError) for o in outcomes)

    def test_the_same_clinician_and_slot_is_booked_once(self):
        results = self.race(
            (self.patients[0], self.alice, at(1, 10)), (self.patients[1], self.alice, at(1, 10, 15))
        )
        assert results == ["booked", "refused"] and Appointment.objects.count() == 1

    def test_the_same_patient_with_two_clinicians_is_booked_once(self):
        dana = make_user("dana", (self.clinic, Role.CLINICIAN))
        results = self.race(
            (self.patients[0], self.alice, at(1, 10)), (self.patients[0], dana, at(1, 10))
        )
        assert results == ["booked", "refused"] and Appointment.objects.count() == 1
