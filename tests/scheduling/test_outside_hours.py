"""A visit outside the clinician's working hours (their hours within the clinic's opening
hours, as the calendar shades them) is booked or moved only once the box to book it anyway is
ticked; a clinic that has entered no hours is never asked."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from taut.scheduling import availability, slots
from taut.scheduling.models import Appointment, WorkingHours
from tests.scheduling.factories import make_appointment
from tests.scheduling.test_views import ScheduleTestCase

MONDAY, SUNDAY = 0, 6


def next_weekday(weekday: int) -> datetime:
    """Midnight (local) of the next `weekday` at least two days away."""
    day = timezone.localdate() + timedelta(days=2)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(0)))


def local(day: datetime, hh: int, mm: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day.date(), time(hh, mm)))


class WithinTests(ScheduleTestCase):
    """`slots.within`: the pure rule."""

    opening = {MONDAY: [(time(8), time(18))]}
    own = {MONDAY: [(time(8), time(12)), (time(13), time(17))]}

    def test_a_visit_inside_one_span(self):
        monday = next_weekday(MONDAY)
        assert slots.within(local(monday, 8), local(monday, 8, 45), self.opening, self.own)
        assert slots.within(local(monday, 16, 15), local(monday, 17), self.opening, self.own)
        assert slots.within(local(monday, 17), local(monday, 17, 45), self.opening, None)

    def test_a_visit_across_a_break_or_an_edge_or_midnight(self):
        monday = next_weekday(MONDAY)
        cases = [(local(monday, 11, 30), local(monday, 12, 15)),  # into lunch
                 (local(monday, 7, 45), local(monday, 8, 30)),  # before opening
                 (local(monday, 16, 30), local(monday, 17, 15)),  # after her hours
                 (local(monday, 23, 30), local(monday, 23, 30) + timedelta(hours=1))]  # fmt: skip
        for start, end in cases:
            assert not slots.within(start, end, self.opening, self.own), start
        sunday = next_weekday(SUNDAY)
        assert not slots.within(local(sunday, 9), local(sunday, 10), self.opening, None)


class OutsideHoursTests(ScheduleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for weekday in range(6):  # the clinic: Monday to Saturday, 08:00 to 18:00
            WorkingHours.objects.create(clinic=cls.clinic, weekday=weekday, starts=time(8),
                                        ends=time(18))  # fmt: skip
        for weekday in range(5):  # Alice: weekdays, with an hour for lunch
            for starts, ends in ((time(8), time(12)), (time(13), time(17))):
                WorkingHours.objects.create(clinic=cls.clinic, clinician=cls.alice,
                                            weekday=weekday, starts=starts, ends=ends)  # fmt: skip

    def book(self, day: datetime, hour: str, **extra):
        self.login(self.bob)
        data = self.book_data(**extra) | {"date": day.date().isoformat(), "time": hour}
        return self.client.post("/schedule/book/", data)

    def test_the_reason_names_the_hours_of_that_day(self):
        monday, sunday = next_weekday(MONDAY), next_weekday(SUNDAY)
        assert availability.outside_hours(self.clinic, self.alice, local(monday, 9),
                                          local(monday, 9, 45)) == ""  # fmt: skip
        assert (
            availability.outside_hours(
                self.clinic, self.alice, local(monday, 19), local(monday, 19, 45)
            )
            == "This visit is outside Alice's working hours: on Mondays, "
            "08:00–12:00 and 13:00–17:00."
        )
        assert (
            availability.outside_hours(
                self.clinic, self.alice, local(sunday, 10), local(sunday, 10, 45)
            )
            == "Alice does not work on Sundays."
        )

    def test_a_booking_outside_hours_asks_first_then_books_when_ticked(self):
        monday = next_weekday(MONDAY)
        asked = self.book(monday, "02:30", notes="evening pain")
        assert asked.status_code == 200 and not Appointment.objects.exists()
        body = asked.content.decode()
        assert (
            "outside Alice&#x27;s working hours: on Mondays, 08:00–12:00 and 13:00–17:00." in body
        )
        assert 'type="checkbox" name="outside_hours"' in body
        assert "evening pain" in body  # the input is kept
        booked = self.book(monday, "02:30", notes="evening pain", outside_hours="on")
        assert booked.status_code == 302
        assert Appointment.objects.get().starts_at == local(monday, 2, 30)

    def test_a_visit_running_into_lunch_is_asked_about(self):
        asked = self.book(next_weekday(MONDAY), "11:30")  # 45 minutes: until 12:15
        assert asked.status_code == 200 and not Appointment.objects.exists()

    def test_within_hours_there_is_no_box(self):
        monday = next_weekday(MONDAY)
        page = self.client.get(f"/schedule/book/?patient={self.patient.uuid}")
        assert 'name="outside_hours"' not in page.content.decode().replace('type="hidden"', "")
        assert self.book(monday, "13:00").status_code == 302

    def test_a_weekly_series_is_asked_about_once(self):
        sunday = next_weekday(SUNDAY)
        asked = self.book(sunday, "10:00", weeks=3)
        self.assertContains(asked, "Alice does not work on Sundays.")
        assert self.book(sunday, "10:00", weeks=3, outside_hours="on").status_code == 302
        assert Appointment.objects.count() == 3

    def test_moving_outside_hours_asks_first(self):
        monday = next_weekday(MONDAY)
        appointment = make_appointment(self.patient, self.alice, self.treatment, local(monday, 9))
        url = f"/schedule/appointments/{appointment.pk}/move/"
        self.login(self.bob)
        data = {"clinician": self.alice.pk, "date": monday.date().isoformat(), "time": "17:30",
                "version": appointment.version}  # fmt: skip
        asked = self.client.post(url, data)
        self.assertContains(asked, "outside Alice&#x27;s working hours")
        assert Appointment.objects.get().starts_at == local(monday, 9)
        longer = self.client.post(url, data | {"time": "09:00", "minutes": 240})  # into lunch
        self.assertContains(longer, "outside Alice&#x27;s working hours")
        assert self.client.post(url, data | {"outside_hours": "on"}).status_code == 302
        assert Appointment.objects.get().starts_at == local(monday, 17, 30)

    def test_a_clinic_without_hours_is_never_asked(self):
        WorkingHours.objects.all().delete()
        assert self.book(next_weekday(SUNDAY), "02:30").status_code == 302
