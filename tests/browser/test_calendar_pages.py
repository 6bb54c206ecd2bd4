"""The other pages of the front desk's day, looked at on a desktop and a tablet: a request
becoming a patient, the waitlist offered a cancelled time, the hours and the calendar feed."""

from datetime import time

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from taut.patients.models import Patient
from taut.scheduling import booking
from taut.scheduling.models import Appointment, WaitlistEntry, WorkingHours
from tests.browser.conftest import screenshot_both
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_request, make_type


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    dana = make_user("dana", (clinic, Role.FRONT_DESK))
    make_user("carol", (clinic, Role.ADMIN))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    for weekday in range(5):
        WorkingHours.objects.create(clinic=clinic, weekday=weekday, starts=time(8), ends=time(18))
    WorkingHours.objects.create(
        clinic=clinic, clinician=robin, weekday=0, starts=time(9), ends=time(13)
    )
    treatment = make_type(clinic, "Treatment", 45)
    grace = make_patient(clinic, "Grace", "Hopper", phone="+12025550111")
    alan = make_patient(clinic, "Alan", "Turing", phone="+12025550112")
    monday = 7 - timezone.localdate().weekday()  # days to next Monday, when Robin works
    visit = make_appointment(grace, robin, treatment, at(monday, 10))
    booking.cancel(visit, by=dana, reason="Patient unwell")
    WaitlistEntry.objects.create(
        clinic=clinic, patient=alan, type=treatment, earliest=at(1, 0).date(), created_by=dana,
        notes="Mornings suit best",
    )  # fmt: skip
    make_request(clinic, "Jordan Ellery", email="jordan@example.org", message="Stiff neck.")
    return clinic


def test_a_request_becomes_a_patient_and_comes_back_to_be_booked(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/requests/")
    page.get_by_role("link", name="Handle").click()
    page.get_by_role("link", name="Add the patient").click()
    assert page.get_by_label("Given name").input_value() == "Jordan"
    assert page.get_by_label("Family name").input_value() == "Ellery"
    assert page.get_by_label("E-mail").input_value() == "jordan@example.org"
    screenshot_both(page, "request_new_patient")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_role("button", name="Add patient").click()
    page.get_by_role("link", name="Book for Jordan Ellery").wait_for()
    assert Patient.objects.get(family_name="Ellery").phone == "+12025550142"
    screenshot_both(page, "request_patient_added")


def test_a_cancelled_time_is_offered_to_the_waitlist(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/waitlist/")
    page.get_by_text("Mornings suit best").wait_for()
    screenshot_both(page, "waitlist")
    cancelled = Appointment.objects.get()
    page.goto(f"{live_server.url}/schedule/appointments/{cancelled.pk}/")
    page.get_by_role("heading", name="Offer this time to the waitlist").wait_for()
    screenshot_both(page, "cancelled_offers_waitlist")
    page.get_by_role("link", name="Book Alan Turing at this time").click()
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Treatment with Robin").wait_for()
    assert WaitlistEntry.objects.get().closed_at is not None


def test_hours_and_feed_pages(page, live_server, clinic):
    log_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/schedule/hours/")
    page.get_by_role("heading", name="Opening hours").wait_for()
    screenshot_both(page, "opening_hours")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/schedule/feeds/")
    page.get_by_role("button", name="Make a feed address").click()
    page.get_by_label("Your feed address").wait_for()
    screenshot_both(page, "calendar_feed")
    url = page.get_by_label("Your feed address").input_value()
    assert url.endswith(".ics")
