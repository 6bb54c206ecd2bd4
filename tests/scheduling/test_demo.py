"""The demo clinic's scheduling: types, a week of visits, a published page, waiting requests."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from taut.clinics.models import Clinic
from taut.patients.models import Patient
from taut.scheduling.models import Appointment, AppointmentRequest, AppointmentType, OnlineSlot


class DemoTests(TestCase):
    def build(self):
        call_command("demo", stdout=StringIO())

    def test_the_demo_has_a_bookable_week_and_a_published_page(self):
        self.build()
        clinic = Clinic.objects.get(slug="demo")
        assert clinic.is_published and clinic.hours
        assert AppointmentType.objects.filter(clinic=clinic).count() == 3
        upcoming = Appointment.objects.filter(clinic=clinic, starts_at__gt=timezone.now())
        assert upcoming.count() >= 10
        portal_patient = Patient.objects.get(portal_user__username="patient")
        assert upcoming.filter(patient=portal_patient).count() >= 2
        assert AppointmentRequest.objects.filter(clinic=clinic, status="new").count() == 2
        assert self.client.get("/c/demo/").status_code == 200
        # times the demo patient can book on the portal, and do: none clashes with the week
        from taut.scheduling import online

        assert len(online.open_slots(clinic)) == 4

    def test_building_twice_adds_nothing(self):
        self.build()
        counts = (Appointment.objects.count(), AppointmentRequest.objects.count(),
                  OnlineSlot.objects.count())  # fmt: skip
        self.build()
        assert counts == (Appointment.objects.count(), AppointmentRequest.objects.count(),
                          OnlineSlot.objects.count())  # fmt: skip


def test_demo_visits_fall_on_weekdays_as_the_demo_hours_say():
    from datetime import date

    from taut.scheduling.demo import working_day

    friday = date(2026, 11, 27)
    assert [working_day(friday, n).isoformat() for n in (1, 2, 5, 6)] == [
        "2026-11-30", "2026-12-01", "2026-12-04", "2026-12-07",
    ]  # fmt: skip
    saturday = date(2026, 11, 28)
    assert working_day(saturday, 1) == date(2026, 11, 30)
