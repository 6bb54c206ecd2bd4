"""Booking or moving to a time the clocks skip is refused rather than stored an hour later, in
one visit or a week of a series."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from taut.scheduling import booking
from taut.scheduling.booking import SKIPPED_WEEK, SeriesClash
from taut.scheduling.forms import SKIPPED, WhenForm
from taut.scheduling.models import Appointment
from tests.base import ClinicTestCase
from tests.scheduling.factories import make_type

NEW_YORK = "America/New_York"
FORWARD = date(2027, 3, 14)  # 02:00 EST becomes 03:00 EDT
BACK = date(2027, 11, 7)  # 02:00 EDT becomes 01:00 EST
SOON = datetime(2027, 1, 1, tzinfo=UTC)  # "now" for bookings in 2027, whenever the tests run


@override_settings(TIME_ZONE=NEW_YORK)
class SkippedHourTests(ClinicTestCase):
    def form(self, day, at):
        data = {"clinician": self.alice.pk, "date": day.isoformat(), "time": at}
        with timezone.override(ZoneInfo(NEW_YORK)):
            form = WhenForm(data, clinic=self.clinic)
            form.is_valid()
        return form

    def test_a_time_in_the_skipped_hour_is_refused(self):
        form = self.form(FORWARD, "02:30")
        self.assertEqual(form.errors["time"], [SKIPPED])

    def test_the_times_around_it_are_kept_as_written(self):
        for at in ("01:45", "03:00", "09:15"):
            form = self.form(FORWARD, at)
            self.assertTrue(form.is_valid(), form.errors)
            local = timezone.localtime(form.cleaned_data["starts_at"], ZoneInfo(NEW_YORK))
            self.assertEqual(local.time(), time.fromisoformat(at))


@override_settings(TIME_ZONE=NEW_YORK)
class WeeklySeriesTests(ClinicTestCase):
    """A weekly series keeps its wall-clock time; a week the clocks skip is not booked late."""

    def series(self, first: datetime, weeks: int):
        with timezone.override(ZoneInfo(NEW_YORK)):
            return booking.book_series(
                self.clinic, patient=self.patient, clinician=self.alice, by=self.bob,
                type=make_type(self.clinic), starts=booking.weekly(first, weeks), now=SOON,
            )  # fmt: skip

    def test_a_week_in_the_skipped_hour_is_reported_and_nothing_is_booked(self):
        first = datetime(2027, 3, 7, 2, 30, tzinfo=ZoneInfo(NEW_YORK))  # a week before FORWARD
        with pytest.raises(SeriesClash) as refused:
            self.series(first, weeks=3)
        assert refused.value.clashes == [f"Sun 14 Mar 02:30: {SKIPPED_WEEK}"]
        assert not Appointment.objects.exists()

    def test_a_series_across_the_change_keeps_its_wall_clock_time(self):
        first = datetime(2027, 3, 7, 9, 15, tzinfo=ZoneInfo(NEW_YORK))
        booked = self.series(first, weeks=3)
        local = [timezone.localtime(a.starts_at, ZoneInfo(NEW_YORK)) for a in booked]
        assert [(a.day, a.hour, a.minute) for a in local] == [(7, 9, 15), (14, 9, 15), (21, 9, 15)]
        assert local[0].utcoffset() != local[1].utcoffset()  # it did cross the change


@override_settings(TIME_ZONE=NEW_YORK)
class LengthAcrossTheChangeTests(ClinicTestCase):
    def test_a_visit_in_the_repeated_hour_lasts_its_real_minutes(self):
        data = {"clinician": self.alice.pk, "date": BACK.isoformat(), "time": "01:30"}
        with timezone.override(ZoneInfo(NEW_YORK)):
            form = WhenForm(data, clinic=self.clinic)
            assert form.is_valid(), form.errors
            visit = booking.book(
                self.clinic, patient=self.patient, clinician=self.alice, by=self.bob,
                type=make_type(self.clinic, minutes=45), starts_at=form.cleaned_data["starts_at"],
                now=SOON,
            )  # fmt: skip
        visit.refresh_from_db()
        assert visit.ends_at - visit.starts_at == timedelta(minutes=45)
