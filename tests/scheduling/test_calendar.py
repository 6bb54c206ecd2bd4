"""The calendar page: clinicians side by side on a time grid, with free slots to click."""

from datetime import time

from taut.audit.models import AuditEntry
from taut.clinics.roles import Role
from taut.scheduling.models import WorkingHours
from tests.factories import make_patient, make_user
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_views import ScheduleTestCase


def open_weekdays(clinic, clinician=None, spans=((time(9), time(12)), (time(13), time(17)))):
    for weekday in range(7):
        for starts, ends in spans:
            WorkingHours.objects.create(
                clinic=clinic, clinician=clinician, weekday=weekday, starts=starts, ends=ends
            )


class CalendarTests(ScheduleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dave = make_user("dave", (cls.clinic, Role.CLINICIAN))
        open_weekdays(cls.clinic)

    def day(self, days=2, **params):
        return self.client.get(
            "/schedule/", {"date": at(days, 0).date().isoformat(), "view": "day", **params}
        )

    def test_every_clinician_stands_side_by_side_on_the_day(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        make_appointment(self.ada, self.dave, self.treatment, at(2, 10))
        self.login(self.bob)
        response = self.day()
        columns = response.context["grid"].columns
        assert [c.clinician.pk for c in columns] == [self.alice.pk, self.dave.pk]
        body = response.content.decode()
        assert "Grace Hopper" in body and "Ada Lovelace" in body

    def test_a_free_slot_links_to_the_booking_form_prefilled(self):
        self.login(self.bob)
        body = self.day().content.decode()
        day = at(2, 0).date().isoformat()
        assert f"/schedule/book/?clinician={self.alice.pk}&amp;date={day}&amp;time=09:00" in body

    def test_lunch_and_booked_time_are_not_bookable(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        self.login(self.bob)
        alice = self.day().context["grid"].columns[0]
        states = {f"{c.start:%H:%M}": c.state for c in alice.cells}
        assert states["09:00"] == states["09:30"] == "busy"  # 45 minutes from 09:00
        assert states["09:45"] == "free"
        assert states["12:00"] == states["12:45"] == "closed"
        assert states["13:00"] == "free"

    def test_a_clinicians_own_hours_shade_the_rest_closed(self):
        WorkingHours.objects.create(
            clinic=self.clinic, clinician=self.dave, weekday=at(2, 0).weekday(),
            starts=time(14), ends=time(16),
        )  # fmt: skip
        self.login(self.bob)
        dave = self.day().context["grid"].columns[1]
        states = {f"{c.start:%H:%M}": c.state for c in dave.cells}
        assert states["10:00"] == "closed" and states["14:00"] == "free"

    def test_one_clinicians_week(self):
        self.login(self.alice)
        response = self.client.get(
            "/schedule/", {"clinician": self.alice.pk, "date": "2030-01-02", "view": "week"}
        )
        grid = response.context["grid"]
        assert len(grid.columns) == 7 and grid.days[0].isoformat() == "2029-12-31"

    def test_time_booked_at_another_clinic_shows_busy_without_the_patient(self):
        both = make_user("erin", (self.clinic, Role.CLINICIAN), (self.other_clinic, Role.CLINICIAN))
        elsewhere = make_patient(self.other_clinic, "Secret", "Person")
        make_appointment(elsewhere, both, self.make_other_type(), at(2, 10))
        self.login(self.bob)
        body = self.day(clinician=both.pk).content.decode()
        assert "Busy at another clinic" in body and "Secret" not in body

    def make_other_type(self):
        from tests.scheduling.factories import make_type

        return make_type(self.other_clinic, "Treatment", 30)

    def test_the_calendar_is_audited(self):
        self.login(self.bob)
        self.day()
        entry = AuditEntry.objects.get(action="list", detail__has_key="calendar")
        assert entry.detail["calendar"] == [self.alice.pk, self.dave.pk]

    def test_nonsense_parameters_fall_back_to_the_defaults(self):
        self.login(self.alice)
        response = self.client.get("/schedule/", {"clinician": "x", "date": "soon", "view": "year"})
        assert response.status_code == 200 and response.context["view"] == "day"

    def test_a_day_at_the_ends_of_the_calendar_falls_back_to_today_not_a_500(self):
        self.login(self.alice)
        for day in ("9999-12-31", "0001-01-01", "0001-01-03"):
            for view in ("week", "day"):
                response = self.client.get("/schedule/", {"date": day, "view": view})
                assert response.status_code == 200, (day, view)
                assert response.context["span"].first.year < 2101


class NoHoursTests(ScheduleTestCase):
    def test_a_clinic_without_opening_hours_is_shown_open_and_told_so(self):
        self.login(self.bob)
        response = self.client.get("/schedule/", {"date": at(2, 0).date().isoformat()})
        assert "opening hours are not set" in response.content.decode()
        cells = response.context["grid"].columns[0].cells
        assert {c.state for c in cells} == {"free"}
