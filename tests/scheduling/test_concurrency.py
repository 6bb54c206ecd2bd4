"""Two front desks booking the same slot at the same moment: exactly one wins (PostgreSQL,
where transactions really run side by side; SQLite serialises every write anyway)."""

import threading
import unittest
from unittest import mock

from django.db import connection, connections
from django.test import TransactionTestCase

from taut.clinics.roles import Role
from taut.scheduling import booking
from taut.scheduling.models import Appointment
from tests.concurrency import slow
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
        barrier, results = threading.Barrier(len(bookings)), []

        def attempt(patient, clinician, starts_at):
            try:
                barrier.wait()
                booking.book(
                    self.clinic, patient=patient, clinician=clinician, type=self.kind,
                    starts_at=starts_at, by=self.bob,
                )  # fmt: skip
                results.append("booked")
            except booking.BookingError:
                results.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=attempt, args=b) for b in bookings]
        # Hold each transaction open between its overlap check and its insert, so that
        # without the row locks both bookings would pass the check.
        with mock.patch.object(booking, "check_slot", slow(booking.check_slot)):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        return sorted(results)

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
