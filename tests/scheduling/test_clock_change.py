"""Booking or moving to a time the clocks skip is refused rather than stored an hour later."""

from datetime import date, time
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.utils import timezone

from taut.scheduling.forms import SKIPPED, WhenForm
from tests.base import ClinicTestCase

NEW_YORK = "America/New_York"
FORWARD = date(2027, 3, 14)  # 02:00 EST becomes 03:00 EDT


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
