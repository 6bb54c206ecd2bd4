"""The free-slot search page, the hours pages, and moving from the grid (length, return)."""

from datetime import time

from taut.scheduling.models import Appointment, WorkingHours
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_calendar import open_weekdays
from tests.scheduling.test_views import ScheduleTestCase


class FreeSlotPageTests(ScheduleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_weekdays(cls.clinic)

    def test_it_lists_the_next_free_slots_with_booking_links(self):
        day = at(2, 0).date()
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        self.login(self.bob)
        response = self.client.get(
            "/schedule/free/", {"type": self.treatment.pk, "date": day.isoformat(), "count": 3}
        )
        found = response.context["found"]
        assert [f"{s.start:%H:%M}" for s in found] == ["09:45", "10:00", "10:15"]
        assert found[0].start.date() == day and found[0].clinician == self.alice
        assert f"time=09:45&amp;type={self.treatment.pk}" in response.content.decode()

    def test_a_bad_count_is_a_form_error_not_a_500(self):
        self.login(self.bob)
        response = self.client.get("/schedule/free/", {"type": self.treatment.pk, "count": "x"})
        assert response.status_code == 200 and response.context["found"] is None

    def test_another_clinics_type_is_refused(self):
        from tests.scheduling.factories import make_type

        theirs = make_type(self.other_clinic, "Theirs", 30)
        self.login(self.bob)
        response = self.client.get("/schedule/free/", {"type": theirs.pk})
        assert response.context["found"] is None

    def test_the_outsider_sees_only_their_own_clinicians(self):
        self.login(self.charlie)
        response = self.client.get("/schedule/free/", {"clinician": self.alice.pk})
        assert response.context["found"] is None


class HoursPageTests(ScheduleTestCase):
    def test_an_admin_adds_and_removes_opening_hours(self):
        self.login(self.carol)
        data = {"weekday": 0, "starts": "09:00", "ends": "12:00"}
        self.assertRedirects(self.client.post("/schedule/hours/", data), "/schedule/hours/")
        span = WorkingHours.objects.get(clinic=self.clinic, clinician=None)
        assert (span.starts, span.ends) == (time(9), time(12))
        self.client.post(f"/schedule/hours/spans/{span.pk}/remove/")
        assert not WorkingHours.objects.exists()

    def test_an_end_before_the_start_is_a_form_error(self):
        self.login(self.carol)
        data = {"weekday": 0, "starts": "12:00", "ends": "09:00"}
        assert self.client.post("/schedule/hours/", data).status_code == 200
        assert not WorkingHours.objects.exists()

    def test_a_clinician_sets_their_own_hours_but_not_the_clinics(self):
        self.login(self.alice)
        data = {"weekday": 1, "starts": "08:00", "ends": "16:00"}
        self.client.post(f"/schedule/hours/{self.alice.pk}/", data)
        assert WorkingHours.objects.get().clinician == self.alice
        assert self.client.get("/schedule/hours/").status_code == 403

    def test_the_front_desk_cannot_change_a_clinicians_hours(self):
        self.login(self.bob)
        assert self.client.get(f"/schedule/hours/{self.alice.pk}/").status_code == 403

    def test_the_outsider_gets_404(self):
        span = WorkingHours.objects.create(
            clinic=self.clinic, weekday=0, starts=time(9), ends=time(17)
        )
        self.login(self.charlie)
        assert self.client.get(f"/schedule/hours/{self.alice.pk}/").status_code == 404
        assert self.client.post(f"/schedule/hours/spans/{span.pk}/remove/").status_code == 404
        assert WorkingHours.objects.filter(pk=span.pk).exists()


class MoveFromTheGridTests(ScheduleTestCase):
    def setUp(self):
        self.appointment = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        self.url = f"/schedule/appointments/{self.appointment.pk}/move/"
        self.login(self.bob)

    def post(self, **extra):
        day = at(2, 0).date().isoformat()
        return self.client.post(
            self.url,
            {"clinician": self.alice.pk, "date": day, "time": "09:00",
             "version": self.appointment.version, **extra},
        )  # fmt: skip

    def test_a_new_length_resizes_the_visit(self):
        self.post(minutes=60)
        self.appointment.refresh_from_db()
        assert self.appointment.minutes == 60 and self.appointment.starts_at == at(2, 9)

    def test_it_returns_to_the_calendar_it_came_from(self):
        back = "/schedule/?view=day&date=2030-01-01"
        response = self.post(time="11:00", next=back)
        self.assertRedirects(response, back, fetch_redirect_response=False)

    def test_a_return_address_elsewhere_is_ignored(self):
        response = self.post(time="11:00", next="https://evil.example/")
        assert response["Location"] == f"/schedule/appointments/{self.appointment.pk}/"

    def test_a_longer_visit_that_would_overlap_is_refused(self):
        make_appointment(self.ada, self.alice, self.treatment, at(2, 10))
        response = self.post(minutes=90)
        assert response.status_code == 200 and "already booked" in response.content.decode()
        assert Appointment.objects.get(pk=self.appointment.pk).minutes == 45

    def test_a_resize_from_a_stale_grid_is_refused(self):
        self.post(time="11:00")  # someone else moved it since the grid was drawn
        response = self.post(minutes=60, version=1)
        assert response.status_code == 409
        moved = Appointment.objects.get(pk=self.appointment.pk)
        assert moved.minutes == 45 and moved.starts_at == at(2, 11)
