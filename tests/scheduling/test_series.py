"""Recurring appointments: weekly for N weeks, all or none, the weeks taken from the plan."""

from taut.scheduling import booking
from taut.scheduling.booking import SeriesClash
from taut.scheduling.models import Appointment
from tests.api.base import make_plan
from tests.exams.factories import make_episode
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_views import ScheduleTestCase


class SeriesTests(ScheduleTestCase):
    def book(self, weeks, hour=9, patient=None):
        return booking.book_series(
            self.clinic, patient=patient or self.patient, clinician=self.alice,
            type=self.treatment, starts=booking.weekly(at(1, hour), weeks), by=self.bob,
        )  # fmt: skip

    def test_it_books_the_same_time_each_week_as_one_series(self):
        booked = self.book(4)
        assert [a.starts_at for a in booked] == [at(1 + 7 * n, 9) for n in range(4)]
        assert len({a.series for a in booked}) == 1 and booked[0].series is not None

    def test_one_clash_books_none_and_every_clash_is_reported(self):
        make_appointment(self.ada, self.alice, self.treatment, at(8, 9, 30))
        make_appointment(self.ada, self.alice, self.treatment, at(22, 8, 30))
        with self.assertRaises(SeriesClash) as refused:
            self.book(4)
        assert len(refused.exception.clashes) == 2
        assert "Alice is already booked" in refused.exception.clashes[0]
        assert Appointment.objects.filter(patient=self.patient).count() == 0

    def test_the_booking_form_books_a_series_and_reports_clashes_on_the_form(self):
        make_appointment(self.ada, self.alice, self.treatment, at(15, 10))
        self.login(self.bob)
        data = self.book_data(hour="10:00", weeks="3")
        response = self.client.post("/schedule/book/", data)
        assert response.status_code == 200
        errors = response.context["form"].non_field_errors()
        assert "1 of the weekly visits clash" in errors[0] and len(errors) == 2
        assert not Appointment.objects.filter(patient=self.patient).exists()
        data = self.book_data(hour="11:00", weeks="3")
        self.assertEqual(self.client.post("/schedule/book/", data).status_code, 302)
        assert Appointment.objects.filter(patient=self.patient).count() == 3

    def test_the_weeks_default_from_the_accepted_plan(self):
        episode = make_episode(self.patient, self.alice)
        make_plan(episode, self.alice)  # six visits, two a week
        self.login(self.bob)
        form = self.client.get("/schedule/book/", {"patient": self.patient.uuid}).context["form"]
        assert form.initial["weeks"] == 3
        assert "6 visits, 2 a week" in form.fields["weeks"].help_text

    def test_the_appointment_page_lists_its_series(self):
        first = self.book(3)[0]
        self.login(self.bob)
        response = self.client.get(f"/schedule/appointments/{first.pk}/")
        assert len(response.context["series"]) == 3

    def test_too_many_weeks_is_a_form_error(self):
        self.login(self.bob)
        response = self.client.post("/schedule/book/", self.book_data(weeks="99"))
        assert response.status_code == 200 and "weeks" in response.context["form"].errors
