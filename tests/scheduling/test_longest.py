"""The longest visit (taut.scheduling.models.LONGEST): the database refuses a longer
appointment, the booking rules refuse one with a message, and `overlapping`, which relies on
the bound to read only the range, finds exactly the appointments that overlap it."""

import itertools
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from taut.durations import SecondsBetween
from taut.scheduling import booking
from taut.scheduling.booking import BookingError
from taut.scheduling.models import LONGEST, LONGEST_MINUTES, Appointment, Status
from tests.base import ClinicTestCase
from tests.scheduling.factories import at, make_appointment, make_type


class LongestTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.type = make_type(cls.clinic, "Treatment", 45)

    def book(self, starts_at, minutes=None, clinician=None, patient=None):
        appointment = make_appointment(
            patient or self.patient, clinician or self.alice, self.type, starts_at
        )
        if minutes is not None:  # written past the booking rules, as a bulk import could
            Appointment.objects.filter(pk=appointment.pk).update(
                ends_at=starts_at + timedelta(minutes=minutes)
            )
        return appointment

    def test_the_database_takes_the_longest_visit_and_refuses_a_minute_more(self):
        start = at(2, 8)
        appointment = self.book(start, minutes=LONGEST_MINUTES)
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment.objects.filter(pk=appointment.pk).update(
                ends_at=start + LONGEST + timedelta(minutes=1)
            )
        appointment.refresh_from_db()
        assert appointment.ends_at - appointment.starts_at == LONGEST

    def test_seconds_between_is_the_length_in_seconds(self):
        self.book(at(2, 9))
        lengths = Appointment.objects.annotate(
            length=SecondsBetween(F("starts_at"), F("ends_at"))
        ).values_list("length", flat=True)
        assert [int(length) for length in lengths] == [45 * 60]

    def test_booking_refuses_a_longer_move_with_a_message(self):
        appointment = self.book(at(2, 9))
        with pytest.raises(BookingError, match="at most 8 hours"):
            booking.move(
                appointment, starts_at=at(3, 8), minutes=LONGEST_MINUTES + 15, by=self.alice
            )
        appointment.refresh_from_db()
        assert appointment.starts_at == at(2, 9)
        moved = booking.move(
            appointment, starts_at=at(3, 8), minutes=LONGEST_MINUTES, by=self.alice
        )
        assert moved.ends_at - moved.starts_at == LONGEST

    def test_overlapping_finds_what_overlaps_and_nothing_else(self):
        """Visits of every length up to the longest, starting from well before a range to
        after it, against the plain overlap condition without the lower bound."""
        lengths = [5, 45, 240, LONGEST_MINUTES - 1, LONGEST_MINUTES]
        base = at(2, 0)
        placed = itertools.product(lengths, range(-600, 720, 55))
        for n, (length, offset) in enumerate(placed):  # two days apart: none overlap
            self.book(base + timedelta(days=2 * n, minutes=offset), minutes=length)
        first = Appointment.objects.order_by("starts_at")[:3].values("pk")
        Appointment.objects.filter(pk__in=first).update(status=Status.CANCELLED)
        for day, shift, hours in itertools.product(range(0, 240, 9), (-720, -30, 180), (1, 10, 72)):
            start = base + timedelta(days=day, minutes=shift)
            end = start + timedelta(hours=hours)
            found = set(Appointment.objects.overlapping(start, end).values_list("pk", flat=True))
            plain = Appointment.objects.live().filter(starts_at__lt=end, ends_at__gt=start)
            assert found == set(plain.values_list("pk", flat=True))
        # not vacuous: a range starting just before the longest visits' end finds them
        longest = Appointment.objects.annotate(
            length=SecondsBetween(F("starts_at"), F("ends_at"))
        ).filter(length=LONGEST_MINUTES * 60)
        for visit in longest:
            start = visit.ends_at - timedelta(minutes=1)
            assert visit in Appointment.objects.overlapping(start, start + timedelta(hours=1))
